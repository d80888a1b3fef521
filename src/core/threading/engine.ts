import { createHash } from 'node:crypto';
import { extractFeatures, MAX_DF_FEATURES, observeCase, type ArticleText, type CaseCounts } from './features.js';
import type { ThreadFacets } from '../thread.js';
import { slugForThread } from './slug.js';
import { PUBLIC_MIN_ARTICLES, PUBLIC_MIN_OUTLETS } from './store-writes.js';

/**
 * Online story threading (single pass, in the tradition of TDT "first story detection"):
 *
 * 1. An article becomes a TF-IDF vector over stemmed words and name phrases (features.ts), with IDF
 *    from document frequencies maintained incrementally as articles arrive.
 * 2. Candidate threads come from an inverted index over each live thread's most salient terms,
 *    holding only recently active threads; each posting list keeps its most recently touched
 *    threads only, so the cost per article is bounded however many threads exist.
 * 3. The article joins the candidate whose centroid is most similar (cosine), discounted by the time
 *    between the article and the thread's activity, if that score clears the join threshold;
 *    otherwise it starts a new thread.
 * 4. After each batch, threads touched by it are compared with their own candidates; pairs whose
 *    centroids have converged are merged (two threads can form for one story before its vocabulary
 *    settles).
 *
 * Every change is expressed as a log entry; live commits and replays of other workers' entries go
 * through the same `commit`, so every process that replays the log holds an equivalent index.
 */

export interface ThreadingOptions {
  /**
   * Cosine (after the time discount) an article needs with a thread centroid to join it. Two
   * headlines about one event typically share their one or two rare names and little else; in the
   * centroid those names carry most of the weight, so even a reworded headline scores well above
   * this, while a headline sharing only one common word ("stocks", "Obama") with a thread, its
   * weight cut by IDF and diluted among the headline's other words, stays below it.
   */
  joinThreshold: number;
  /**
   * Centroid-to-centroid cosine at which two threads count as one story: the same standard an
   * article must meet to join a thread. What keeps merges conservative is time: the two threads'
   * activity must overlap or nearly so (`mergeHalfLifeMs`), i.e. they are fragments of one burst
   * that formed before the story's vocabulary settled.
   */
  mergeThreshold: number;
  /**
   * Time proximity follows each thread's own tempo (the intuition of Hawkes-process clustering):
   * a thread that received an article every few seconds and then fell silent for a day has ended
   * its burst, while one that gets an article a day is still alive after a quiet day. The pull of
   * a thread halves after `tempoHalfLifeGaps` of its expected gaps between articles; the expected
   * gap is the thread's observed mean gap, smoothed towards `priorGapMs` (one news cycle) so a
   * young thread is neither immortal nor forgotten within minutes.
   */
  tempoHalfLifeGaps: number;
  priorGapMs: number;
  /**
   * A story can also resume after its burst (a verdict weeks after the trial). Near-duplicates
   * may still join a quiet thread: its pull never drops below this weight times a slow decay.
   */
  quietThreadWeight: number;
  quietThreadHalfLifeMs: number;
  /** Merges join fragments of one burst: their activity must overlap or nearly so. */
  mergeHalfLifeMs: number;
  /** Threads idle this long (stream time) leave the index and are archived. */
  archiveAfterMs: number;
}

export const DEFAULT_THREADING_OPTIONS: ThreadingOptions = {
  joinThreshold: 0.15,
  mergeThreshold: 0.15,
  tempoHalfLifeGaps: 8,
  priorGapMs: 24 * 3_600_000,
  quietThreadWeight: 0.2,
  quietThreadHalfLifeMs: 7 * 24 * 3_600_000,
  mergeHalfLifeMs: 6 * 3_600_000,
  archiveAfterMs: 14 * 24 * 3_600_000,
};

