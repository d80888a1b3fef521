import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Article } from '../article.js';
import { cleanArticleText } from '../text/clean.js';
import { splitSentences } from '../text/sentences.js';
import { clearSpanCache } from '../text/spans.js';
import { clearStemCache } from '../text/stem.js';
import { clearTermsCache, dedupKey, rememberSentenceTerms, sentenceTerms, termOf, words, type WordToken } from '../text/tokenise.js';
import { countArticleFraming, FRAMING_TEXT_CHARS, type ArticleFramingCounts } from './framing-counts.js';

/**
 * Everything the offline page reads from one article, worked out once: the body cleaned of page
 * clutter, split into sentences, each sentence tokenised and stemmed, and the article's framing
 * counts. The overview, the framing, the suggested questions and the Q&A index all read this
 * analysis, so a thread's page costs one pass over each article's text, and a thread that gains a
 * few articles re-reads only those (the summary job rebuilds the page on every material change).
 *
 * Analyses are kept in a bounded LRU cache keyed by the article id, a SHA-1 of the text the
 * analysis reads (title, summary, the part of the body that is cleaned) and the limits that shape
 * it, so an edited article is analysed again and two threads sharing an article share its analysis.
 */

export interface SentenceLimits {
  /** Characters of each full text that are cleaned and split at all. */
  maxTextCharsPerArticle: number;
  /** Sentences taken from the start of each full text: news leads carry the story. */
  maxTextSentencesPerArticle: number;
  maxSummarySentencesPerArticle: number;
  /**
   * Sentences of each full text read for Q&A in all, the lead's included: the sentences past the
   * lead are searched only when the lead answers nothing with confidence (see `deep`).
   */
  maxDeepSentencesPerArticle: number;
  /** Characters of each cleaned full text those sentences are read from (the raw text read is twice this, so a 200 KB body costs what 24 KB does). */
  maxDeepTextCharsPerArticle: number;
}

export const DEFAULT_SENTENCE_LIMITS: SentenceLimits = {
  maxTextCharsPerArticle: 6_000,
  maxTextSentencesPerArticle: 20,
  maxSummarySentencesPerArticle: 3,
  maxDeepSentencesPerArticle: 60,
  maxDeepTextCharsPerArticle: 12_000,
};

export interface AnalysedSentence {
  text: string;
  /** dedupKey(text): copies differing only in case or punctuation compare equal. */
  key: string;
  /** Stemmed content terms, in order. */
  terms: readonly string[];
  /** A link, a handle or a share/subscribe line that slipped past cleaning: never shown. */
  boilerplate: boolean;
}

export interface ArticleAnalysis {
  /** The trimmed headline, or null when the article has none. */
  title: AnalysedSentence | null;
  summary: readonly AnalysedSentence[];
  body: readonly AnalysedSentence[];
  /**
   * The full text's sentences after `body` (up to maxDeepSentencesPerArticle in all): never on the
   * page, only in the Q&A index, which searches them when the lead answers nothing with confidence.
   */
  deep: readonly AnalysedSentence[];
  framing: ArticleFramingCounts;
}

/**
 * Roughly 2,000 articles' analyses (each a few tens of kilobytes): enough for the threads a summary
 * worker refreshes within minutes, while a 5,000-article thread is cut to 200 articles before it
 * is analysed at all. Bounded by size, so a cache of long texts stays within its budget.
 */
const CACHE_MAX_CHARS = 40_000_000;

const cache = new LRUCache<string, ArticleAnalysis>({
  maxSize: CACHE_MAX_CHARS,
  sizeCalculation: (analysis) => sizeOf(analysis),
});

function sizeOf(analysis: ArticleAnalysis): number {
  let chars = 0;
  for (const sentence of [...(analysis.title === null ? [] : [analysis.title]), ...analysis.summary, ...analysis.body, ...analysis.deep]) {
    chars += sentence.text.length * 2 + sentence.terms.length * 8;
  }
  // Each counted term holds a map entry and a surface map: about 100 bytes.
  return Math.max(1, chars + analysis.framing.counts.size * 100);
}

/** Characters of cleaned text an analysis reads: the lead's, or more for the deep sentences. */
function readChars(limits: SentenceLimits): number {
  return Math.max(limits.maxTextCharsPerArticle, limits.maxDeepTextCharsPerArticle);
}

function cacheKey(article: Article, limits: SentenceLimits): string {
  const hash = createHash('sha1');
  hash.update(article.title).update('\u0000').update(article.summary).update('\u0000');
  hash.update(article.text === undefined ? '\u0001' : article.text.slice(0, readChars(limits) * 2));
  return `${article.id}\u0000${hash.digest('base64')}\u0000${limits.maxTextCharsPerArticle}/${limits.maxTextSentencesPerArticle}/${limits.maxSummarySentencesPerArticle}/${limits.maxDeepSentencesPerArticle}/${limits.maxDeepTextCharsPerArticle}`;
}

