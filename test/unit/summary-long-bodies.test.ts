import { describe, expect, it } from 'vitest';
import { extractivePage } from '../../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex } from '../../src/core/summaries/retrieval.js';
import { articlesOf } from '../helpers/page-fixtures.js';

const trumpPutin = articlesOf('test/fixtures/scraped/trump-putin.jsonl');

describe('bodies of 200 KB', () => {
  it('builds the full page from 200 KB bodies, reading only their first kilobytes, in bounded time', () => {
    const filler = 'Officials in both capitals spent the day preparing their delegations for the talks ahead. ';
    const tail = 'The zeppelin landed on the roof of the opera house at midnight.';
    const huge = trumpPutin.map((article) => ({ ...article, id: `${article.id}-huge`, text: `${article.text ?? ''}\n${filler.repeat(Math.ceil(200_000 / filler.length))}\n${tail}` }));
    for (const article of huge) expect(article.text.length).toBeGreaterThan(200_000);
    const started = performance.now();
    const page = extractivePage(huge);
    const index = buildSentenceIndex(huge);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(page.summary.text.length).toBeGreaterThan(0);
    expect(page.qa.length).toBeGreaterThanOrEqual(5);
    // Text past the bound is never read: nothing from the end of a 200 KB body reaches the page or the Q&A.
    expect(JSON.stringify(page)).not.toContain('zeppelin');
    expect(index.some((sentence) => sentence.text.includes('zeppelin'))).toBe(false);
    expect(answerQuestion('Where did the zeppelin land?', index).status).not.toBe('answered');
  });
});
