import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { answerQuestion, buildSentenceIndex, expectedAnswerType, type IndexedSentence } from '../../src/core/summaries/retrieval.js';

const index: IndexedSentence[] = [
  { text: 'The Senate voted 68 to 32 on Tuesday to approve the immigration overhaul.', sources: ['New York Times', 'Fox News'], published: 1 },
  { text: 'The immigration bill now goes to the House, where Speaker John Boehner has said he will not take it up.', sources: ['Huffington Post'], published: 2 },
  { text: 'Border security provisions would double the number of agents along the southern border.', sources: ['Fox News'], published: 3 },
  { text: 'Supporters rallied outside the Capitol as the vote was announced.', sources: ['New York Times'], published: 4 },
  { text: 'The Senate voted 68-32 on Tuesday to approve the immigration overhaul!', sources: ['Reuters'], published: 5 },
];

describe('offline Q&A', () => {
  it('answers from the sentences that match the question, citing their outlets', () => {
    const answer = answerQuestion('How many senators voted for the immigration bill?', index);
    expect(answer.sentences.length).toBeGreaterThan(0);
    expect(answer.sentences[0]?.text).toMatch(/Senate voted 68/);
    expect(answer.sentences[0]?.sources).toEqual(expect.arrayContaining(['New York Times', 'Fox News']));
  });

  it('offers a near-copy once, crediting both outlets', () => {
    const answer = answerQuestion('When did the Senate vote on the immigration overhaul?', index);
    const voteSentences = answer.sentences.filter((s) => /voted 68/.test(s.text));
    expect(voteSentences).toHaveLength(1);
    expect(voteSentences[0]?.sources).toEqual(expect.arrayContaining(['New York Times', 'Fox News', 'Reuters']));
  });

  it('finds the border sentence for a question about border agents', () => {
    const answer = answerQuestion('What does the bill do about border agents?', index);
    expect(answer.sentences[0]?.text).toMatch(/agents along the southern border/);
    expect(answer.sentences[0]?.sources).toEqual(['Fox News']);
  });

  it('gives no answer to a question the thread does not cover, even when it shares a word with it', () => {
    expect(answerQuestion('What is the recipe for banana bread?', index).sentences).toEqual([]);
    expect(answerQuestion('Who won the Senate race in Montana last autumn?', index).status).not.toBe('answered');
  });

  it('prefers a sentence from an article body over an equally matching headline', () => {
    const withHeadline: IndexedSentence[] = [
      { text: 'Steele to announce decision on RNC run', sources: ['New York Times'], published: 1, headline: true },
      { text: 'Steele told committee members on Monday that he will announce his decision on a second run by phone.', sources: ['Fox News'], published: 2 },
    ];
    expect(answerQuestion('When will Steele announce his decision?', withHeadline).sentences[0]?.sources).toEqual(['Fox News']);
  });

  it('gives no answer to a question with no content words or to an empty thread', () => {
    expect(answerQuestion('what is it?', index)).toMatchObject({ status: 'no-terms', sentences: [] });
    expect(answerQuestion('immigration vote', []).sentences).toEqual([]);
  });
});

describe('answers scoring nearly alike', () => {
  const long = 'Obama spoke during a visit at Key Bridge in Washington, where he was highlighting in a long speech to the assembled workers and local officials the need for federal funding of roads, bridges and other infrastructure projects across the country, as aides and reporters from many outlets looked on during a cold and windy Tuesday morning late in the autumn';
  const speeches = (fuller: string): IndexedSentence[] => [
    { text: 'In a speech in Jakarta last year, Obama praised the motto.', sources: ['A'], published: 1 },
    { text: fuller, sources: ['B'], published: 2 },
    { text: 'Congress passed a resolution on the national motto.', sources: ['C'], published: 3 },
    { text: 'Republicans said the jobs bill would not pass the House.', sources: ['D'], published: 4 },
    { text: 'The speech drew a large crowd of union workers.', sources: ['E'], published: 5 },
  ];

  it('answers first with the one covering clearly more of the question when it scores within a tenth of the best', () => {
    // The long sentence holds "speech" and "infrastructure"; the short one only "speech", and scores a little higher for being short.
    const answer = answerQuestion('Where did Obama give the speech about infrastructure?', speeches(`${long}.`));
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Key Bridge');
  });

  it('keeps the best-scoring answer first when the fuller one scores clearly less', () => {
    const longer = `${long}, with the river running high below the old stone arches and traffic backed up for miles on both sides of the water while the motorcade passed by.`;
    const answer = answerQuestion('Where did Obama give the speech about infrastructure?', speeches(longer));
    expect(answer.sentences[0]?.highlight).toBe('Jakarta');
    expect(answer.sentences[1]?.highlight).toBe('Key Bridge');
  });
});

