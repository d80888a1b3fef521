import type { Article } from '../article.js';
import { leanBucket, type LeanBucket } from '../lean.js';
import { sentenceTerms } from '../text/tokenise.js';
import { analyseArticle, DEFAULT_SENTENCE_LIMITS, type AnalysedSentence, type ArticleAnalysis, type SentenceLimits } from './article-analysis.js';
import { tfidfVector, Vocabulary, type TermVector } from './similarity.js';

/**
 * Every sentence a thread's articles offer the summarizer, syndicated copies merged: the same
 * sentence printed by three outlets is one entry with three occurrences, so it is picked (and
 * cited) once.
 */

export interface PoolLimits extends SentenceLimits {
  /** Articles kept per lean bucket (half the most recent, half the most typical of the bucket). */
  maxArticlesPerBucket: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { maxArticlesPerBucket: 50, ...DEFAULT_SENTENCE_LIMITS };

export type Bucket = LeanBucket | 'unrated';

export interface Occurrence {
  /** This outlet's exact wording: copies that differ only in case or punctuation share an entry. */
  text: string;
  outletName: string;
  bucket: Bucket;
  published: number;
  /** Index of the sentence inside its article (0 = headline). */
  position: number;
}

export interface PooledSentence {
  text: string;
  vector: TermVector;
  termCount: number;
  /** Printed only as a headline, never in an article's summary or text. */
  isHeadline: boolean;
  /** Position in the pool of the sentence read just before this one's first printing (see CollectedSentence.previous). */
  previous?: number;
  /** A complete statement from an article body (not a headline), of the length of a real sentence. */
  isProse: boolean;
  occurrences: Occurrence[];
}

export interface SentencePool {
  sentences: PooledSentence[];
  articles: Article[];
  dimensions: number;
  /** Each kept article's analysis, by article id (the framing reads its counts from it). */
  analyses: Map<string, ArticleAnalysis>;
}

/** A distinct sentence of the kept articles with every outlet that printed it, before any weighting. */
export interface CollectedSentence {
  text: string;
  terms: readonly string[];
  inBody: boolean;
  occurrences: Occurrence[];
  /**
   * The sentence its first printing follows in that article (the headline for the first body
   * sentence). A sentence often names its subject only there ("Her office claims the bill would cut
   * deficits by $416 billion" after "…the plan Hutchison is calling for"), so Q&A reads it as context.
   */
  previous?: CollectedSentence;
  /** Printed only past the lead of its articles (see ArticleAnalysis.deep): read by Q&A, never put on the page. */
  deep?: boolean;
}

const ENDS_LIKE_PROSE = /[.!?]["'”’)\]]*$/;
/** Cut off by the feed ("…", "...") or a question: neither reads as a statement of what happened. */
const NOT_A_STATEMENT = /(?:\.\.\.|…|\?["'”’)\]]*)$/;

export function buildSentencePool(articles: readonly Article[], limits: PoolLimits = DEFAULT_POOL_LIMITS): SentencePool {
  const { kept, analyses, sentences: collected } = collectSentences(articles, limits);
  const vocabulary = new Vocabulary();
  const withTerms = collected.map((entry) => ({ entry, termIds: vocabulary.addDocument(entry.terms) }));
  const positions = new Map(collected.map((entry, position) => [entry, position]));
  const sentences = withTerms.map(({ entry: { text, inBody, occurrences, previous }, termIds }) => ({
    text,
    occurrences,
    ...(previous !== undefined ? { previous: positions.get(previous) } : {}),
    termCount: termIds.length,
    vector: tfidfVector(termIds, vocabulary),
    isHeadline: !inBody,
    isProse: inBody && isProse(text, termIds.length),
  }));
  return { sentences, articles: kept, dimensions: vocabulary.size, analyses };
}

/**
 * The kept articles' distinct sentences in reading order (each article's headline, summary, then
 * body), syndicated copies merged. Each article's text is read through its cached analysis.
 */
export function collectSentences(
  articles: readonly Article[],
  limits: PoolLimits = DEFAULT_POOL_LIMITS,
  options: { deep?: boolean } = {},
): { kept: Article[]; analyses: Map<string, ArticleAnalysis>; sentences: CollectedSentence[] } {
  const kept = boundArticles(articles, limits.maxArticlesPerBucket);
  const byKey = new Map<string, CollectedSentence>();
  const analyses = new Map<string, ArticleAnalysis>();
  // The sentence last read in the current article: the context of the next one.
  let last: CollectedSentence | undefined;
  const add = (sentence: AnalysedSentence, article: Article, position: number, deep = false) => {
    const { key, text } = sentence;
    if (key === '' || sentence.boilerplate) return;
    const occurrence: Occurrence = { text, outletName: article.outletName, bucket: leanBucket(article.lean), published: article.published, position };
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { text, terms: sentence.terms, inBody: position > 0, occurrences: [occurrence], ...(last !== undefined ? { previous: last } : {}), ...(deep ? { deep } : {}) };
      byKey.set(key, entry);
    } else {
      entry.inBody ||= position > 0;
      // A sentence one outlet prints in its lead is a lead sentence, wherever another prints it.
      if (!deep) delete entry.deep;
      if (!entry.occurrences.some((o) => o.outletName === occurrence.outletName && o.bucket === occurrence.bucket)) entry.occurrences.push(occurrence);
    }
    last = entry;
  };
  for (const article of kept) {
    const analysis = analyseArticle(article, limits);
    analyses.set(article.id, analysis);
    last = undefined;
    let position = 0;
    // Position 0 is always the headline, even when it is empty, so body sentences start at 1.
    if (analysis.title !== null) add(analysis.title, article, position);
    position += 1;
    for (const sentence of analysis.summary) add(sentence, article, position++);
    for (const sentence of analysis.body) add(sentence, article, position++);
    if (options.deep === true) for (const sentence of analysis.deep) add(sentence, article, position++, true);
  }
  return { kept, analyses, sentences: [...byKey.values()] };
}

/** Headlines never count: they are written to be clicked, not to inform in a paragraph. */
function isProse(text: string, termCount: number): boolean {
  return ENDS_LIKE_PROSE.test(text) && !NOT_A_STATEMENT.test(text) && text.length >= 40 && text.length <= 320 && termCount >= 4 && /^["'“‘(]?[A-Z0-9]/.test(text) && quotesBalanced(text);
}

/** A sentence with half a quotation in it is a fragment of a longer quote, meaningless alone. */
function quotesBalanced(text: string): boolean {
  const straight = text.split('"').length - 1;
  const opening = text.split('“').length - 1;
  const closing = text.split('”').length - 1;
  return straight % 2 === 0 && opening === closing;
}

/**
 * Caps the articles considered so a 5,000-article thread costs what a 250-article one does, without
 * letting the biggest side crowd out the others: each bucket keeps its own most recent articles and
 * the ones whose headlines share the most terms with the rest of that bucket.
 */
export function boundArticles(articles: readonly Article[], maxPerBucket: number): Article[] {
  const byBucket = new Map<Bucket, Article[]>();
  for (const article of articles) {
    const bucket = leanBucket(article.lean);
    const list = byBucket.get(bucket) ?? [];
    list.push(article);
    byBucket.set(bucket, list);
  }
  const kept: Article[] = [];
  for (const list of byBucket.values()) {
    if (list.length <= maxPerBucket) {
      kept.push(...list);
      continue;
    }
    const recentFirst = [...list].sort((a, b) => b.published - a.published || a.id.localeCompare(b.id));
    const chosen = new Set(recentFirst.slice(0, Math.ceil(maxPerBucket / 2)));
    for (const article of mostTypical(list)) {
      if (chosen.size >= maxPerBucket) break;
      chosen.add(article);
    }
    kept.push(...chosen);
  }
  return kept.sort((a, b) => a.published - b.published || a.id.localeCompare(b.id));
}

/** Articles ordered by how many of their headline terms the other headlines share (mean log frequency). */
function mostTypical(articles: readonly Article[]): Article[] {
  const termSets = articles.map((article) => new Set(sentenceTerms(article.title)));
  const frequency = new Map<string, number>();
  for (const terms of termSets) for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const scored = articles.map((article, index) => {
    const terms = termSets[index] ?? new Set<string>();
    let score = 0;
    for (const term of terms) score += Math.log(frequency.get(term) ?? 1);
    return { article, score: terms.size === 0 ? 0 : score / Math.sqrt(terms.size) };
  });
  scored.sort((a, b) => b.score - a.score || a.article.id.localeCompare(b.article.id));
  return scored.map((entry) => entry.article);
}
