import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { analyseArticle, DEFAULT_SENTENCE_LIMITS } from '../../src/core/summaries/article-analysis.js';
import { extractivePage } from '../../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex, type IndexedSentence } from '../../src/core/summaries/retrieval.js';
import { buildSentencePool } from '../../src/core/summaries/sentence-pool.js';

// Two-stage retrieval: the Q&A index holds each article's lead (its first 20 sentences) and its
// deep sentences (up to the 60th), and answers from the deep ones only when the lead answers nothing
// with confidence, or answers with clearly less of the question. Searched together, the deep
// sentences of long bodies outscored right answers from the lead.

const article = (id: string, text: string, published = 1): Article => ({
  id, sourceId: id, outlet: `${id}.example`, outletName: `Outlet ${id}`, title: `The senator's budget fight (${id})`, summary: '', text,
  url: `https://example.com/${id}`, published, fetchedAt: published, lean: 'center', country: 'US', backlog: false,
});

/** A body of `count` filler sentences, each distinct and about nothing a question asks. */
const filler = (count: number, from = 0) => Array.from({ length: count }, (_, i) => `Paragraph ${i + from} of the report described routine committee business in detail.`).join(' ');

describe('deep sentences in the Q&A index', () => {
  it('keeps the lead the page reads unchanged and puts the sentences past it in the index only, marked deep', () => {
    const body = `${filler(20)} The treasurer of the campaign was Maria Delgado, a former banker. ${filler(10, 20)}`;
    const analysis = analyseArticle(article('a', body), DEFAULT_SENTENCE_LIMITS);
    expect(analysis.body).toHaveLength(DEFAULT_SENTENCE_LIMITS.maxTextSentencesPerArticle);
    expect(analysis.deep[0]?.text).toMatch(/Maria Delgado/);
    // The page (overview, sides, suggested questions) never reads a deep sentence.
    expect(buildSentencePool([article('a', body)]).sentences.some((s) => /Delgado/.test(s.text))).toBe(false);
    const index = buildSentenceIndex([article('a', body)]);
    expect(index.find((s) => /Delgado/.test(s.text))?.deep).toBe(true);
    expect(index.filter((s) => s.deep !== true).every((s) => !/Paragraph 2[0-9]/.test(s.text))).toBe(true);
  });

  it('answers from a deep sentence when the lead holds no confident answer', () => {
    const body = `${filler(20)} The treasurer of the campaign was Maria Delgado, a former banker. ${filler(10, 20)}`;
    const answer = answerQuestion('Who was the treasurer of the campaign?', buildSentenceIndex([article('a', body)]));
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Maria Delgado');
  });

  it('keeps a lead answer that covers the whole question, however well a deep sentence matches', () => {
    const index: IndexedSentence[] = [
      { text: 'The treasurer of the campaign was Maria Delgado, a former banker.', sources: ['A'], published: 1 },
      { text: 'The treasurer of the campaign, said Tom Reyes, was the real power in the campaign.', sources: ['B'], published: 2, deep: true },
    ];
    expect(answerQuestion('Who was the treasurer of the campaign?', index).sentences[0]?.highlight).toBe('Maria Delgado');
  });

  it('lets a deep sentence replace a lead answer only when it covers clearly more of the question', () => {
    const index: IndexedSentence[] = [
      // Holds a date and "Page", but not the rarer "quit" and "bureau": a weak answer.
      { text: 'In June, Page was seen at a Washington restaurant with friends.', sources: ['A'], published: 1 },
      { text: 'Ms. Page quit the bureau in May after the messages came out.', sources: ['B'], published: 2, deep: true },
      { text: 'The bureau reviewed its rules on personal messages.', sources: ['C'], published: 3 },
      { text: 'Washington lawmakers questioned the bureau chief for hours.', sources: ['D'], published: 4 },
    ];
    const answer = answerQuestion('In what month did Page quit the bureau?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.text).toMatch(/quit the bureau in May/);
  });

  // "Who is the House Republican whip?": "whip" is common in this thread, so a deep sentence naming the whip covers only
  // a little more of the question than a lead sentence naming someone else; it replaces that answer only when it also
  // scores at least twice as well as every lead sentence in the whole index's ranking.
  const whipThread = (lead: string): IndexedSentence[] => [
    { text: lead, sources: ['A'], published: 1 },
    ...['The House met on Monday to debate the spending bill.', 'Democrats in the House said the bill fell short.', 'Senate Republicans unveiled their own plan on Tuesday.', 'The White House said talks would go on.', 'The whip count was close all week.', 'A whip notice went out to members.'].map((text, i) => ({ text, sources: ['F'], published: 10 + i })),
    { text: 'Republican Whip Steve Scalise called on Democrats to negotiate.', sources: ['B'], published: 2, deep: true },
  ];

  it('lets a deep sentence covering a little more of the question replace a lead answer it outscores at least twice', () => {
    const weakLead =
      'House Republicans, after a long and tiring week of talks over the spending bill and the border wall, met late on Monday evening in the Capitol basement, in a room crowded with aides, staff and reporters waiting for news, with White House adviser Stephen Miller, who has shaped the plan for months.';
    const answer = answerQuestion('Who is the House Republican whip?', whipThread(weakLead));
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Steve Scalise');
  });

  it('keeps a lead answer that a deep sentence covering a little more of the question outscores by less than twice', () => {
    const answer = answerQuestion('Who is the House Republican whip?', whipThread('House Republicans met with White House adviser Stephen Miller on Monday.'));
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Stephen Miller');
  });

  it('never answers with a deep sentence that is itself a question, and stays unsure instead', () => {
    const index: IndexedSentence[] = [
      { text: 'The committee met on Tuesday to discuss the budget.', sources: ['A'], published: 1 },
      { text: 'Who was the treasurer of the campaign, Maria Delgado or Tom Reyes?', sources: ['B'], published: 2, deep: true },
    ];
    const answer = answerQuestion('Who was the treasurer of the campaign?', index);
    expect(answer.status).not.toBe('answered');
    expect(answer.sentences.every((s) => !s.text.endsWith('?'))).toBe(true);
  });

  it('bounds a 200 KB body: at most 60 sentences are analysed, read from its first 24 KB', () => {
    const huge = filler(4_000);
    expect(huge.length).toBeGreaterThan(200_000);
    const analysis = analyseArticle(article('huge', huge), DEFAULT_SENTENCE_LIMITS);
    expect(analysis.body.length + analysis.deep.length).toBe(DEFAULT_SENTENCE_LIMITS.maxDeepSentencesPerArticle);
    const started = performance.now();
    const index = buildSentenceIndex([article('h1', huge), article('h2', filler(4_000, 5_000), 2)]);
    answerQuestion('Who was the treasurer of the campaign?', index);
    expect(index.length).toBeLessThanOrEqual(2 * (DEFAULT_SENTENCE_LIMITS.maxDeepSentencesPerArticle + 1));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('leaves the page of a short article as it was: no deep sentences, same suggested questions', () => {
    const short = article('s', 'Senator Jane Roe announced on Monday that she will run for governor. She made the announcement in Denver.');
    expect(analyseArticle(short, DEFAULT_SENTENCE_LIMITS).deep).toEqual([]);
    expect(buildSentenceIndex([short]).some((s) => s.deep === true)).toBe(false);
    expect(extractivePage([short]).qa).toEqual(extractivePage([short]).qa);
  });
});