describe('the Q&A index of a thread', () => {
  const wire = 'The Senate voted 68 to 32 on Tuesday to approve the immigration overhaul.';
  const article = (id: string, outletName: string, published: number, text: string): Article => ({
    id, sourceId: id, outlet: `${id}.example`, outletName, title: `Senate passes immigration bill (${outletName})`, summary: '', text,
    url: `https://example.com/${id}`, published, fetchedAt: published, lean: 'center', country: 'US', backlog: false,
  });

  it('holds each syndicated sentence once with every outlet that printed it, and marks headlines', () => {
    const index = buildSentenceIndex([article('a', 'Reuters', 2, `${wire} More follows.`), article('b', 'AP', 1, `${wire.toUpperCase()}`)]);
    const copies = index.filter((s) => s.text.toLowerCase() === wire.toLowerCase());
    expect(copies).toHaveLength(1);
    expect(copies[0]?.sources.sort()).toEqual(['AP', 'Reuters']);
    expect(copies[0]?.published).toBe(1);
    expect(index.filter((s) => s.headline === true).map((s) => s.text).sort()).toEqual(['Senate passes immigration bill (AP)', 'Senate passes immigration bill (Reuters)']);
  });
});

describe('typed Q&A', () => {
  const sentences: IndexedSentence[] = [
    { text: 'Will Xbox Live ever recover from the outage?', sources: ['Gamespot'], published: 1, headline: true },
    { text: 'Xbox Live went down on Tuesday because a surge of Titanfall players overloaded its servers.', sources: ['The Verge'], published: 2 },
    { text: 'Microsoft said the service was restored in Seattle after four hours.', sources: ['Reuters'], published: 3 },
    { text: 'Phil Spencer, the head of Xbox, apologised to players on Twitter.', sources: ['Polygon'], published: 4 },
  ];

  it('reads the expected answer type from the wording of the question', () => {
    expect(expectedAnswerType('How much is the deal worth?')).toBe('money');
    expect(expectedAnswerType('How many people were killed?')).toBe('number');
    expect(expectedAnswerType('When will the call take place?')).toBe('date');
    expect(expectedAnswerType('Where did they meet?')).toBe('place');
    expect(expectedAnswerType('Why did Xbox Live go down?')).toBe('reason');
    expect(expectedAnswerType('Who is buying Jos. A. Bank?')).toBe('entity');
    expect(expectedAnswerType('What role does Steve Witkoff play?')).toBe('role');
    expect(expectedAnswerType('Who is Steve Witkoff?')).toBe('role');
    expect(expectedAnswerType('What did Peskov say?')).toBe('quote');
  });

  it('never answers with a sentence that is itself a question, and marks the reason it found', () => {
    const answer = answerQuestion('why did xbox live go down?', sentences);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.text).toMatch(/^Xbox Live went down/);
    expect(answer.sentences[0]?.highlight).toMatch(/^because a surge/);
    for (const sentence of answerQuestion('will xbox live recover?', sentences).sentences) expect(sentence.text).not.toMatch(/\?$/);
  });

  it('matches synonyms and inflections ("role" ↔ "head", "restored" ↔ "restore")', () => {
    const answer = answerQuestion('What role does Phil Spencer play?', sentences);
    expect(answer.sentences[0]?.highlight).toBe('the head of Xbox');
  });

  it('says it is unsure and shows the two closest sentences when nothing holds the asked-for span', () => {
    const answer = answerQuestion('How much did the Xbox Live outage cost Microsoft?', sentences);
    expect(answer.status).toBe('unsure');
    expect(answer.sentences.length).toBeLessThanOrEqual(2);
    expect(answer.sentences.length).toBeGreaterThan(0);
  });

  it('answers a 500-character question from its first words, and "what?" with no-terms', () => {
    const long = `Why did Xbox Live go down ${'and what happened next with the servers '.repeat(12)}`.slice(0, 500);
    expect(long.length).toBe(500);
    expect(answerQuestion(long, sentences).status).not.toBe('no-terms');
    expect(answerQuestion('what?', sentences)).toMatchObject({ status: 'no-terms', sentences: [] });
  });

  it('answers what an actor did with a sentence in which that actor does it, not one in which someone does it to the actor', () => {
    const headlines: IndexedSentence[] = ['UberConference Launches Google Docs Add-on', 'Google Launches Add-On Store For Docs And Sheets', 'Docs and Sheets now include add-ons'].map((text, published) => ({
      text,
      sources: [`Outlet ${published}`],
      published,
      headline: true,
    }));
    // Both print "Google" and "launches"; the first is earlier and shorter, so word overlap alone put it first.
    expect(answerQuestion('What did Google launch?', headlines).sentences[0]?.text).toBe('Google Launches Add-On Store For Docs And Sheets');
    expect(answerQuestion('what did google launch?', headlines).status).toBe('answered');
  });
});