const BOILERPLATE = /https?:\/\/|www\.|click here|read more|sign up|subscribe|all rights reserved|©|follow us|advertisement|newsletter|contributed to this report/i;
/**
 * A handle or an address is page furniture in a contact or follow line ("Follow @jdoe", "jdoe@paper.com")
 * or a short credit; in a sentence of prose it is news ("Lauten, 31, who has 14,000 followers on
 * Twitter as @DCGopGirl, wrote …").
 */
const HANDLE_CLUTTER = /follow[^.]*@\w|^\W*@\w|\w@\w+\.\w/i;
const HANDLE = /@\w/;
/** Words below which a sentence holding a handle is a credit or a follow line, not prose. */
const MIN_PROSE_WORDS_WITH_HANDLE = 12;

function isBoilerplate(text: string): boolean {
  if (BOILERPLATE.test(text)) return true;
  if (!HANDLE.test(text)) return false;
  return HANDLE_CLUTTER.test(text) || text.split(/\s+/).length < MIN_PROSE_WORDS_WITH_HANDLE;
}

function analysed(text: string, terms: readonly string[] = sentenceTerms(text)): AnalysedSentence {
  return { text, key: dedupKey(text), terms, boilerplate: isBoilerplate(text) };
}

/** Terms of each sentence of `body`, read from the body's words (tokenised once for the framing as well), with where each sentence ends. */
function bodySentences(body: string, tokens: readonly WordToken[], maxSentences: number, from = 0): { sentences: AnalysedSentence[]; end: number } {
  const sentences = splitSentences(body, maxSentences);
  const out: AnalysedSentence[] = [];
  let next = 0;
  let last = 0;
  for (const sentence of sentences) {
    const end = sentence.start + sentence.text.length;
    last = end;
    if (sentence.start < from) continue;
    while (next < tokens.length && (tokens[next]?.start ?? 0) < sentence.start) next += 1;
    const terms: string[] = [];
    for (; next < tokens.length && (tokens[next]?.start ?? end) < end; next += 1) {
      const term = termOf((tokens[next] as WordToken).word);
      if (term !== null) terms.push(term);
    }
    out.push(analysed(sentence.text, rememberSentenceTerms(sentence.text, terms)));
  }
  return { sentences: out, end: last };
}

/** An article's text as every reader of it sees it: the headline, and summary and body cleaned of page clutter. */
export interface CleanedArticle {
  title: string;
  summary: string;
  body: string;
}

/**
 * The one cleaning step for article text. The offline page (overview, framing, questions, Q&A),
 * the LLM prompt and the check of the LLM's claims all read an article through this, so a model is
 * never shown, and a claim is never "supported" by, page clutter the offline page would not use.
 * Page clutter (trails, bylines, "5 min read", share lines, the headline again) is removed; cleaning
 * looks at whole lines, so it reads a little more than it keeps, and a 200 KB body costs what 12 KB does.
 */
export function cleanedArticle(article: Article, maxTextChars: number = DEFAULT_SENTENCE_LIMITS.maxTextCharsPerArticle): CleanedArticle {
  return {
    title: article.title.trim(),
    summary: cleanArticleText(article.summary, { title: article.title, keepShort: true }),
    body: article.text === undefined ? '' : cleanArticleText(article.text.slice(0, maxTextChars * 2), { title: article.title }).slice(0, maxTextChars),
  };
}

export function analyseArticle(article: Article, limits: SentenceLimits): ArticleAnalysis {
  const key = cacheKey(article, limits);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // Cleaning reads whole lines in order, so the lead's text is the start of the longer text read for the deep sentences.
  const { title, summary, body: fullBody } = cleanedArticle(article, readChars(limits));
  const body = fullBody.slice(0, limits.maxTextCharsPerArticle);
  const bodyTokens = words(body);
  const framingBody = body.slice(0, FRAMING_TEXT_CHARS);
  const lead = bodySentences(body, bodyTokens, limits.maxTextSentencesPerArticle);
  // The deep sentences start after the lead's last sentence; the lead's words are not read again.
  const deepTokens = fullBody.length === body.length ? bodyTokens : words(fullBody);
  const deep = limits.maxDeepSentencesPerArticle > limits.maxTextSentencesPerArticle && (lead.sentences.length >= limits.maxTextSentencesPerArticle || fullBody.length > body.length)
    ? bodySentences(fullBody, deepTokens, limits.maxDeepSentencesPerArticle, lead.end).sentences
    : [];
  const analysis: ArticleAnalysis = {
    title: title === '' ? null : analysed(title),
    summary: splitSentences(summary, limits.maxSummarySentencesPerArticle).map((sentence) => analysed(sentence.text)),
    body: lead.sentences,
    deep,
    framing: countArticleFraming(article.title, article.summary, framingBody, framingBody.length === body.length ? bodyTokens : words(framingBody)),
  };
  cache.set(key, analysis);
  return analysis;
}

/** Empties every text cache the page uses (the benchmark's cold figure starts from here). */
export function clearAnalysisCaches(): void {
  cache.clear();
  clearTermsCache();
  clearSpanCache();
  clearStemCache();
}
