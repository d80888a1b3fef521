import { createHash } from 'node:crypto';
import { EMPTY_FACETS, type ThreadFacets } from '../thread.js';
import { articleTerms, bestThread, isStray, timeFactor } from './assignment.js';
import { createCandidateIndex, QUERY_TERMS } from './candidate-index.js';
import type { AssignmentEntry, MergeEntry, MoveEntry, PlannedEntry, ThreadingArticle, ThreadingEntry } from './log-entries.js';
import { absorb, planMerges } from './merges.js';
import { DEFAULT_THREADING_OPTIONS, type ThreadingOptions } from './options.js';
import { captureFacets, dropHeadline, offerHeadline, rescoreHeadlines, titleOf, type CapturedFacets } from './representative.js';
import { streamTime } from './reorder.js';
import { readSnapshot, writeSnapshot, type StrayRecord } from './snapshot.js';
import { PUBLIC_MIN_ARTICLES, PUBLIC_MIN_OUTLETS } from './store-writes.js';
import { createStreamClock } from './stream-clock.js';
import { addArticleVector, addCoreTime, cosineWithThread, newThread, rankedTerms, refreshNormTerms, weigh, type ThreadState } from './thread-state.js';
import { createVocabulary } from './vocabulary.js';

/**
 * Online story threading (single pass, in the tradition of TDT "first story detection"). The
 * pieces, each in its own file:
 *
 * - features.ts: an article's text → weighted stemmed words and name phrases;
 * - vocabulary.ts: document frequencies (IDF, decayed in stream time), case statistics, spellings;
 * - candidate-index.ts: the inverted index that finds candidate threads in bounded time;
 * - assignment.ts: scoring an article against candidates, joining or founding a thread, strays;
 * - merges.ts: merge points and merge plans;
 * - representative.ts: the representative article, facets and slug stem of a thread;
 * - snapshot.ts: the whole index as JSON, restored exactly.
 *
 * Everything the engine decides with is a function of the sequence of committed log entries:
 * merge points and eviction points are counted in articles, ties are broken by content, and the
 * snapshot stores every piece of state as it is (posting-list order, norm terms, the stream clock,
 * pending plans) — so a process rebuilt from snapshot + log holds exactly the index of one that
 * never stopped, whatever the batch sizes.
 */

export { DEFAULT_THREADING_OPTIONS, type ThreadingOptions } from './options.js';
export type { AssignmentEntry, MergeEntry, MoveEntry, PlannedEntry, ThreadingArticle, ThreadingEntry } from './log-entries.js';

/** Centroid size after pruning; pruning runs when it doubles. */
const CENTROID_TERMS = 64;
/** How often (in articles) idle threads are evicted and the vocabulary maintained. */
const EVICTION_INTERVAL = 256;
/** Longest interval between facet points, in articles. */
const MAX_FACET_PERIOD = 64;

/**
 * Facet points: describing a thread (topic, names, representative) costs more than threading an
 * article, and a large thread's description barely moves with one more article. Readers see
 * public threads only, so facets are written when a thread is founded, on the commit that makes it
 * public, and then with every p-th article, p being the largest power of two up to a quarter of
 * the thread's size (at most MAX_FACET_PERIOD): every article up to 7, every 2nd up to 15, every
 * 4th up to 31 … — about four points per doubling, so what readers see lags the thread by under a
 * quarter of its articles — and at every merge and move. The rule reads only the thread's state,
 * so a process rebuilt from snapshot + log writes facets at the same points, with the same
 * content, as one that never stopped.
 */
function facetsDue(thread: ThreadState): boolean {
  if (!thread.slugIssued) return false;
  let period = 1;
  while (period * 2 <= thread.count / 4 && period < MAX_FACET_PERIOD) period *= 2;
  return thread.count % period === 0;
}

