import { describe, expect, it } from 'vitest';
import { analyseArticle, cleanedArticle, DEFAULT_SENTENCE_LIMITS } from '../../src/core/summaries/article-analysis.js';
import { buildMessages, supportedBy } from '../../src/llm/llm-summarizer.js';
import { articles, TEXT, thread } from '../fixtures/summaries/state-budget-thread.js';

// A scraped page: the article's prose wrapped in the clutter a scraper leaves (trail, TOC, reading time, share and newsletter lines, the headline again).
const CLUTTER = ['Home » Politics » State', 'Table of Contents', '5 min read Post on May 19, 2025', 'Share on Facebook Share on X', 'Sign up for our newsletter to get the latest news every morning.'];
const scraped = articles.map((article) => ({
  ...article,
  text: [CLUTTER[0], article.title, CLUTTER[1], CLUTTER[2], article.text ?? '', CLUTTER[3], CLUTTER[4]].join('\n'),
}));

describe('one cleaning step for every path', () => {
  it('shows the model exactly the cleaned text the offline page reads, with no page clutter', () => {
    const user = buildMessages(thread, scraped, 24_000)[1]?.content ?? '';
    for (const line of CLUTTER) expect(user).not.toContain(line);
    for (const article of scraped) {
      const clean = cleanedArticle(article);
      expect(user).toContain(clean.body);
      // The offline analysis is built from the same cleaned body.
      const analysis = analyseArticle(article, DEFAULT_SENTENCE_LIMITS);
      for (const sentence of analysis.body) expect(clean.body).toContain(sentence.text);
    }
    expect(user).toContain(TEXT.nyt);
  });

  it('never counts a claim as supported by page clutter the cleaning removed', () => {
    const cited = scraped.slice(0, 1);
    expect(supportedBy('Lawmakers in Albany approved the state budget late on Sunday.', cited)).toBe(true);
    expect(supportedBy('Sign up for our newsletter to get the latest news every morning.', cited)).toBe(false);
  });
});
