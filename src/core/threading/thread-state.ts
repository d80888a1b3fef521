import type { Vocabulary } from './vocabulary.js';

/**
 * One live thread as the index holds it, and the vector arithmetic on it.
 *
 * A thread's centroid is the sum of its member articles' unit vectors *before* IDF, so adding an
 * article, merging two threads or moving an article out are plain additions and subtractions,
 * and IDF is applied when scoring (it changes with every article; the centroid does not).
 */

/** A feature and its weight (before IDF). Phrase features are `a_b`. */
export type Term = [string, number];

export interface QueryTerm {
  feature: string;
  /** Component of the unit TF-IDF vector. */
  value: number;
  /** `value × idf`: what multiplies a raw centroid weight in the cosine. */
  scaled: number;
}
/** A unit TF-IDF vector, strongest component first. */
export type Query = QueryTerm[];

/**
 * ‖centroid ⊙ idf‖² = L²·A − 2L·B + C with L = ln(N+1) + 1 and g = ln(df+1) per term:
 * A = Σc², B = Σc²g, C = Σc²g². Every article changes N (so every idf) but rarely a thread's terms'
 * df, so keeping A, B, C makes the norm for the current N an O(1) lookup. Terms whose df changed
 * since are folded in when the thread is re-ranked (and for all threads when the vocabulary is
 * rescaled).
 */
export interface NormTerms {
  a: number;
  b: number;
  c: number;
}

/** A core article's headline, kept to choose the representative article and to name the thread. */
export interface Headline {
  articleId: string;
  title: string;
  /** Outlet domain: its name in a headline is not part of the story. */
  outlet: string;
  terms: Term[];
  /** Cosine with the thread's centroid at the last re-rank (most central first). */
  centrality: number;
}

export interface ThreadState {
  id: string;
  centroid: Map<string, number>;
  normTerms: NormTerms;
  /** Member articles, strays included. */
  count: number;
  firstSeen: number;
  lastUpdated: number;
  /**
   * The thread's core (members that are not strays): how many, and when the first and the latest
   * were published. Time proximity is measured against the core, so weak joiners cannot keep a
   * finished story alive (see assignment.ts).
   */
  coreCount: number;
  coreFirst: number;
  coreLast: number;
  /**
   * When the thread's recent core was published: an exponential moving average of core publish
   * times over about RECENT_CORE articles (see `addCoreTime`). First and last say how far a thread
   * reaches; this says where its mass is now, which is what merges compare (merges.ts), so one
   * article that joined across a gap cannot make two bursts look simultaneous.
   */
  recentTime: number;
  /** Up to HEADLINE_POOL core headlines, most central first (representative.ts). */
  headlines: Headline[];
  names: Set<string>;
  /** Distinct outlets, counted up to the public minimum only. */
  outlets: Set<string>;
  /** Whether the slug stem was handed out (when the thread first met the public rule). */
  slugIssued: boolean;
  /**
   * Order in which threads became public (articles counted at that moment; 0 = not public). The
   * thread public longest survives a merge: its slug is the one people have seen and subscribed
   * to, and its id carries the rank history.
   */
  publicSince: number;
  /** Terms this thread is posted under in the candidate index, in posting order. */
  indexed: Set<string>;
  /** Lowest salience among indexed terms at the last re-rank. */
  indexCutoff: number;
  /** Scratch fields of the candidate lookup in progress (candidate-index.ts); never persisted. */
  lookupStamp: number;
  lookupScore: number;
}

export function newThread(id: string, published: number): ThreadState {
  return {
    id,
    centroid: new Map(),
    normTerms: { a: 0, b: 0, c: 0 },
    count: 0,
    firstSeen: published,
    lastUpdated: published,
    coreCount: 0,
    coreFirst: published,
    coreLast: published,
    recentTime: published,
    headlines: [],
    names: new Set(),
    outlets: new Set(),
    slugIssued: false,
    publicSince: 0,
    indexed: new Set(),
    indexCutoff: 0,
    lookupStamp: 0,
    lookupScore: 0,
  };
}

/** Core articles the recent-core time averages over (the span of its moving average). */
export const RECENT_CORE = 8;
const RECENT_WEIGHT = 2 / (RECENT_CORE + 1);

/** Counts one core article's publish time (a join, or a stray that moved in). */
export function addCoreTime(thread: ThreadState, published: number): void {
  thread.recentTime = thread.coreCount === 0 ? published : Math.round(thread.recentTime + RECENT_WEIGHT * (published - thread.recentTime));
  thread.coreCount += 1;
  thread.coreFirst = Math.min(thread.coreFirst, published);
  thread.coreLast = Math.max(thread.coreLast, published);
}