/** Strays are reconsidered at the merge points within this many articles after they joined. */
const STRAY_WATCH = 1_000;

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
  /**
   * The same facets in two steps: call it before the next commit to capture them as of this one;
   * the function it returns builds them (the topic title is their costly part) when first called,
   * whatever was committed since. `facets` is `captureFacets()()`.
   */
  readonly captureFacets: () => () => ThreadFacets;
  /**
   * Whether this commit is a facet point (see `facetsDue`): writers store the facets then and
   * leave the stored ones as they are otherwise.
   */
  facetsDue: boolean;
  /** Threads that left the index in this commit (idle longer than archiveAfterMs). */
  evicted: string[];
  /** For a move: the thread the article left, and what it is about now. */
  source?: { threadId: string; readonly facets: ThreadFacets; readonly captureFacets: () => () => ThreadFacets };
}

function threadIdFor(articleId: string): string {
  return createHash('sha1').update(articleId).digest('hex').slice(0, 16);
}

export function createThreadingEngine(overrides: Partial<ThreadingOptions> = {}) {
  const options: ThreadingOptions = { ...DEFAULT_THREADING_OPTIONS, ...overrides };
  const vocabulary = createVocabulary();
  const clock = createStreamClock();
  const index = createCandidateIndex();
  const threads = new Map<string, ThreadState>();
  /** Threads changed since the last merge point, in order of first change. */
  const touched = new Set<string>();
  /** Merges and moves planned at the last merge point and not yet committed, in order. */
  let pending: PlannedEntry[] = [];
  /** Recent strays (oldest first), reconsidered at merge points. */
  let strays: StrayRecord[] = [];
  /** Articles committed so far (the stream position merge and eviction points are counted in). */
  let assignments = 0;

  function rerank(thread: ThreadState): void {
    const ranked = rankedTerms(thread, vocabulary);
    if (ranked.length > 2 * CENTROID_TERMS) {
      for (const [feature] of ranked.slice(CENTROID_TERMS)) thread.centroid.delete(feature);
      ranked.length = CENTROID_TERMS;
    }
    refreshNormTerms(thread, vocabulary);
    for (const name of thread.names) if (!thread.centroid.has(name)) thread.names.delete(name);
    index.reindex(thread, ranked);
    rescoreHeadlines(thread, vocabulary);
  }

  function refreshAllNorms(): void {
    for (const thread of threads.values()) refreshNormTerms(thread, vocabulary);
  }

  function removeThread(thread: ThreadState): void {
    index.remove(thread);
    threads.delete(thread.id);
    touched.delete(thread.id);
  }

  /**
   * Whether this commit issues the slug: the commit that first meets the public rule, the write
   * that makes the store assign it. A merged thread that already had one keeps it. The stem itself
   * comes with the commit's facets (CommitOutcome.slugBase).
   */
  function issueSlug(thread: ThreadState): boolean {
    if (thread.slugIssued || thread.count < PUBLIC_MIN_ARTICLES || thread.outlets.size < PUBLIC_MIN_OUTLETS) return false;
    thread.slugIssued = true;
    thread.publicSince = assignments;
    return true;
  }

  /**
   * Facets and slug stem of the thread as of the first call (see CommitOutcome.captureFacets).
   * Replaying the log never calls it, so a rebuild tags no headlines.
   */
  function lazyFacets(thread: ThreadState | undefined): () => CapturedFacets {
    let captured: CapturedFacets | undefined;
    return () => (captured ??= thread ? captureFacets(thread, vocabulary) : { facets: () => ({ ...EMPTY_FACETS, names: [], keyTerms: [] }), slugBase: () => '' });
  }

  function outcome(thread: ThreadState | undefined, threadId: string, slugIssued: boolean, evicted: string[], due = true): CommitOutcome {
    const capture = lazyFacets(thread);
    return {
      threadId,
      facetsDue: due,
      title: thread ? titleOf(thread) : '',
      get slugBase() {
        return slugIssued ? capture().slugBase() : '';
      },
      get facets() {
        return capture().facets();
      },
      captureFacets: () => capture().facets,
      evicted,
    };
  }

  function evictIdle(): string[] {
    const now = clock.now();
    const evicted: ThreadState[] = [];
    for (const thread of threads.values()) {
      // Far-future threads (misdated articles) go too: nothing current will ever join them.
      if (thread.lastUpdated < now - options.archiveAfterMs || thread.firstSeen > now + options.archiveAfterMs) evicted.push(thread);
    }
    for (const thread of evicted) removeThread(thread);
    if (vocabulary.maintain(now)) refreshAllNorms();
    return evicted.map((thread) => thread.id);
  }

  /**
   * Moves for recent strays: one goes to another thread when that thread would take it as a core
   * member (score ≥ strayScore). Threads in this pass's merges are left alone, so plans never conflict.
   *
   * Looking every stray of the last STRAY_WATCH articles up again at every merge point costs nearly
   * one lookup per article, for a move in fewer than one check in a hundred. So a stray is looked up
   * when a move can have become possible since its last check:
   * - a thread changed since the last merge point (`changed`: the threads touched since then, new
   *   ones included) that is posted under one of its query's lookup terms now takes it as core;
   * - its own thread changed while, at the last check, another thread already took it as core and
   *   only the stay score kept it (`contender`);
   * - its age is 0, 1, 2, 4 or 8 merge points: scores against unchanged threads still move with IDF,
   *   which shifts fast while the stream is young, so every stray is also looked up at a few
   *   points that thin out as it ages.
   * The rule reads only logged state (touched threads, the strays' flags, the stream position), so a
   * restored process checks the same strays.
   */
  function planMoves(involved: Set<string>, changed: readonly ThreadState[]): MoveEntry[] {
    strays = strays.filter((stray) => assignments - stray.joinedAt <= STRAY_WATCH && threads.has(stray.threadId));
    const changedIds = new Set(changed.map((thread) => thread.id));
    const changedByTerm = new Map<string, ThreadState[]>();
    for (const thread of changed) {
      for (const feature of thread.indexed) {
        const list = changedByTerm.get(feature);
        if (list) list.push(thread);
        else changedByTerm.set(feature, [thread]);
      }
    }
    const moves: MoveEntry[] = [];
    for (const stray of strays) {
      const current = threads.get(stray.threadId)!;
      if (involved.has(current.id)) continue;
      const query = weigh(stray.terms, vocabulary);
      const age = Math.floor(assignments / options.mergeEvery) - Math.floor(stray.joinedAt / options.mergeEvery);
      // A snapshot older than the flag did not record it: such a stray is checked.
      let due = stray.contender === undefined || (stray.contender && changedIds.has(current.id)) || (age & (age - 1)) === 0;
      if (!due) {
        // The lookup reads the posting lists of the query's strongest terms only: a changed thread elsewhere cannot be a candidate.
        const changedCandidates = new Set<ThreadState>();
        for (const term of query.slice(0, QUERY_TERMS)) {
          for (const thread of changedByTerm.get(term.feature) ?? []) if (thread !== current && !involved.has(thread.id)) changedCandidates.add(thread);
        }
        due = bestThread(query, stray.published, [...changedCandidates], vocabulary, options).score >= options.strayScore;
      }
      if (!due) continue;
      const candidates = index.candidates(query, current.id).filter((candidate) => !involved.has(candidate.id));
      const { thread: better, score } = bestThread(query, stray.published, candidates, vocabulary, options);
      stray.contender = better !== undefined && score >= options.strayScore;
      if (!better || score < options.strayScore) continue;
      const stayScore = cosineWithThread(query, current, vocabulary) * timeFactor(stray.published, current, options);
      if (score <= stayScore) continue;
      moves.push({ kind: 'move', articleId: stray.articleId, from: current.id, into: better.id });
    }
    return moves;
  }

  function mergePoint(): void {
    const touchedThreads = [...touched].map((id) => threads.get(id)).filter((thread): thread is ThreadState => thread !== undefined);
    const merges = planMerges(touchedThreads, index, vocabulary, options);
    const involved = new Set(merges.flatMap((merge) => [merge.from, merge.into]));
    pending = [...merges, ...planMoves(involved, touchedThreads)];
    touched.clear();
  }

  function commitAssignment(entry: AssignmentEntry): CommitOutcome {
    assignments += 1;
    const now = clock.observe(entry.published);
    if (vocabulary.count(entry.dfTerms, entry.surfaces, entry.title, now)) refreshAllNorms();

    let thread = threads.get(entry.threadId);
    const isNew = !thread;
    if (!thread) {
      thread = newThread(entry.threadId, entry.published);
      threads.set(thread.id, thread);
    }
    if (thread.outlets.size < PUBLIC_MIN_OUTLETS) thread.outlets.add(entry.outlet);
    addArticleVector(thread, entry.terms, vocabulary, 1);
    for (const name of entry.names) thread.names.add(name);
    thread.count += 1;
    thread.firstSeen = Math.min(thread.firstSeen, entry.published);
    thread.lastUpdated = Math.max(thread.lastUpdated, entry.published);
    if (entry.stray) {
      strays.push({
        articleId: entry.articleId,
        threadId: thread.id,
        terms: entry.terms,
        names: entry.names,
        title: entry.title,
        outlet: entry.outlet,
        published: entry.published,
        lean: entry.lean ?? '',
        country: entry.country ?? '',
        joinedAt: assignments,
        // It joined with less than strayScore, and no other thread scored higher.
        contender: false,
      });
    } else {
      addCoreTime(thread, entry.published);
      offerHeadline(thread, { articleId: entry.articleId, title: entry.title, outlet: entry.outlet, terms: entry.terms }, vocabulary);
    }

    // Small threads change shape with every article; large ones are re-ranked periodically.
    if (isNew || thread.count <= 8 || thread.count % 8 === 0 || thread.centroid.size > 2 * CENTROID_TERMS) rerank(thread);
    else index.postArticleTerms(thread, entry.terms, vocabulary);
    touched.add(thread.id);

    const issued = issueSlug(thread);
    const due = isNew || facetsDue(thread) || issued;
    const evicted = assignments % EVICTION_INTERVAL === 0 ? evictIdle() : [];
    if (assignments % options.mergeEvery === 0) mergePoint();
    return outcome(thread, thread.id, issued, evicted, due);
  }

  /** Drops a committed plan from the pending list (a replayed log entry or a live commit). */
  function settle(entry: PlannedEntry): void {
    const position = pending.findIndex((plan) => JSON.stringify(plan) === JSON.stringify(entry));
    if (position >= 0) pending.splice(position, 1);
  }

  function commitMerge(entry: MergeEntry): CommitOutcome {
    settle(entry);
    const from = threads.get(entry.from);
    const into = threads.get(entry.into);
    if (from && into) {
      absorb(into, from, PUBLIC_MIN_OUTLETS);
      for (const stray of strays) if (stray.threadId === from.id) stray.threadId = into.id;
      removeThread(from);
      rerank(into);
      touched.add(into.id);
    }
    return outcome(into, entry.into, into ? issueSlug(into) : false, []);
  }

  function commitMove(entry: MoveEntry): CommitOutcome {
    settle(entry);
    const from = threads.get(entry.from);
    const into = threads.get(entry.into);
    const position = strays.findIndex((stray) => stray.articleId === entry.articleId);
    const stray = strays[position];
    if (from && into && stray) {
      strays.splice(position, 1);
      addArticleVector(from, stray.terms, vocabulary, -1);
      from.count -= 1;
      dropHeadline(from, stray.articleId);
      addArticleVector(into, stray.terms, vocabulary, 1);
      for (const name of stray.names) into.names.add(name);
      if (into.outlets.size < PUBLIC_MIN_OUTLETS) into.outlets.add(stray.outlet);
      into.count += 1;
      addCoreTime(into, stray.published);
      into.firstSeen = Math.min(into.firstSeen, stray.published);
      into.lastUpdated = Math.max(into.lastUpdated, stray.published);
      offerHeadline(into, { articleId: stray.articleId, title: stray.title, outlet: stray.outlet, terms: stray.terms }, vocabulary);
      rerank(from);
      rerank(into);
      touched.add(from.id).add(into.id);
    }
    const result = outcome(into, entry.into, into ? issueSlug(into) : false, []);
    const captureSource = lazyFacets(from);
    result.source = {
      threadId: entry.from,
      get facets() {
        return captureSource().facets();
      },
      captureFacets: () => captureSource().facets,
    };
    return result;
  }

  return {
    options,

    /** Chooses a thread for the article without changing the index. */
    decide(article: ThreadingArticle): Decision {
      // Whole seconds: what every route (file, feed, live poll) agrees on (reorder.ts).
      const published = streamTime(article.published);
      const terms = articleTerms(article, vocabulary);
      const query = weigh(terms.terms, vocabulary);
      const { thread, score } = bestThread(query, published, index.candidates(query), vocabulary, options);
      const joins = thread !== undefined && score >= options.joinThreshold;
      const stray = joins && isStray(score, thread, options, PUBLIC_MIN_ARTICLES);
      const entry: AssignmentEntry = {
        kind: 'assign',
        articleId: article.id,
        threadId: joins ? thread.id : threadIdFor(article.id),
        published,
        outlet: article.outlet,
        title: article.title.trim(),
        ...terms,
        ...(stray ? { stray: true, lean: article.lean ?? '', country: article.country ?? '' } : {}),
      };
      return { entry, isNewThread: !joins, score: joins ? score : 1 };
    },

    commit(entry: ThreadingEntry): CommitOutcome {
      if (entry.kind === 'assign') return commitAssignment(entry);
      return entry.kind === 'merge' ? commitMerge(entry) : commitMove(entry);
    },

    /**
     * Merges and moves planned at the last merge point and not committed yet, in order. The caller
     * commits (and writes) them before deciding the next article; a process rebuilt after a crash
     * mid-pass finds the rest here.
     */
    pendingPlans(): readonly PlannedEntry[] {
      return pending;
    },

    /** Facts the store needs to re-count a stray that moves (see AssignmentEntry.lean). */
    strayFacts(articleId: string): { outlet: string; published: number; lean: string; country: string } | undefined {
      const stray = strays.find((candidate) => candidate.articleId === articleId);
      return stray ? { outlet: stray.outlet, published: stray.published, lean: stray.lean, country: stray.country } : undefined;
    },

    threadCount(): number {
      return threads.size;
    },

    /** Articles committed so far. */
    position(): number {
      return assignments;
    },

    /** Sizes of the vocabulary tables (for tests and benches: they must stay bounded). */
    vocabularySize() {
      return vocabulary.size();
    },

    hasThread(id: string): boolean {
      return threads.has(id);
    },

    /** Live thread ids, in index order. */
    threadIds(): string[] {
      return [...threads.keys()];
    },

    /** Serialises the whole index (for the snapshot that lets a new process skip the log). */
    snapshot(): string {
      return writeSnapshot({ assignments, vocabulary: vocabulary.snapshot(), clock: clock.snapshot(), threads: [...threads.values()], touched: [...touched], pending, strays, postings: index.snapshot() });
    },

    restore(data: string): void {
      const saved = readSnapshot(data);
      assignments = saved.assignments;
      vocabulary.restore(saved.vocabulary);
      clock.restore(saved.clock);
      threads.clear();
      for (const thread of saved.threads) threads.set(thread.id, thread);
      index.restore(saved.postings, threads);
      touched.clear();
      for (const id of saved.touched) touched.add(id);
      pending = saved.pending;
      strays = saved.strays;
    },
  };
}

export type ThreadingEngine = ReturnType<typeof createThreadingEngine>;
