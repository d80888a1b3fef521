import { LRUCache } from 'lru-cache';
import { stem } from './stem.js';
import { ENGLISH_STOPWORDS } from './stopwords.js';

/**
 * Words and content terms. A word is a run of letters or digits in any script (so non-English text
 * still has terms), with an inner apostrophe kept ("o'neill") and a possessive or contraction
 * suffix dropped ("trump's" → "trump", "didn't" → "didnt").
 */

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const SUFFIX = /['’](?:s|d|ll|re|ve|t)$/u;

export interface WordToken {
  /** Lower case, possessive dropped, apostrophes removed. */
  word: string;
  /** Offset of the word in the input. */
  start: number;
  /** The word as printed. */
  surface: string;
}

/** Every word of `text`, in order, with its offset. */
export function words(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const surface = match[0];
    let word = surface.toLowerCase();
    if (word.includes("'") || word.includes('’')) word = word.replace(SUFFIX, '').replace(/['’]/g, '');
    tokens.push({ word, start: match.index, surface });
  }
  return tokens;
}

/**
 * Word → stemmed term, or null for a word that carries no topic: a stopword, a single character,
 * or a short bare number ("3", "10"; years and amounts such as "2014" or "1800" are kept).
 */
export function termOf(word: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): string | null {
  if (word.length < 2 || stopwords.has(word)) return null;
  if (/^\d+$/.test(word) && word.length < 4) return null;
  return stem(word);
}

/** Stemmed content terms of a text, in order (duplicates kept: callers count them). */
export function contentTerms(text: string, stopwords: ReadonlySet<string> = ENGLISH_STOPWORDS): string[] {
  const terms: string[] = [];
  for (const token of words(text)) {
    const term = termOf(token.word, stopwords);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/**
 * contentTerms(text) with the English stopwords, memoised per sentence: a thread's sentences are
 * read by the overview, the framing's supporting sentences and every question asked of the thread.
 * The array is shared between callers and must not be changed.
 */
export function sentenceTerms(text: string): readonly string[] {
  let terms = termsCache.get(text);
  if (terms === undefined) {
    terms = contentTerms(text);
    termsCache.set(text, terms);
  }
  return terms;
}

/**
 * Records terms a caller has worked out from the sentence's words in a longer text (the same
 * words contentTerms would find, since sentences end at whitespace); returns the memoised array.
 */
export function rememberSentenceTerms(text: string, terms: string[]): readonly string[] {
  const known = termsCache.get(text);
  if (known !== undefined) return known;
  termsCache.set(text, terms);
  return terms;
}

const termsCache = new LRUCache<string, readonly string[]>({ max: 50_000 });

export function clearTermsCache(): void {
  termsCache.clear();
}

/** Case, punctuation and whitespace removed: syndicated copies of a sentence compare equal. */
export function dedupKey(sentence: string): string {
  const lower = sentence.toLowerCase();
  // Plain ASCII (most copy) needs no Unicode classes: there a letter or digit is [a-z0-9].
  return (NON_ASCII.test(lower) ? lower.replace(NON_WORD, ' ') : lower.replace(NON_WORD_ASCII, ' ')).trim();
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const NON_WORD_ASCII = /[^a-z0-9]+/g;
