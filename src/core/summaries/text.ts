import { stemmer } from 'stemmer';

/**
 * Sentence splitting and term extraction for the extractive summarizer and offline Q&A. Sentences
 * are returned as exact substrings of the input, so everything built from them can be traced back
 * to (and checked against) the article text it came from.
 */

/** Tokens that end with a period without ending a sentence in English news copy. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'lt', 'col', 'sgt', 'capt', 'cmdr', 'adm', 'maj',
  'st', 'jr', 'sr', 'rev', 'hon', 'pres', 'supt', 'det', 'insp', 'atty', 'amb',
  'inc', 'corp', 'co', 'ltd', 'llc', 'bros', 'dept', 'univ', 'assn',
  'vs', 'etc', 'approx', 'est', 'no', 'nos', 'vol', 'fig', 'ft', 'mt',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'ala', 'ariz', 'ark', 'calif', 'colo', 'conn', 'del', 'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la', 'md',
  'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb', 'nev', 'okla', 'ore', 'pa', 'tenn', 'tex', 'va', 'vt',
  'wash', 'wis', 'wyo',
]);

/** Terminal punctuation (plus closing quotes/brackets), whitespace, then something that can start a sentence. */
const BOUNDARY = /[.!?]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])/g;

export interface SentenceSpan {
  text: string;
  /** Offset of the sentence in the input string. */
  start: number;
}

/**
 * Splits plain text into sentences. Line breaks always end a sentence (feeds and full texts put
 * headlines, bylines and paragraphs on their own lines); inside a line, a period ends a sentence
 * unless it closes an abbreviation, an initial ("J. Smith") or a dotted acronym ("U.S.").
 */
export function splitSentences(text: string, maxSentences = Number.POSITIVE_INFINITY): SentenceSpan[] {
  const sentences: SentenceSpan[] = [];
  const lines = /[^\n]+/g;
  for (let line = lines.exec(text); line !== null && sentences.length < maxSentences; line = lines.exec(text)) {
    const lineText = line[0];
    let sentenceStart = 0;
    BOUNDARY.lastIndex = 0;
    for (let boundary = BOUNDARY.exec(lineText); boundary !== null; boundary = BOUNDARY.exec(lineText)) {
      if (!endsSentence(lineText, boundary.index, boundary[0])) continue;
      const end = boundary.index + boundary[0].trimEnd().length;
      pushTrimmed(sentences, lineText, sentenceStart, end, line.index);
      sentenceStart = boundary.index + boundary[0].length;
      if (sentences.length >= maxSentences) break;
    }
    if (sentences.length < maxSentences) pushTrimmed(sentences, lineText, sentenceStart, lineText.length, line.index);
  }
  return sentences;
}

function endsSentence(line: string, periodIndex: number, punctuation: string): boolean {
  if (!punctuation.startsWith('.')) return true;
  const wordStart = line.lastIndexOf(' ', periodIndex - 1) + 1;
  const word = line.slice(wordStart, periodIndex).replace(/^["'“‘(\[]+/, '');
  if (word.length === 1 && /[A-Z]/.test(word)) return false;
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word)) return false;
  return !ABBREVIATIONS.has(word.toLowerCase());
}

function pushTrimmed(into: SentenceSpan[], line: string, start: number, end: number, lineOffset: number): void {
  const raw = line.slice(start, end);
  const text = raw.trim();
  if (text === '') return;
  into.push({ text, start: lineOffset + start + (raw.length - raw.trimStart().length) });
}

/** Function words that say nothing about what a sentence is about. */
const STOPWORDS = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself him himself ' +
    'his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves says said say told tell according mr mrs ms one two new may might must shall us im ive dont ' +
    'cant wont isnt didnt doesnt thats theres whats its many much'
  ).split(' '),
);

const WORD = /[a-z0-9]+(?:['’][a-z]+)*/g;

/** Stemmed content terms of a text, in order (duplicates kept: callers count them). */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  const lower = text.toLowerCase();
  WORD.lastIndex = 0;
  for (let match = WORD.exec(lower); match !== null; match = WORD.exec(lower)) {
    const term = termOf(match[0]);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/**
 * Word → stemmed term, or null for words that carry no topic. News vocabulary is small next to
 * the number of words read, so the answers are memoised (bounded).
 */
const termCache = new Map<string, string | null>();
const TERM_CACHE_LIMIT = 100_000;

function termOf(token: string): string | null {
  const cached = termCache.get(token);
  if (cached !== undefined) return cached;
  const word = /['’]/.test(token) ? token.replace(/['’](?:s|d|ll|re|ve|t)$/, '').replace(/['’]/g, '') : token;
  const term = word.length < 2 || STOPWORDS.has(word) || (/^\d+$/.test(word) && word.length < 4) ? null : stemmer(word);
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(token, term);
  return term;
}

/** Case, punctuation and whitespace removed: syndicated copies of a sentence compare equal. */
export function dedupKey(sentence: string): string {
  return sentence.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
