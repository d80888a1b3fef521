import { ENGLISH_STOPWORDS } from '../text/stopwords.js';

/**
 * What a person typed, reduced to comparable words: case and diacritics folded ("Zürich" →
 * "zurich"), invisible characters dropped (zero-width spaces, bidi controls), possessives dropped
 * ("Putin's" → "putin"), and everything that is not a letter or digit — hyphens, punctuation, regex
 * or glob characters, emoji — treated as a word break. Catalogue fields go through the same
 * function, so `trump-putin`, `Trump Putin` and `TRUMP, putin!` meet the same words.
 */

/** Longer text is not a thread name: it is rejected with a clear reply rather than searched. */
export const MAX_QUERY_CHARS = 100;

const FORMAT_CHARACTERS = /\p{Cf}/gu;
const COMBINING_MARKS = /\p{M}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Lower case, no diacritics, no invisible characters. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(FORMAT_CHARACTERS, '').replace(COMBINING_MARKS, '').toLowerCase();
}

/** The words of a text after folding; possessive `'s` and inner apostrophes go ("o'neill" → "oneill"). */
export function foldedWords(text: string): string[] {
  return foldText(text)
    .replace(/['’]s\b/gu, '')
    .replace(/['’]/gu, '')
    .split(NON_WORD)
    .filter(Boolean);
}

export function isStopword(word: string): boolean {
  return ENGLISH_STOPWORDS.has(word);
}

/** The text as it may be echoed back in a reply: invisible characters removed, whitespace collapsed, bounded. */
export function displayText(text: string, max = 60): string {
  const clean = text.replace(FORMAT_CHARACTERS, '').replace(/[`\s]+/gu, ' ').trim();
  return Array.from(clean).length > max ? `${Array.from(clean).slice(0, max - 1).join('')}…` : clean;
}

export type QueryProblem = 'empty' | 'too-long' | 'no-words' | 'too-short' | 'only-stopwords';

export interface AnalysedQuery {
  /** Every folded word, in order. */
  words: string[];
  /** Words that can find a story (stopwords dropped). */
  terms: string[];
  /** The words joined as a slug would be (`trump-putin`). */
  slug: string;
  problem?: QueryProblem;
}

export function analyseQuery(text: string): AnalysedQuery {
  const trimmed = text.replace(FORMAT_CHARACTERS, '').trim();
  const words = foldedWords(trimmed);
  const terms = words.filter((word) => !isStopword(word));
  const base = { words, terms, slug: words.join('-') };
  if (trimmed === '') return { ...base, problem: 'empty' };
  if (Array.from(trimmed).length > MAX_QUERY_CHARS) return { ...base, problem: 'too-long' };
  if (words.length === 0) return { ...base, problem: 'no-words' };
  if (words.join('').length < 2) return { ...base, problem: 'too-short' };
  if (terms.length === 0) return { ...base, problem: 'only-stopwords' };
  return base;
}
