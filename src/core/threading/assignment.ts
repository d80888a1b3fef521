import { extractFeatures, MAX_DF_FEATURES } from './features.js';
import type { ThreadingArticle } from './log-entries.js';
import type { ThreadingOptions } from './options.js';
import { cosineWithThread, type Query, type Term, type ThreadState } from './thread-state.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * Scoring and assignment: an article joins the candidate thread it is most similar to — cosine of
 * TF-IDF vectors, discounted by the time between the article and the thread's activity — if that
 * reaches the join threshold; otherwise it founds a thread. See options.ts for the constants.
 */

/** An article's vector keeps its strongest terms only: more adds noise, not discrimination. */
const MAX_DOC_TERMS = 48;

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

export interface ArticleTerms {
  terms: Term[];
  dfTerms: string[];
  names: string[];
  surfaces: [string, string][];
}

/** The article's weighted terms (strongest MAX_DOC_TERMS by weight × idf) and what it teaches the vocabulary. */
export function articleTerms(article: ThreadingArticle, vocabulary: Vocabulary): ArticleTerms {
  const features = extractFeatures(article, vocabulary.caseStats);
  const byStrength = [...features.weights]
    .map(([feature, weight]) => ({ feature, weight, strength: weight * vocabulary.idf(feature) }))
    .sort((a, b) => b.strength - a.strength || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
  const terms = byStrength.slice(0, MAX_DOC_TERMS).map(({ feature, weight }) => [feature, round(weight)] as Term);
  const termSet = new Set(terms.map(([feature]) => feature));
  return {
    terms,
    dfTerms: byStrength.slice(0, MAX_DF_FEATURES).map(({ feature }) => feature),
    names: [...features.names].filter((name) => termSet.has(name)),
    surfaces: [...features.surfaces].filter(([feature]) => termSet.has(feature) && !vocabulary.hasSurface(feature)),
  };
}

/**
 * How strongly a thread pulls an article published at `published`. The pull halves after
 * `tempoHalfLifeGaps` of the thread's expected gaps between articles — its observed mean gap,
 * smoothed towards one news cycle — so it follows the thread's own tempo: a burst that got an
 * article a minute is over after a quiet afternoon, a story covered daily is alive after a quiet
 * day. Time is measured against the thread's core (strays neither extend nor speed it), and an
 * article dated before the thread began is as far from it as it is early. There is no floor: a
 * recurring subject ("stocks slip", a company's next product) coming back after its burst is a
 * new event and starts a new thread, which is what keeps threads from chaining for months.
 */
export function timeFactor(published: number, thread: Pick<ThreadState, 'coreFirst' | 'coreLast' | 'coreCount'>, options: ThreadingOptions): number {
  const gap = published > thread.coreLast ? published - thread.coreLast : published < thread.coreFirst ? thread.coreFirst - published : 0;
  if (gap === 0) return 1;
  const span = thread.coreLast - thread.coreFirst;
  const expectedGap = (span + options.priorGapMs) / Math.max(1, thread.coreCount);
  return Math.pow(0.5, gap / (options.tempoHalfLifeGaps * expectedGap));
}

export interface Choice {
  thread: ThreadState | undefined;
  score: number;
}

/**
 * Bound on a cosine as computed: 1, plus rounding (centroid norms are kept incrementally; a thread
 * of one article scores 1.0000000000000002 against that article). Skipping by the bound must never
 * skip a candidate that would have won.
 */
export const COSINE_CEILING = 1 + 1e-9;

/** The best-scoring candidate (ties: the first, i.e. the stronger lookup match). */
export function bestThread(query: Query, published: number, candidates: readonly ThreadState[], vocabulary: Vocabulary, options: ThreadingOptions): Choice {
  let thread: ThreadState | undefined;
  let score = 0;
  for (const candidate of candidates) {
    // A cosine is at most 1, so a thread whose pull is no more than the best score so far cannot
    // beat it: its cosine (the costly part) is not computed. On a long stream most candidates are
    // earlier events of a recurring subject, pulling little.
    const pull = timeFactor(published, candidate, options);
    if (pull * COSINE_CEILING <= score) continue;
    const candidateScore = cosineWithThread(query, candidate, vocabulary) * pull;
    if (candidateScore > score) {
      thread = candidate;
      score = candidateScore;
    }
  }
  return { thread, score };
}

/**
 * Whether an article joining `thread` with `score` is a stray: the thread already has a core
 * (PUBLIC_MIN_ARTICLES members) and the article cleared the join threshold by less than the
 * stray margin — it shares a word or two with the story rather than the story itself.
 */
export function isStray(score: number, thread: ThreadState, options: ThreadingOptions, coreSize: number): boolean {
  return thread.count >= coreSize && score < options.strayScore;
}
