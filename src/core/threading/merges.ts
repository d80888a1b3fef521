import type { CandidateIndex } from './candidate-index.js';
import type { MergeEntry } from './log-entries.js';
import type { ThreadingOptions } from './options.js';
import { COSINE_CEILING, timeFactor } from './assignment.js';
import { addCentroid, cosineWithThread, weigh, type ThreadState } from './thread-state.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Merges: two threads can form for one story before its vocabulary settles (the first headlines
 * of a burst worded differently). At each merge point (every `mergeEvery` articles of the stream,
 * so batch sizes and restarts do not move them), each thread touched since the last point is
 * compared with its candidates; a pair merges when the centroids reach the merge threshold *and*
 * their activity overlaps (the gap between them decays with `mergeHalfLifeMs`).
 *
 * Merges cannot cascade into topic blobs: a thread takes part in at most one merge per pass, and
 * the pair's similarity is measured between whole centroids, so a large thread absorbs a fragment
 * only when the fragment is about what the large thread is mostly about — a word shared by the two
 * counts with its weight in each centroid, diluted by everything else in them.
 */

/**
 * Whether `a` absorbs `b` in a merge. The thread public longest survives: its slug is the one
 * readers know (the other's becomes an alias) and its id carries the rank history and
 * subscriptions. Between threads not yet public, the larger one survives, then the older, then
 * the smaller id (so the choice never depends on which of the two was looked at first).
 */
export function survivesMerge(a: ThreadState, b: ThreadState): boolean {
  if (a.publicSince !== b.publicSince) {
    if (a.publicSince === 0) return false;
    if (b.publicSince === 0) return true;
    return a.publicSince < b.publicSince;
  }
  if (a.count !== b.count) return a.count > b.count;
  if (a.firstSeen !== b.firstSeen) return a.firstSeen < b.firstSeen;
  return a.id < b.id;
}

/**
 * Gap between two threads' core activity: between their core spans (0 when they overlap), and at
 * least the gap between their recent cores. The second term is what keeps merges from chaining
 * bursts: a thread that took one article across a day-long gap spans both days, but its recent
 * core is still where most of its articles are, so it does not look simultaneous with a burst on
 * the other day. Strays extend neither.
 */
function activityGap(a: ThreadState, b: ThreadState): number {
  const spans = Math.max(0, Math.max(a.coreFirst, b.coreFirst) - Math.min(a.coreLast, b.coreLast));
  return Math.max(spans, Math.abs(a.recentTime - b.recentTime));
}

/**
 * How current two threads are to each other: a fragment joining a thread must meet the standard an
 * article does, by both threads' tempo (the stricter of the two pulls across the gap between their
 * core activity) and within the merge half-life.
 */
function mergeTimeFactor(a: ThreadState, b: ThreadState, options: ThreadingOptions): number {
  const gap = activityGap(a, b);
  if (gap === 0) return 1;
  const aPull = timeFactor(a.coreLast + gap, a, options);
  const bPull = timeFactor(b.coreLast + gap, b, options);
  return Math.min(aPull, bPull, Math.pow(0.5, gap / options.mergeHalfLifeMs));
}

/**
 * Both threads' core articles all carry one and the same publish time: a stream without times
 * (a title collection, a dateless feed stamped at fetch) or day-level dates. Time then says nothing
 * about the pair being one burst, so it cannot keep the merge conservative, and the pair must show
 * the evidence of more than one shared word instead (the stray score, twice the merge threshold).
 * On short titles at one instant (`eval-threads --short-titles`) this lifted BASIL from B-cubed F1
 * 0.629 to 0.711 (NMI 0.851 → 0.896) and left UCI at 0.766 (0.767); dated streams are unchanged
 * but BASIL, whose dates are days (0.978 → 0.976).
 */
function atOneInstant(a: ThreadState, b: ThreadState): boolean {
  return a.coreFirst === a.coreLast && b.coreFirst === b.coreLast && a.coreFirst === b.coreFirst;
}

/** Merges proposed for `touched` threads (in touch order); a thread is in at most one. */
export function planMerges(touched: Iterable<ThreadState>, index: CandidateIndex, vocabulary: Vocabulary, options: ThreadingOptions): MergeEntry[] {
  const plans: MergeEntry[] = [];
  const involved = new Set<string>();
  for (const thread of touched) {
    if (involved.has(thread.id)) continue;
    const vector = weigh(thread.centroid, vocabulary);
    for (const other of index.candidates(vector, thread.id)) {
      if (involved.has(other.id)) continue;
      const needed = atOneInstant(thread, other) ? options.strayScore : options.mergeThreshold;
      // A cosine is at most 1: a pair whose time factor is below the threshold cannot merge, and its cosine is not computed.
      const time = mergeTimeFactor(thread, other, options);
      if (time * COSINE_CEILING < needed) continue;
      const score = cosineWithThread(vector, other, vocabulary) * time;
      if (score < needed) continue;
      const [into, from] = survivesMerge(other, thread) ? [other, thread] : [thread, other];
      plans.push({ kind: 'merge', from: from.id, into: into.id });
      involved.add(from.id).add(into.id);
      break;
    }
  }
  return plans;
}

/** Folds `from` into `into` (the caller re-ranks `into` and drops `from` from the index). */
export function absorb(into: ThreadState, from: ThreadState, publicMinOutlets: number): void {
  addCentroid(into, from.centroid);
  for (const name of from.names) into.names.add(name);
  for (const outlet of from.outlets) if (into.outlets.size < publicMinOutlets) into.outlets.add(outlet);
  into.slugIssued ||= from.slugIssued;
  if (from.publicSince > 0 && (into.publicSince === 0 || from.publicSince < into.publicSince)) into.publicSince = from.publicSince;
  into.count += from.count;
  into.coreCount += from.coreCount;
  into.coreFirst = Math.min(into.coreFirst, from.coreFirst);
  into.coreLast = Math.max(into.coreLast, from.coreLast);
  // The merged thread's recent core is the more recent of the two (merges join near-simultaneous fragments).
  into.recentTime = Math.max(into.recentTime, from.recentTime);
  into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
  into.lastUpdated = Math.max(into.lastUpdated, from.lastUpdated);
  into.headlines.push(...from.headlines);
}