/** An article's vector keeps its strongest terms only: more adds noise, not discrimination. */
const MAX_DOC_TERMS = 48;
/** Terms used to look up candidate threads (the strongest of the article's terms). */
const QUERY_TERMS = 10;
/** Threads retained per posting list: the most recently updated ones. */
const POSTING_CAP = 64;
/** Candidates scored with the full cosine. */
const MAX_CANDIDATES = 16;
/** Terms a thread is findable by. */
const INDEX_TERMS = 24;
/** Centroid size after pruning; pruning runs when it doubles. */
const CENTROID_TERMS = 64;
/** Headlines kept as representative-title candidates per thread. */
const TITLE_POOL = 5;
/** Facet sizes (ThreadFacets). */
const FACET_NAMES = 8;
const FACET_TERMS = 12;
/** How often (in commits) idle threads are evicted. */
const EVICTION_INTERVAL = 256;
/** The stream clock is the median of recent publish times: one misdated article cannot move it. */
const CLOCK_WINDOW = 33;
/**
 * Vocabulary upkeep. Every VOCABULARY_PRUNE_INTERVAL articles, terms seen in at most
 * RARE_TERM_MAX_DF articles that no live thread uses are forgotten (typos, one-off names: half of
 * any news vocabulary), so the tables track what is current instead of growing for months; if the
 * tables still exceed MAX_VOCABULARY, the cut-off doubles until they fit.
 */
const VOCABULARY_PRUNE_INTERVAL = 20_000;
const RARE_TERM_MAX_DF = 2;
const MAX_VOCABULARY = 500_000;

export interface ThreadingArticle extends ArticleText {
  id: string;
  published: number;
  outlet: string;
}

/** The log entry for one article joining (or founding) a thread. */
export interface AssignmentEntry {
  kind: 'assign';
  articleId: string;
  threadId: string;
  published: number;
  outlet: string;
  title: string;
  /** Article vector: [feature, weight before IDF]. */
  terms: [string, number][];
  /** Distinct features for document frequencies. */
  dfTerms: string[];
  /** Names among `terms` (slug choice prefers them). */
  names: string[];
  /** Unstemmed forms of features this article introduced. */
  surfaces: [string, string][];
}

export interface MergeEntry {
  kind: 'merge';
  from: string;
  into: string;
}

export type ThreadingEntry = AssignmentEntry | MergeEntry;

export interface Decision {
  entry: AssignmentEntry;
  isNewThread: boolean;
  /** Score against the chosen thread (1 for a new one): for diagnostics. */
  score: number;
}

export interface CommitOutcome {
  threadId: string;
  title: string;
  /** Slug stem when this commit makes the thread public, else ''. Computed when read. */
  readonly slugBase: string;
  /** What the thread is about after this commit. Computed when read; read it before the next commit. */
  readonly facets: ThreadFacets;
  /** Threads that left the index in this commit (idle longer than archiveAfterMs). */
  evicted: string[];
}

interface TitleCandidate {
  title: string;
  articleId: string;
  /** Outlet domain: its name in a headline is not part of the story (slug choice skips it). */
  outlet: string;
  terms: [string, number][];
  score: number;
  /** Weighted once, when the title entered the pool; IDF drift since then does not reorder headlines. */
  query?: Query;
  lengthFactor?: number;
}

interface ThreadState {
  id: string;
  /** Sum of member articles' unit vectors (before IDF), so merging two threads is addition. */
  centroid: Map<string, number>;
  /**
   * ‖centroid ⊙ idf‖² = L²·A − 2L·B + C with L = ln(N+1) + 1 and g = ln(df+1) per term:
   * A = Σc², B = Σc²g, C = Σc²g². Every article changes N (so every idf), but rarely a thread's
   * terms' df, so keeping A, B, C makes the exact norm for the current N an O(1) lookup.
   */
  normTerms: { a: number; b: number; c: number };
  count: number;
  firstSeen: number;
  lastUpdated: number;
  titles: TitleCandidate[];
  title: string;
  names: Set<string>;
  /** Distinct outlets, counted up to the public minimum only. */
  outlets: Set<string>;
  /** Whether the slug stem was already handed out (when the thread first met the public rule). */
  slugIssued: boolean;
  /**
   * Order in which threads became public (documents counted at that moment; 0 = not public). The
   * thread public longest survives a merge: its slug is the one people have seen and subscribed
   * to, and its id carries the rank history.
   */
  publicSince: number;
  /** Terms this thread is currently posted under. */
  indexed: Set<string>;
  /** Lowest weight among indexed terms at the last re-rank. */
  indexCutoff: number;
  /** Scratch fields of the candidate lookup in progress. */
  lookupStamp: number;
  lookupScore: number;
}

interface QueryTerm {
  feature: string;
  /** Component of the unit TF-IDF vector. */
  value: number;
  /** `value × idf`, what multiplies a raw centroid weight in the cosine. */
  scaled: number;
}
type Query = QueryTerm[];

