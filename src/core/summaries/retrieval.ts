import type { Article } from '../article.js';
import type { QaAnswer } from '../digest.js';
import { buildSentencePool, DEFAULT_POOL_LIMITS, type PoolLimits } from './sentence-pool.js';
import { contentTerms } from '../text/tokenise.js';

/**
 * Offline Q&A: the thread's sentences are ranked against the question with BM25, and only
 * sentences that contain most of what the question is about are offered as an answer.
 */

/** One sentence of a thread as stored for Q&A. */
export interface IndexedSentence {
  text: string;
  /** Outlet names that printed it. */
  sources: string[];
  published: number;
  /** Only ever printed as a headline. */
  headline?: boolean;
}

/** The Q&A index of a thread: each distinct sentence once, with every outlet that printed it. */
export function buildSentenceIndex(articles: readonly Article[], limits: PoolLimits = DEFAULT_POOL_LIMITS): IndexedSentence[] {
  return buildSentencePool(articles, limits).sentences
    .filter((sentence) => sentence.termCount > 0)
    .map((sentence) => ({
      text: sentence.text,
      sources: [...new Set(sentence.occurrences.map((o) => o.outletName))],
      published: Math.min(...sentence.occurrences.map((o) => o.published)),
      ...(sentence.isHeadline ? { headline: true } : {}),
    }));
}

export interface AnswerOptions {
  maxSentences: number;
  /**
   * Share of the question's information (the sum of its terms' IDF) a sentence must contain. 0.5: a sentence that misses the rarer half of what
   * was asked answers a different question.
   */
  minCoverage: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { maxSentences: 3, minCoverage: 0.5 };

/**
 * Headlines name the topic rather than answer anything, and BM25's length normalisation favours
 * them for being short: they answer only when no body sentence matches about as well.
 */
const HEADLINE_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.75;

export function answerQuestion(question: string, sentences: readonly IndexedSentence[], options: AnswerOptions = DEFAULT_ANSWER_OPTIONS): QaAnswer {
  const queryTerms = [...new Set(contentTerms(question))];
  if (queryTerms.length === 0 || sentences.length === 0) return { question, sentences: [] };

  const queried = new Set(queryTerms);
  const documents = sentences.map((sentence) => {
    const terms = contentTerms(sentence.text);
    const counts = new Map<string, number>();
    for (const term of terms) if (queried.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
    return { sentence, length: terms.length, counts };
  });
  const documentFrequency = new Map<string, number>();
  for (const document of documents) for (const term of document.counts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const total = documents.length;
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / total || 1;
  // A term the thread never uses weighs like its rarest term, not more: it may be a synonym or an
  // inflection of something that is there ("write" vs "wrote").
  const idf = (term: string) => {
    const df = Math.max(1, documentFrequency.get(term) ?? 0);
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
  const questionWeight = queryTerms.reduce((sum, term) => sum + idf(term), 0);

  const matches = documents
    .map((document) => {
      let score = 0;
      let covered = 0;
      for (const [term, count] of document.counts) {
        const weight = idf(term);
        covered += weight;
        score += (weight * count * (K1 + 1)) / (count + K1 * (1 - B + (B * document.length) / averageLength));
      }
      const weight = document.sentence.headline === true ? HEADLINE_WEIGHT : 1;
      return { sentence: document.sentence, score: score * weight, coverage: covered / questionWeight };
    })
    .filter((match) => match.coverage >= options.minCoverage)
    .sort((a, b) => b.score - a.score || a.sentence.published - b.sentence.published);

  const answer: { text: string; sources: string[] }[] = [];
  const answerTermSets: Set<string>[] = [];
  for (const match of matches) {
    if (answer.length >= options.maxSentences) break;
    const terms = new Set(contentTerms(match.sentence.text));
    const duplicateOf = answerTermSets.findIndex((other) => jaccard(terms, other) >= 0.7);
    if (duplicateOf >= 0) {
      const existing = answer[duplicateOf];
      if (existing !== undefined) existing.sources = [...new Set([...existing.sources, ...match.sentence.sources])];
      continue;
    }
    answer.push({ text: match.sentence.text, sources: [...match.sentence.sources] });
    answerTermSets.push(terms);
  }
  return { question, sentences: answer };
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}
