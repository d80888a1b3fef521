import { describe, expect, it } from 'vitest';
import { analyseArticle, DEFAULT_SENTENCE_LIMITS } from '../../src/core/summaries/article-analysis.js';
import { clearSummaryCaches, extractivePage } from '../../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex } from '../../src/core/summaries/retrieval.js';
import { articlesOf } from '../helpers/page-fixtures.js';

// The page reads each article through a cached analysis; these tests pin down that caching never
// changes what a reader sees, only what it costs.
const trumpPutin = articlesOf('test/fixtures/scraped/trump-putin.jsonl');
const witkoff = articlesOf('test/fixtures/scraped/witkoff-moscow.jsonl');
const copies = (articles: typeof trumpPutin) => articles.map((article) => ({ ...article }));

describe('per-article analysis cache', () => {
  it('gives the same page from empty caches as from caches warmed by other threads and earlier versions', () => {
    clearSummaryCaches();
    const cold = extractivePage(copies(trumpPutin));
    const coldIndex = buildSentenceIndex(copies(trumpPutin));
    // Warm: an earlier version of the thread (one article short) and another thread were summarised first.
    extractivePage(copies(trumpPutin.slice(1)));
    extractivePage(copies(witkoff));
    expect(extractivePage(copies(trumpPutin))).toEqual(cold);
    expect(buildSentenceIndex(copies(trumpPutin))).toEqual(coldIndex);
  });

  it('reuses an article’s analysis for a fresh copy of it (articles are read from Redis anew each time)', () => {
    const [article] = trumpPutin;
    if (article === undefined) throw new Error('fixture is empty');
    expect(analyseArticle({ ...article }, DEFAULT_SENTENCE_LIMITS)).toBe(analyseArticle({ ...article }, DEFAULT_SENTENCE_LIMITS));
  });

  it('analyses an article again when its text changes under the same id', () => {
    const [first, ...rest] = copies(trumpPutin);
    if (first === undefined) throw new Error('fixture is empty');
    extractivePage([first, ...rest]);
    const edited = { ...first, text: `${first.text ?? ''}\nThe Zanzibar ministry confirmed the call would last exactly ninety minutes on Tuesday.` };
    const index = buildSentenceIndex([edited, ...rest]);
    expect(index.some((sentence) => sentence.text.includes('Zanzibar'))).toBe(true);
    expect(answerQuestion('What did the Zanzibar ministry confirm?', index).sentences[0]?.text).toMatch(/Zanzibar ministry/);
  });

  it('answers the same from a stored index read afresh for every question as from the index it was built as', () => {
    const index = buildSentenceIndex(trumpPutin);
    const question = 'When will the Trump–Putin call take place?';
    expect(answerQuestion(question, JSON.parse(JSON.stringify(index)) as typeof index)).toEqual(answerQuestion(question, index));
  });
});