function threadIdFor(articleId: string): string {
  return createHash('sha1').update(articleId).digest('hex').slice(0, 16);
}

/**
 * Whether `a` absorbs `b` in a merge. The thread public longest survives: its slug is the one
 * readers know (the other's becomes an alias) and its id carries the rank history and
 * subscriptions. Between threads not yet public, the larger one survives, then the older.
 */
function survivesMerge(a: ThreadState, b: ThreadState): boolean {
  if (a.publicSince !== b.publicSince) {
    if (a.publicSince === 0) return false;
    if (b.publicSince === 0) return true;
    return a.publicSince < b.publicSince;
  }
  if (a.count !== b.count) return a.count > b.count;
  return a.firstSeen <= b.firstSeen;
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

export function createThreadingEngine(overrides: Partial<ThreadingOptions> = {}) {
  const options: ThreadingOptions = { ...DEFAULT_THREADING_OPTIONS, ...overrides };
  const threads = new Map<string, ThreadState>();
  const postings = new Map<string, Set<ThreadState>>();
  /** Marks threads already scored in the current candidate lookup (avoids a per-lookup map). */
  let lookupStamp = 0;
  const documentFrequency = new Map<string, number>();
  /** ln(df + 1) per feature, kept beside the counts so scoring needs no logarithms. */
  const logDocumentFrequency = new Map<string, number>();
  /** ln(N + 1) + 1 for the current document count N. */
  let logDocumentCount = 1;
  const caseStats = new Map<string, CaseCounts>();
  const surfaces = new Map<string, string>();
  let documentCount = 0;
  let recentPublished: number[] = [];
  let clock = -Infinity;
  let commitsSinceEviction = 0;
  let prunedAtDocument = 0;
  let touched = new Set<string>();

  /** Smoothed IDF, ln((N + 1) / (df + 1)) + 1: positive even for a term in every article. */
  const idf = (feature: string): number => logDocumentCount - (logDocumentFrequency.get(feature) ?? 0);

  function countDocument(features: readonly string[]): void {
    documentCount += 1;
    logDocumentCount = Math.log(documentCount + 1) + 1;
    for (const feature of features) {
      const count = (documentFrequency.get(feature) ?? 0) + 1;
      documentFrequency.set(feature, count);
      logDocumentFrequency.set(feature, Math.log(count + 1));
    }
  }

  function timeFactor(published: number, thread: { firstSeen: number; lastUpdated: number; count: number }): number {
    const gap = published > thread.lastUpdated ? published - thread.lastUpdated : published < thread.firstSeen ? thread.firstSeen - published : 0;
    if (gap === 0) return 1;
    const span = thread.lastUpdated - thread.firstSeen;
    const expectedGap = (span + options.priorGapMs) / thread.count;
    const tempo = Math.pow(0.5, gap / (options.tempoHalfLifeGaps * expectedGap));
    return Math.max(tempo, options.quietThreadWeight * Math.pow(0.5, gap / options.quietThreadHalfLifeMs));
  }

  /**
   * The unit vector of `terms ⊙ idf`, strongest first, plus each entry times idf once more — the
   * factor a centroid term needs in the cosine — so scoring a candidate costs no logarithms.
   */
  function weigh(terms: Iterable<[string, number]>): Query {
    const entries: QueryTerm[] = [];
    let sumSquares = 0;
    for (const [feature, weight] of terms) {
      const featureIdf = idf(feature);
      const value = weight * featureIdf;
      entries.push({ feature, value, scaled: value * featureIdf });
      sumSquares += value * value;
    }
    const norm = Math.sqrt(sumSquares) || 1;
    for (const entry of entries) {
      entry.value /= norm;
      entry.scaled /= norm;
    }
    entries.sort((a, b) => b.value - a.value);
    return entries;
  }

  function refreshNormTerms(thread: ThreadState): void {
    let a = 0;
    let b = 0;
    let c = 0;
    for (const [feature, weight] of thread.centroid) {
      const squared = weight * weight;
      const g = logDocumentFrequency.get(feature) ?? 0;
      a += squared;
      b += squared * g;
      c += squared * g * g;
    }
    thread.normTerms = { a, b, c };
  }

  function normOf(thread: ThreadState): number {
    const { a, b, c } = thread.normTerms;
    const l = logDocumentCount;
    return Math.sqrt(Math.max(0, l * l * a - 2 * l * b + c));
  }

  function cosineWithThread(query: Query, thread: ThreadState): number {
    const norm = normOf(thread);
    if (norm === 0) return 0;
    let dot = 0;
    for (const { feature, scaled } of query) {
      const centroidWeight = thread.centroid.get(feature);
      if (centroidWeight !== undefined) dot += scaled * centroidWeight;
    }
    return dot / norm;
  }

  function candidatesFor(query: Query, exclude?: string): ThreadState[] {
    lookupStamp += 1;
    const hit: ThreadState[] = [];
    for (let index = 0; index < query.length && index < QUERY_TERMS; index++) {
      const { feature, value } = query[index]!;
      const posting = postings.get(feature);
      if (!posting) continue;
      for (const thread of posting) {
        if (thread.lookupStamp !== lookupStamp) {
          thread.lookupStamp = lookupStamp;
          thread.lookupScore = 0;
          if (thread.id !== exclude) hit.push(thread);
        }
        thread.lookupScore += value;
      }
    }
    // Partial selection of the best MAX_CANDIDATES: hits can number hundreds, a full sort is waste.
    const best: ThreadState[] = [];
    for (const thread of hit) {
      const score = thread.lookupScore;
      if (best.length === MAX_CANDIDATES && score <= best[MAX_CANDIDATES - 1]!.lookupScore) continue;
      let position = best.length === MAX_CANDIDATES ? MAX_CANDIDATES - 1 : best.length;
      while (position > 0 && best[position - 1]!.lookupScore < score) position--;
      best.splice(position, 0, thread);
      if (best.length > MAX_CANDIDATES) best.pop();
    }
    return best;
  }

  function post(feature: string, thread: ThreadState): void {
    let posting = postings.get(feature);
    if (!posting) {
      posting = new Set();
      postings.set(feature, posting);
    }
    // Re-inserting moves the thread to the fresh end; the stale end is dropped past the cap.
    posting.delete(thread);
    posting.add(thread);
    if (posting.size > POSTING_CAP) {
      const oldest = posting.values().next().value;
      if (oldest !== undefined) {
        posting.delete(oldest);
        oldest.indexed.delete(feature);
      }
    }
  }

  function unpost(feature: string, thread: ThreadState): void {
    const posting = postings.get(feature);
    if (!posting) return;
    posting.delete(thread);
    if (posting.size === 0) postings.delete(feature);
  }

  /** Recomputes the norm, prunes the centroid, re-picks indexed terms and the representative title. */
  function rerank(thread: ThreadState): void {
    const ranked = [...thread.centroid].map(([feature, weight]) => [feature, weight * idf(feature)] as [string, number]).sort((a, b) => b[1] - a[1]);
    if (ranked.length > 2 * CENTROID_TERMS) {
      for (const [feature] of ranked.slice(CENTROID_TERMS)) thread.centroid.delete(feature);
      ranked.length = CENTROID_TERMS;
    }
    refreshNormTerms(thread);
    for (const name of thread.names) if (!thread.centroid.has(name)) thread.names.delete(name);
    const top = ranked.slice(0, INDEX_TERMS);
    const next = new Set(top.map(([feature]) => feature));
    for (const feature of thread.indexed) if (!next.has(feature)) unpost(feature, thread);
    for (const feature of next) post(feature, thread);
    thread.indexed = next;
    thread.indexCutoff = top.at(-1)?.[1] ?? 0;
    for (const candidate of thread.titles) candidate.score = titleScore(candidate, thread);
    thread.titles.sort((a, b) => b.score - a.score);
    thread.title = thread.titles[0]?.title ?? thread.title;
  }

  /** Centrality, preferring real headlines over labels like "Business Highlights". */
  function titleScore(candidate: TitleCandidate, thread: ThreadState): number {
    if (candidate.lengthFactor === undefined) {
      const words = candidate.title.split(/\s+/).filter(Boolean).length;
      candidate.lengthFactor = words < 4 ? 0.5 : words > 20 ? 0.8 : 1;
    }
    candidate.query ??= weigh(candidate.terms);
    return cosineWithThread(candidate.query, thread) * candidate.lengthFactor;
  }

  /** Cheap path between re-ranks: post the new article's strong terms under the thread. */
  function postStrongTerms(thread: ThreadState, entry: AssignmentEntry): void {
    for (const [feature] of entry.terms) {
      if (thread.indexed.has(feature)) post(feature, thread);
      else if ((thread.centroid.get(feature) ?? 0) * idf(feature) >= thread.indexCutoff) {
        thread.indexed.add(feature);
        post(feature, thread);
      }
    }
  }

  /**
   * The slug stem is computed once, on the commit that first meets the public rule — the write
   * that makes the store assign the slug. A merged thread that already had one keeps it.
   */
  function issueSlugBase(thread: ThreadState): () => string {
    if (thread.slugIssued || thread.count < PUBLIC_MIN_ARTICLES || thread.outlets.size < PUBLIC_MIN_OUTLETS) return () => '';
    thread.slugIssued = true;
    thread.publicSince = documentCount;
    // Built on first read only: replaying the log never reads it, so a rebuild tags no headlines.
    // Read it before the next commit changes the thread.
    let slugBase: string | undefined;
    return () => (slugBase ??= slugBaseOf(thread));
  }

  function outcome(threadId: string, title: string, slugBase: () => string, evicted: string[]): CommitOutcome {
    const thread = threads.get(threadId);
    let facets: ThreadFacets | undefined;
    return {
      threadId,
      title,
      get slugBase() {
        return slugBase();
      },
      get facets() {
        return (facets ??= thread ? facetsOf(thread) : { title, representativeArticleId: '', topic: '', names: [], keyTerms: [] });
      },
      evicted,
    };
  }

  /**
   * Names and key terms by salience (centroid weight × IDF), spelled as the thread's pooled headlines
   * spell them; the representative article is the pool's most central headline.
   */
  function facetsOf(thread: ThreadState): ThreadFacets {
    const salience = (feature: string) => (thread.centroid.get(feature) ?? 0) * idf(feature);
    const spellings = new Map<string, string>();
    for (const candidate of thread.titles) {
      for (const word of candidate.title.split(/[^\p{L}\p{N}'’.&-]+/u)) {
        const lower = word.toLowerCase();
        if (word !== '' && !spellings.has(lower)) spellings.set(lower, word);
      }
    }
    const spell = (feature: string) =>
      feature
        .split('_')
        .map((part) => {
          const surface = surfaces.get(part) ?? part;
          return spellings.get(surface) ?? surface;
        })
        .join(' ');
    const bySalience = (features: Iterable<string>, limit: number) =>
      [...new Set([...features].sort((a, b) => salience(b) - salience(a) || (a < b ? -1 : 1)).map(spell))].slice(0, limit);
    const representative = thread.titles[0];
    return {
      title: thread.title,
      representativeArticleId: representative?.articleId ?? '',
      topic: '',
      names: bySalience(thread.names, FACET_NAMES),
      keyTerms: bySalience(thread.indexed, FACET_TERMS),
    };
  }

  /** From the thread's indexed (most salient) terms, read against its own headlines (slug.ts). */
  function slugBaseOf(thread: ThreadState): string {
    const headlines = [thread.title, ...thread.titles.map((candidate) => candidate.title).filter((title) => title !== thread.title)];
    return slugForThread({
      fallbackSurface: (feature) => surfaces.get(feature),
      terms: [...thread.indexed].map((feature) => [feature, (thread.centroid.get(feature) ?? 0) * idf(feature)]),
      names: thread.names,
      headlines,
      outlets: [...new Set([...thread.outlets, ...thread.titles.map((candidate) => candidate.outlet)])],
    });
  }

  function advanceClock(published: number): void {
    recentPublished.push(published);
    if (recentPublished.length > CLOCK_WINDOW) recentPublished = recentPublished.slice(-CLOCK_WINDOW);
  }

  function evictIdle(): string[] {
    const sorted = [...recentPublished].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    if (median !== undefined) clock = Math.max(clock, median);
    const evicted: string[] = [];
    for (const thread of threads.values()) {
      // Far-future threads (misdated articles) go too: nothing current will ever join them.
      if (thread.lastUpdated < clock - options.archiveAfterMs || thread.firstSeen > clock + options.archiveAfterMs) evicted.push(thread.id);
    }
    for (const id of evicted) removeThread(id);
    if (documentCount - prunedAtDocument >= VOCABULARY_PRUNE_INTERVAL || documentFrequency.size > MAX_VOCABULARY || caseStats.size > MAX_VOCABULARY) {
      prunedAtDocument = documentCount;
      pruneVocabulary();
    }
    return evicted;
  }

  /** Forgets rare terms live threads do not use; see VOCABULARY_PRUNE_INTERVAL. */
  function pruneVocabulary(): void {
    // A live centroid's norm terms were computed with these frequencies: keep them exact.
    const inUse = new Set<string>();
    for (const thread of threads.values()) for (const feature of thread.centroid.keys()) inUse.add(feature);
    for (let maxDf = RARE_TERM_MAX_DF; ; maxDf *= 2) {
      for (const [feature, count] of documentFrequency) {
        if (count > maxDf || inUse.has(feature)) continue;
        documentFrequency.delete(feature);
        logDocumentFrequency.delete(feature);
      }
      if (documentFrequency.size <= MAX_VOCABULARY || maxDf > documentCount) break;
    }
    for (const feature of surfaces.keys()) if (!documentFrequency.has(feature)) surfaces.delete(feature);
    for (let maxSightings = RARE_TERM_MAX_DF; ; maxSightings *= 2) {
      for (const [word, counts] of caseStats) if (counts.capitalised + counts.lower <= maxSightings) caseStats.delete(word);
      if (caseStats.size <= MAX_VOCABULARY || maxSightings > documentCount) break;
    }
  }

  function removeThread(id: string): void {
    const thread = threads.get(id);
    if (!thread) return;
    for (const feature of thread.indexed) unpost(feature, thread);
    threads.delete(id);
    touched.delete(id);
  }

  function commitAssignment(entry: AssignmentEntry): CommitOutcome {
    countDocument(entry.dfTerms);
    for (const [feature, surface] of entry.surfaces) if (!surfaces.has(feature)) surfaces.set(feature, surface);
    observeCase(entry.title, caseStats);

    let thread = threads.get(entry.threadId);
    const isNew = !thread;
    if (!thread) {
      thread = {
        id: entry.threadId,
        centroid: new Map(),
        normTerms: { a: 0, b: 0, c: 0 },
        count: 0,
        firstSeen: entry.published,
        lastUpdated: entry.published,
        titles: [],
        title: entry.title,
        names: new Set(),
        outlets: new Set(),
        slugIssued: false,
        publicSince: 0,
        indexed: new Set(),
        indexCutoff: 0,
        lookupStamp: 0,
        lookupScore: 0,
      };
      threads.set(thread.id, thread);
    }
    if (thread.outlets.size < PUBLIC_MIN_OUTLETS) thread.outlets.add(entry.outlet);
    // Each article adds a unit vector, so a long text weighs no more than a headline.
    const norm = Math.sqrt(entry.terms.reduce((sum, [, weight]) => sum + weight * weight, 0)) || 1;
    // Norm terms follow the article's features; other terms' df drift is folded in at re-ranks.
    const normTerms = thread.normTerms;
    for (const [feature, weight] of entry.terms) {
      const before = thread.centroid.get(feature) ?? 0;
      const after = before + weight / norm;
      const delta = after * after - before * before;
      const g = logDocumentFrequency.get(feature) ?? 0;
      normTerms.a += delta;
      normTerms.b += delta * g;
      normTerms.c += delta * g * g;
      thread.centroid.set(feature, after);
    }
    for (const name of entry.names) thread.names.add(name);
    thread.count += 1;
    thread.firstSeen = Math.min(thread.firstSeen, entry.published);
    thread.lastUpdated = Math.max(thread.lastUpdated, entry.published);
    if (entry.title.trim() !== '') thread.titles.push({ title: entry.title, articleId: entry.articleId, outlet: entry.outlet, terms: entry.terms, score: 0 });

    // Small threads change shape with every article; large ones are re-ranked periodically.
    if (isNew || thread.count <= 8 || thread.count % 8 === 0 || thread.centroid.size > 2 * CENTROID_TERMS) {
      rerank(thread);
    } else {
      postStrongTerms(thread, entry);
      const added = thread.titles.at(-1);
      if (added && added.title === entry.title) added.score = titleScore(added, thread);
      thread.titles.sort((a, b) => b.score - a.score);
      thread.title = thread.titles[0]?.title ?? thread.title;
    }
    if (thread.titles.length > TITLE_POOL) thread.titles.length = TITLE_POOL;
    if (thread.title === '') thread.title = entry.title;
    touched.add(thread.id);

    advanceClock(entry.published);
    let evicted: string[] = [];
    if (++commitsSinceEviction >= EVICTION_INTERVAL) {
      commitsSinceEviction = 0;
      evicted = evictIdle();
    }
    const current = threads.get(entry.threadId);
    return outcome(entry.threadId, current?.title ?? entry.title, current ? issueSlugBase(current) : () => '', evicted);
  }

  function commitMerge(entry: MergeEntry): CommitOutcome {
    const from = threads.get(entry.from);
    const into = threads.get(entry.into);
    if (from && into) {
      for (const [feature, weight] of from.centroid) into.centroid.set(feature, (into.centroid.get(feature) ?? 0) + weight);
      for (const name of from.names) into.names.add(name);
      for (const outlet of from.outlets) if (into.outlets.size < PUBLIC_MIN_OUTLETS) into.outlets.add(outlet);
      into.slugIssued ||= from.slugIssued;
      if (from.publicSince > 0 && (into.publicSince === 0 || from.publicSince < into.publicSince)) into.publicSince = from.publicSince;
      into.count += from.count;
      into.firstSeen = Math.min(into.firstSeen, from.firstSeen);
      into.lastUpdated = Math.max(into.lastUpdated, from.lastUpdated);
      into.titles.push(...from.titles);
      removeThread(from.id);
      rerank(into);
      if (into.titles.length > TITLE_POOL) into.titles.length = TITLE_POOL;
      touched.add(into.id);
    }
    const survivor = threads.get(entry.into);
    return outcome(entry.into, survivor?.title ?? '', survivor ? issueSlugBase(survivor) : () => '', []);
  }

  return {
    options,

    /** Chooses a thread for the article without changing the index. */
    decide(article: ThreadingArticle): Decision {
      const features = extractFeatures(article, caseStats);
      const byStrength = [...features.weights].map(([feature, weight]) => ({ feature, weight, strength: weight * idf(feature) })).sort((a, b) => b.strength - a.strength);
      const terms = byStrength.slice(0, MAX_DOC_TERMS).map(({ feature, weight }) => [feature, round(weight)] as [string, number]);
      const vector = weigh(terms);
      let best: ThreadState | undefined;
      let bestScore = 0;
      for (const candidate of candidatesFor(vector)) {
        const score = cosineWithThread(vector, candidate) * timeFactor(article.published, candidate);
        if (score > bestScore) {
          best = candidate;
          bestScore = score;
        }
      }
      const joins = best !== undefined && bestScore >= options.joinThreshold;
      const termSet = new Set(terms.map(([feature]) => feature));
      const entry: AssignmentEntry = {
        kind: 'assign',
        articleId: article.id,
        threadId: joins && best ? best.id : threadIdFor(article.id),
        published: article.published,
        outlet: article.outlet,
        title: article.title.trim(),
        terms,
        dfTerms: byStrength.slice(0, MAX_DF_FEATURES).map(({ feature }) => feature),
        names: [...features.names].filter((name) => termSet.has(name)),
        surfaces: [...features.surfaces].filter(([feature]) => termSet.has(feature) && !surfaces.has(feature)),
      };
      return { entry, isNewThread: !joins, score: joins ? bestScore : 1 };
    },

    commit(entry: ThreadingEntry): CommitOutcome {
      return entry.kind === 'assign' ? commitAssignment(entry) : commitMerge(entry);
    },

    /**
     * Merges proposed for threads touched since the last call: each touched thread against its
     * candidates; see `survivesMerge` for which one absorbs the other. A thread takes part in at
     * most one merge per pass, so plans never conflict.
     */
    planMerges(): MergeEntry[] {
      const plans: MergeEntry[] = [];
      const involved = new Set<string>();
      for (const id of touched) {
        const thread = threads.get(id);
        if (!thread || involved.has(id)) continue;
        const vector = weigh(thread.centroid);
        for (const other of candidatesFor(vector, id)) {
          if (involved.has(other.id)) continue;
          const overlapGap = Math.max(0, Math.max(thread.firstSeen, other.firstSeen) - Math.min(thread.lastUpdated, other.lastUpdated));
          const score = cosineWithThread(vector, other) * Math.pow(0.5, overlapGap / options.mergeHalfLifeMs);
          if (score < options.mergeThreshold) continue;
          const [into, from] = survivesMerge(other, thread) ? [other, thread] : [thread, other];
          plans.push({ kind: 'merge', from: from.id, into: into.id });
          involved.add(from.id).add(into.id);
          break;
        }
      }
      touched = new Set();
      return plans;
    },

    threadCount(): number {
      return threads.size;
    },

    /** Sizes of the vocabulary tables (for tests and benches: they must stay bounded). */
    vocabularySize(): { documentFrequency: number; caseStats: number; surfaces: number } {
      return { documentFrequency: documentFrequency.size, caseStats: caseStats.size, surfaces: surfaces.size };
    },

    hasThread(id: string): boolean {
      return threads.has(id);
    },

    /** Serialises the whole index (for the snapshot that lets a new process skip the log). */
    snapshot(): string {
      return JSON.stringify({
        documentCount,
        clock: Number.isFinite(clock) ? clock : null,
        recentPublished,
        commitsSinceEviction,
        prunedAtDocument,
        documentFrequency: [...documentFrequency],
        caseStats: [...caseStats].map(([word, c]) => [word, c.capitalised, c.lower]),
        surfaces: [...surfaces],
        threads: [...threads.values()].map((t) => ({
          id: t.id,
          centroid: [...t.centroid],
          count: t.count,
          firstSeen: t.firstSeen,
          lastUpdated: t.lastUpdated,
          titles: t.titles.map((c) => ({ title: c.title, articleId: c.articleId, outlet: c.outlet, terms: c.terms })),
          title: t.title,
          names: [...t.names],
          outlets: [...t.outlets],
          slugIssued: t.slugIssued,
          publicSince: t.publicSince,
        })),
      });
    },

    restore(data: string): void {
      const parsed = JSON.parse(data) as {
        documentCount: number;
        clock: number | null;
        recentPublished: number[];
        commitsSinceEviction: number;
        prunedAtDocument?: number;
        documentFrequency: [string, number][];
        caseStats: [string, number, number][];
        surfaces: [string, string][];
        threads: { id: string; centroid: [string, number][]; count: number; firstSeen: number; lastUpdated: number; titles: { title: string; articleId?: string; outlet?: string; terms: [string, number][] }[]; title: string; names: string[]; outlets: string[]; slugIssued: boolean; publicSince?: number }[];
      };
      threads.clear();
      postings.clear();
      touched = new Set();
      documentCount = parsed.documentCount;
      logDocumentCount = Math.log(documentCount + 1) + 1;
      clock = parsed.clock ?? -Infinity;
      recentPublished = parsed.recentPublished;
      commitsSinceEviction = parsed.commitsSinceEviction;
      prunedAtDocument = parsed.prunedAtDocument ?? parsed.documentCount;
      documentFrequency.clear();
      logDocumentFrequency.clear();
      for (const [feature, count] of parsed.documentFrequency) {
        documentFrequency.set(feature, count);
        logDocumentFrequency.set(feature, Math.log(count + 1));
      }
      caseStats.clear();
      for (const [word, capitalised, lower] of parsed.caseStats) caseStats.set(word, { capitalised, lower });
      surfaces.clear();
      for (const [feature, surface] of parsed.surfaces) surfaces.set(feature, surface);
      // Oldest first, so posting lists end up ordered by recency as they were.
      for (const saved of [...parsed.threads].sort((a, b) => a.lastUpdated - b.lastUpdated)) {
        const thread: ThreadState = {
          id: saved.id,
          centroid: new Map(saved.centroid),
          normTerms: { a: 0, b: 0, c: 0 },
          count: saved.count,
          firstSeen: saved.firstSeen,
          lastUpdated: saved.lastUpdated,
          titles: saved.titles.map((c) => ({ ...c, articleId: c.articleId ?? '', outlet: c.outlet ?? '', score: 0 })),
          title: saved.title,
          names: new Set(saved.names),
          outlets: new Set(saved.outlets),
          slugIssued: saved.slugIssued,
          publicSince: saved.publicSince ?? (saved.slugIssued ? 1 : 0),
          indexed: new Set(),
          indexCutoff: 0,
          lookupStamp: 0,
          lookupScore: 0,
        };
        threads.set(thread.id, thread);
        rerank(thread);
      }
    },
  };
}

export type ThreadingEngine = ReturnType<typeof createThreadingEngine>;
