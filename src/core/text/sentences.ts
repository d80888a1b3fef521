/**
 * Sentence splitting. Sentences are returned as exact substrings of the input with their offsets, so
 * everything built from them can be traced back to (and checked against) the article text.
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