/** The unit vector of `terms ⊙ idf`, strongest first, with each entry's idf-scaled twin. */
export function weigh(terms: Iterable<Term>, vocabulary: Vocabulary): Query {
  const entries: QueryTerm[] = [];
  let sumSquares = 0;
  for (const [feature, weight] of terms) {
    const idf = vocabulary.idf(feature);
    const value = weight * idf;
    entries.push({ feature, value, scaled: value * idf });
    sumSquares += value * value;
  }
  const norm = Math.sqrt(sumSquares) || 1;
  for (const entry of entries) {
    entry.value /= norm;
    entry.scaled /= norm;
  }
  // Ties by feature, so the order (and the candidate lookup that reads it) is a function of content.
  entries.sort((a, b) => b.value - a.value || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  return entries;
}

/** Adds (`sign` 1) or removes (`sign` -1) one article's unit vector. */
export function addArticleVector(thread: ThreadState, terms: readonly Term[], vocabulary: Vocabulary, sign: 1 | -1): void {
  let sumSquares = 0;
  for (const [, weight] of terms) sumSquares += weight * weight;
  const norm = Math.sqrt(sumSquares) || 1;
  const normTerms = thread.normTerms;
  for (const [feature, weight] of terms) {
    const before = thread.centroid.get(feature) ?? 0;
    let after = before + (sign * weight) / norm;
    // Removing an article leaves rounding dust on words only it had: those words are gone.
    if (sign < 0 && after < 1e-9) after = 0;
    const delta = after * after - before * before;
    const g = vocabulary.logFrequency(feature);
    normTerms.a += delta;
    normTerms.b += delta * g;
    normTerms.c += delta * g * g;
    if (after === 0) thread.centroid.delete(feature);
    else thread.centroid.set(feature, after);
  }
}

export function addCentroid(into: ThreadState, from: ReadonlyMap<string, number>): void {
  for (const [feature, weight] of from) into.centroid.set(feature, (into.centroid.get(feature) ?? 0) + weight);
}

/** Exact norm terms for the current document frequencies. */
export function refreshNormTerms(thread: ThreadState, vocabulary: Vocabulary): void {
  let a = 0;
  let b = 0;
  let c = 0;
  for (const [feature, weight] of thread.centroid) {
    const squared = weight * weight;
    const g = vocabulary.logFrequency(feature);
    a += squared;
    b += squared * g;
    c += squared * g * g;
  }
  thread.normTerms = { a, b, c };
}

export function centroidNorm(thread: ThreadState, vocabulary: Vocabulary): number {
  const { a, b, c } = thread.normTerms;
  const l = vocabulary.logDocumentCount();
  return Math.sqrt(Math.max(0, l * l * a - 2 * l * b + c));
}

/** Cosine between a query and a thread's TF-IDF centroid. */
export function cosineWithThread(query: Query, thread: ThreadState, vocabulary: Vocabulary): number {
  const norm = centroidNorm(thread, vocabulary);
  if (norm === 0) return 0;
  let dot = 0;
  for (const { feature, scaled } of query) {
    const weight = thread.centroid.get(feature);
    if (weight !== undefined) dot += scaled * weight;
  }
  return dot / norm;
}

/**
 * `cosineWithThread(weigh(terms), thread)` in one pass, without building the sorted query: the
 * headline pool is re-scored with every re-rank, and the order of a query only matters to candidate
 * lookups.
 */
export function termsCosineWithThread(terms: Iterable<Term>, thread: ThreadState, vocabulary: Vocabulary): number {
  const norm = centroidNorm(thread, vocabulary);
  if (norm === 0) return 0;
  let sumSquares = 0;
  let dot = 0;
  for (const [feature, weight] of terms) {
    const idf = vocabulary.idf(feature);
    const value = weight * idf;
    sumSquares += value * value;
    const centroidWeight = thread.centroid.get(feature);
    if (centroidWeight !== undefined) dot += value * idf * centroidWeight;
  }
  return dot / (Math.sqrt(sumSquares) || 1) / norm;
}

/** Centroid terms by salience (weight × idf), strongest first; ties by feature. */
export function rankedTerms(thread: ThreadState, vocabulary: Vocabulary): Term[] {
  return [...thread.centroid]
    .map(([feature, weight]) => [feature, weight * vocabulary.idf(feature)] as Term)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
