import type { Article } from '../article.js';
import type { ThreadDigest } from '../digest.js';
import { leanBucket, type LeanBucket } from '../lean.js';
import { cleanedArticle } from './article-analysis.js';
import { stem } from '../text/stem.js';
import { dedupKey, words } from '../text/tokenise.js';
import { extractivePage } from './extractive.js';
import { answerQuestion, buildSentenceIndex } from './retrieval.js';

/**
 * The offline page's measures (issue #13), computed from gold-labelled articles: one page per gold
 * story, so the figures are about the pages, not about threading.
 */

/** Suggested questions a page must offer for its story to count as supplied. */
export const MIN_SUGGESTED = 5;

export interface QaCheck {
  story: string;
  question: string;
  type: string;
  /** The answering span, as printed in an article. */
  answer: string;
}

export interface StoryPage {
  story: string;
  articles: Article[];
  page: Pick<ThreadDigest, 'summary' | 'perspectives' | 'qa'>;
}

export function buildStoryPages(articles: readonly Article[], storyOf: (article: Article) => string): StoryPage[] {
  const byStory = new Map<string, Article[]>();
  for (const article of articles) {
    const story = storyOf(article);
    const list = byStory.get(story) ?? [];
    list.push(article);
    byStory.set(story, list);
  }
  return [...byStory].map(([story, list]) => ({ story, articles: list, page: extractivePage(list) }));
}

/** All text of an article that sentences can come from. */
function articleText(article: Article): string {
  return [article.title, article.summary, article.text ?? ''].join('\n');
}

/** Question supply: stories whose page offers ≥ 5 suggested questions answered by a sentence of the story's own articles. */
export function questionSupply(pages: readonly StoryPage[]): { stories: number; supplied: number; rate: number; meanQuestions: number } {
  let supplied = 0;
  let questions = 0;
  for (const { articles, page } of pages) {
    const texts = articles.map((article) => dedupKey(articleText(article)));
    const grounded = page.qa.filter((item) => item.answer.trim() !== '' && texts.some((text) => text.includes(dedupKey(item.answer))));
    questions += grounded.length;
    if (grounded.length >= MIN_SUGGESTED) supplied += 1;
  }
  return { stories: pages.length, supplied, rate: pages.length === 0 ? 0 : supplied / pages.length, meanQuestions: pages.length === 0 ? 0 : questions / pages.length };
}

/** Question answering on a check set: a hit is an answered question whose first sentence contains the expected span. */
export function qaAccuracy(pages: readonly StoryPage[], checks: readonly QaCheck[]): { questions: number; hits: number; rate: number; misses: { question: string; expected: string; got: string }[] } {
  const byStory = new Map(pages.map((page) => [page.story, page]));
  let hits = 0;
  const misses: { question: string; expected: string; got: string }[] = [];
  const indexes = new Map<string, ReturnType<typeof buildSentenceIndex>>();
  for (const check of checks) {
    const page = byStory.get(check.story);
    if (page === undefined) {
      misses.push({ question: check.question, expected: check.answer, got: '(story not in the stream)' });
      continue;
    }
    let index = indexes.get(check.story);
    if (index === undefined) {
      index = buildSentenceIndex(page.articles);
      indexes.set(check.story, index);
    }
    const answer = answerQuestion(check.question, index);
    const first = answer.status === 'answered' ? answer.sentences[0]?.text ?? '' : '';
    if (first !== '' && ` ${dedupKey(first)} `.includes(` ${dedupKey(check.answer)} `)) hits += 1;
    else misses.push({ question: check.question, expected: check.answer, got: `${answer.status}: ${answer.sentences[0]?.text ?? ''}` });
  }
  return { questions: checks.length, hits, rate: checks.length === 0 ? 0 : hits / checks.length, misses };
}

/** Stem counts of a side's cleaned text, the same text the framing was computed from. */
function sideStemCounts(articles: readonly Article[], side: LeanBucket): Map<string, number> {
  const counts = new Map<string, number>();
  for (const article of articles) {
    if (leanBucket(article.lean) !== side) continue;
    const clean = cleanedArticle(article);
    for (const token of words([clean.title, clean.summary, clean.body].join('\n'))) {
      const term = stem(token.word);
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return counts;
}

/** Framing: share of the distinctive terms named for a side that occur more in that side's text than in every other side's. */
export function framingPrecision(pages: readonly StoryPage[]): { terms: number; confirmed: number; rate: number; sidesFramed: number } {
  let terms = 0;
  let confirmed = 0;
  let sidesFramed = 0;
  const sides: LeanBucket[] = ['left', 'center', 'right'];
  for (const { articles, page } of pages) {
    const counts = Object.fromEntries(sides.map((side) => [side, sideStemCounts(articles, side)])) as Record<LeanBucket, Map<string, number>>;
    for (const side of sides) {
      const named = page.perspectives[side]?.terms ?? [];
      if (named.length > 0) sidesFramed += 1;
      for (const term of named) {
        const stems = words(term).map((token) => stem(token.word));
        const count = (map: Map<string, number>) => Math.min(...stems.map((s) => map.get(s) ?? 0));
        terms += 1;
        if (sides.every((other) => other === side || count(counts[side]) > count(counts[other]))) confirmed += 1;
      }
    }
  }
  return { terms, confirmed, rate: terms === 0 ? 1 : confirmed / terms, sidesFramed };
}

/** Every line of text a page shows a reader. */
export function pageLines(page: Pick<ThreadDigest, 'summary' | 'perspectives' | 'qa'>): string[] {
  const lines = [page.summary.text];
  for (const side of ['left', 'center', 'right'] as const) {
    const perspective = page.perspectives[side];
    if (perspective) lines.push(perspective.framing ?? '', perspective.text);
  }
  for (const item of page.qa) lines.push(item.question, item.answer);
  return lines.filter((line) => line !== '');
}

/** Words a clutter line needs before finding it inside a longer output line counts ("Share" or "The call" also occur in prose). */
const MIN_CONTAINED_WORDS = 4;

/**
 * Clutter: the known clutter lines of a fixture that reach any output line, either as a whole line
 * or (for lines of four words or more) inside one.
 */
export function clutterLeaks(page: Pick<ThreadDigest, 'summary' | 'perspectives' | 'qa'>, clutter: readonly string[]): string[] {
  const output = pageLines(page).flatMap((line) => line.split('\n')).map((line) => dedupKey(line));
  return clutter.filter((line) => {
    const key = dedupKey(line);
    if (key === '') return false;
    const long = key.split(' ').length >= MIN_CONTAINED_WORDS;
    return output.some((text) => text === key || (long && ` ${text} `.includes(` ${key} `)));
  });
}
