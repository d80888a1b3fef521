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

/**
 * Threading's tokeniser: words split into segments (sentences, headline parts) and kept with their
 * case, because threading tells names from common words by capitalisation (see
 * threading/features.ts). Unlike `words`, it keeps dots, ampersands and hyphens inside a word long
 * enough to read "U.S." as one acronym and splits "Obama-Putin" into two words, and drops only the
 * possessive. Threading figures depend on every detail here: change it only with eval-threads.
 */

export interface CaseToken {
  surface: string;
  lower: string;
  capitalised: boolean;
  acronym: boolean;
  /** First word of its sentence/segment: capitalisation there means nothing. */
  initial: boolean;
}

export interface CaseSegment {
  tokens: CaseToken[];
  /** Title Case or ALL CAPS: capitalisation carries no signal about names. */
  caseless: boolean;
}

const CASE_WORD = /[\p{L}\p{N}]+(?:['’.&-][\p{L}\p{N}]+)*/gu;
const NON_LETTERS = /[^\p{L}]/gu;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}?$/u;
const SEGMENT_BREAK = /[.!?:;|"“”()[\]—–]\s+|\n+|\s[-–—|]\s/u;

function isUpper(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function makeCaseToken(piece: string, initial: boolean): CaseToken {
  const first = piece[0] ?? '';
  const capitalised = isUpper(first);
  let acronym = false;
  if (capitalised && piece.length >= 2 && piece.length <= 8) {
    const letters = piece.replace(NON_LETTERS, '');
    acronym = letters.length >= 2 && letters.length <= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
  }
  let lower = piece.toLowerCase();
  if (lower.includes("'") || lower.includes('’') || lower.includes('.')) lower = lower.replace(/['’.]/g, '');
  return { surface: piece, lower, capitalised, acronym, initial };
}

/** Pure function of its input; memoised for the one text most often tokenised twice (a headline). */
let lastSegmented: { text: string; segments: CaseSegment[] } | null = null;

export function caseSegments(text: string): CaseSegment[] {
  if (lastSegmented?.text === text) return lastSegmented.segments;
  const segments: CaseSegment[] = [];
  for (const part of text.split(SEGMENT_BREAK)) {
    const tokens: CaseToken[] = [];
    for (const match of part.matchAll(CASE_WORD)) {
      // "U.S." and "Fed's": drop dots inside acronyms and the possessive, which are spelling, not meaning.
      let surface = match[0];
      if (surface.endsWith("'s") || surface.endsWith('’s') || surface.endsWith("'S")) surface = surface.slice(0, -2);
      if (surface.includes('.') && DOTTED_ACRONYM.test(surface)) surface = surface.replace(/\./g, '');
      if (surface.includes('-') || surface.includes('&')) {
        for (const piece of surface.split(/[-&]/)) if (piece !== '') tokens.push(makeCaseToken(piece, tokens.length === 0));
      } else if (surface !== '') tokens.push(makeCaseToken(surface, tokens.length === 0));
    }
    if (tokens.length === 0) continue;
    // A segment is caseless when most longer words are capitalised (Title Case) or shouted.
    let longer = 0;
    let longerCapitalised = 0;
    let acronyms = 0;
    for (const token of tokens) {
      if (token.acronym) acronyms++;
      if (!token.initial && token.lower.length >= 4) {
        longer++;
        if (token.capitalised) longerCapitalised++;
      }
    }
    const shouted = acronyms / tokens.length > 0.6;
    if (shouted) for (const token of tokens) token.acronym = false;
    segments.push({ tokens, caseless: shouted || longer === 0 || longerCapitalised / longer >= 0.6 });
  }
  lastSegmented = { text, segments };
  return segments;
}

/** Text to match literally inside a RegExp built from it ("Mt. Gox", "Jos. A. Bank", "$19"). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
