import { stem } from '../text/stem.js';
import { NEWS_STOPWORDS as STOPWORDS } from '../text/stopwords.js';
import { caseSegments, type CaseSegment, type CaseToken } from '../text/tokenise.js';

/**
 * Turns an article's text into weighted terms. Two ideas carry most of the weight:
 *
 * - Fields: the headline is the editor's one-line statement of the story, so its terms count more
 *   than the same terms deep in the body. Body text uses sublinear term frequency so a long article
 *   does not drown its own headline.
 * - Names: stories are defined by who and where (Putin, Crimea, Mt. Gox, MH370) more than by verbs.
 *   A light, explainable NER marks a token as a name when it is an acronym or alphanumeric code, when
 *   it is capitalised mid-sentence in sentence-case text, or — for Title Case headlines, where
 *   capitalisation says nothing — when earlier sentence-case headlines showed the same word
 *   capitalised mid-sentence most of the time (learned case statistics). Adjacent names also form a
 *   phrase feature (`malaysia_airlin`), which separates "Malaysia Airlines" from "Malaysia" stories.
 */

export const FIELD_WEIGHTS = { title: 2, summary: 1, text: 1 } as const;
/** Names count 1.5× a common word with the same frequency; IDF already rewards rarity separately. */
export const ENTITY_BOOST = 1.5;
/** Phrase features are rarer and more specific than their words: they get the name boost once more. */
const PHRASE_BOOST = 1.5;
/** Long texts contribute their first words only: leads carry the story, tails carry asides. */
const MAX_TEXT_WORDS = 1_500;
/** A headline longer than this is not a headline (a feed put the body there). */
const MAX_TITLE_WORDS = 100;
/** Document frequencies are counted over at most this many distinct features per article. */
export const MAX_DF_FEATURES = 250;

/** Learned from sentence-case headlines: how often a word appeared capitalised mid-sentence vs not. */
export interface CaseStats {
  get(word: string): CaseCounts | undefined;
  set(word: string, counts: CaseCounts): unknown;
}
/** What feature extraction reads of the case statistics. */
export type CaseLookup = Pick<CaseStats, 'get'>;
export interface CaseCounts {
  capitalised: number;
  lower: number;
}

/** Seen capitalised mid-sentence at least twice, and in at least 3 of 4 such sightings. */
const MIN_CASE_EVIDENCE = 2;
const MIN_CAPITALISED_SHARE = 0.75;

/** Codes like MH370 or G20. Digits are ASCII in practice; letters are whatever is not a digit. */
function hasLetterAndDigit(word: string): boolean {
  let digits = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
  }
  return digits > 0 && digits < word.length;
}

function isName(token: CaseToken, segment: CaseSegment, caseStats: CaseLookup): boolean {
  if (token.acronym || hasLetterAndDigit(token.lower)) return true;
  if (!token.capitalised) return false;
  if (!segment.caseless && !token.initial) return true;
  const counts = caseStats.get(token.lower);
  if (!counts || counts.capitalised < MIN_CASE_EVIDENCE) return false;
  return counts.capitalised / (counts.capitalised + counts.lower) >= MIN_CAPITALISED_SHARE;
}

/** Records mid-sentence capitalisation in sentence-case text, for `isName` on later Title Case text. */
export function observeCase(text: string, caseStats: CaseStats): void {
  for (const segment of caseSegments(text)) {
    if (segment.caseless) continue;
    for (const token of segment.tokens) {
      if (token.initial || token.acronym || !/^\p{L}+$/u.test(token.lower) || token.lower.length < 3) continue;
      const counts = caseStats.get(token.lower) ?? { capitalised: 0, lower: 0 };
      if (token.capitalised) counts.capitalised += 1;
      else counts.lower += 1;
      caseStats.set(token.lower, counts);
    }
  }
}

/** Porter stem of a lower-case word (the shared text module's stemmer; codes and numbers unchanged). */
export const stemOf = stem;

function isContentWord(token: CaseToken): boolean {
  if (token.lower.length < 2 && !token.acronym) return false;
  // Bare numbers (prices, counts, years) recur across unrelated stories.
  if (/^[\p{N}.,]+$/u.test(token.lower)) return false;
  return token.acronym || !STOPWORDS.has(token.lower);
}

export interface ArticleText {
  title: string;
  summary?: string;
  text?: string;
}

export interface ExtractedFeatures {
  /** feature → field-weighted, sublinear term frequency (before IDF). */
  weights: Map<string, number>;
  /** feature → the surface form to show in slugs (lower case, unstemmed). */
  surfaces: Map<string, string>;
  /** Features that are names (for slug choice). */
  names: Set<string>;
}

function addField(text: string, fieldWeight: number, caseStats: CaseLookup, out: ExtractedFeatures, wordLimit: number): void {
  const counts = new Map<string, { count: number; boost: number }>();
  let words = 0;
  for (const segment of caseSegments(text)) {
    let previousName: string | null = null;
    for (const token of segment.tokens) {
      if (++words > wordLimit) break;
      if (!isContentWord(token)) {
        previousName = null;
        continue;
      }
      const name = isName(token, segment, caseStats);
      const feature = stemOf(token.lower);
      const entry = counts.get(feature) ?? { count: 0, boost: 1 };
      entry.count += 1;
      if (name) entry.boost = ENTITY_BOOST;
      counts.set(feature, entry);
      if (!out.surfaces.has(feature)) out.surfaces.set(feature, token.lower);
      if (name) out.names.add(feature);
      if (name && previousName !== null) {
        const phrase = `${previousName}_${feature}`;
        const phraseEntry = counts.get(phrase) ?? { count: 0, boost: ENTITY_BOOST * PHRASE_BOOST };
        phraseEntry.count += 1;
        counts.set(phrase, phraseEntry);
        out.names.add(phrase);
      }
      previousName = name ? feature : null;
    }
  }
  for (const [feature, { count, boost }] of counts) {
    out.weights.set(feature, (out.weights.get(feature) ?? 0) + fieldWeight * boost * (1 + Math.log(count)));
  }
}

export function extractFeatures(article: ArticleText, caseStats: CaseLookup): ExtractedFeatures {
  const out: ExtractedFeatures = { weights: new Map(), surfaces: new Map(), names: new Set() };
  addField(article.title, FIELD_WEIGHTS.title, caseStats, out, MAX_TITLE_WORDS);
  if (article.summary) addField(article.summary, FIELD_WEIGHTS.summary, caseStats, out, MAX_TEXT_WORDS);
  // Feeds often repeat the title as the first line of the text; that is already counted.
  if (article.text) addField(article.text, FIELD_WEIGHTS.text, caseStats, out, MAX_TEXT_WORDS);
  return out;
}
