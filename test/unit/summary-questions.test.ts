import { describe, expect, it } from 'vitest';
import { extractivePage } from '../../src/core/summaries/extractive.js';
import { answerQuestion, buildSentenceIndex } from '../../src/core/summaries/retrieval.js';
import { amountOf, suggestQuestions } from '../../src/core/summaries/questions.js';
import type { IndexedSentence } from '../../src/core/summaries/retrieval.js';
import { articlesOf, printedText } from '../helpers/page-fixtures.js';

const trumpPutin = articlesOf('test/fixtures/scraped/trump-putin.jsonl');
const josBank = articlesOf('data/streams/uci-news-2014-03.jsonl', (record) => /Jos\.? A\.? Bank/i.test(record.title));

describe('suggested questions', () => {
  it('asks what a reader would about a planned Trump–Putin call, each answered from the articles with its span marked', () => {
    const { qa } = extractivePage(trumpPutin);
    expect(qa.length).toBeGreaterThanOrEqual(5);
    expect(qa.length).toBeLessThanOrEqual(10);
    const questions = qa.map((item) => item.question);
    expect(questions).toContain('What role does Steve Witkoff play?');
    expect(questions.some((question) => /^When will the .*call take place\?$/.test(question))).toBe(true);
    const printed = printedText(trumpPutin);
    for (const item of qa) {
      expect(item.question).toMatch(/^[A-Z].*\?$/);
      expect(printed).toContain(item.answer);
      expect(item.sources.length).toBeGreaterThan(0);
      if (item.highlight !== undefined) expect(item.answer).toContain(item.highlight);
    }
    expect(qa.find((item) => item.question === 'What role does Steve Witkoff play?')?.highlight).toMatch(/special envoy/);
    // "Witkoff, the U.S. special envoy, held talks with Putin in Moscow": an appositive between subject and verb.
    expect(qa.find((item) => item.question === 'Where did Steve Witkoff hold talks with Putin?')?.highlight).toBe('Moscow');
    // "a 30-day ceasefire": how long it lasts is a reader's question.
    expect(qa.find((item) => /^How long is the (?:ceasefire|truce)\?$/.test(item.question))?.highlight).toMatch(/^30/);
    // A head of state's title is what everyone knows: no "What role does Donald Trump play? → U.S. President".
    expect(questions).not.toContain('What role does Donald Trump play?');
    expect(questions).not.toContain('Who is the U.S. President?');
  });

  it('asks when the envoy went to Moscow, from a sentence where he goes there ("flew to Moscow on Thursday")', () => {
    const { qa } = extractivePage(articlesOf('test/fixtures/scraped/witkoff-moscow.jsonl'));
    const trip = qa.find((item) => item.question === 'When did Steve Witkoff fly to Moscow?');
    expect(trip?.highlight).toMatch(/Thursday/);
  });

  it('asks how much the Jos. A. Bank deal is worth on a thread of headlines only', () => {
    expect(josBank.every((article) => article.text === undefined)).toBe(true);
    const { qa, summary } = extractivePage(josBank);
    const deal = qa.find((item) => /^How much is the Jos\.? A\.? Bank deal worth\?$/.test(item.question));
    expect(deal?.highlight).toMatch(/\$1\.8 ?b/i);
    // Headline-only overviews are statements: no headline that asks a question.
    expect(summary.text).not.toMatch(/\?/);
  });

  it('gives a one-outlet thread its questions from that outlet alone', () => {
    const cnn = trumpPutin.filter((article) => article.outletName === 'CNN');
    const { qa } = extractivePage(cnn);
    expect(qa.length).toBeGreaterThan(0);
    for (const item of qa) expect(item.sources).toEqual(['CNN']);
  });

  it('answers typed questions the way the buttons do, and marks the answering span', () => {
    const index = buildSentenceIndex(trumpPutin);
    const role = answerQuestion('What role does Steve Witkoff play?', index);
    expect(role).toMatchObject({ status: 'answered', type: 'role' });
    expect(role.sentences[0]?.highlight).toMatch(/envoy/);
    const when = answerQuestion('When will Trump and Putin talk?', index);
    expect(when.type).toBe('date');
    expect(when.sentences[0]?.highlight).toMatch(/Tuesday/);
    const who = answerQuestion('Who confirmed the call?', index);
    expect(who.sentences[0]?.highlight).toBe('Dmitry Peskov');
    const money = answerQuestion('how much is the deal worth?', buildSentenceIndex(josBank));
    expect(money).toMatchObject({ status: 'answered', type: 'money' });
    expect(money.sentences[0]?.highlight).toMatch(/\$1\.8/);
  });

  it('builds a page for non-English articles without inventing English questions about them', () => {
    const russian = trumpPutin.map((article, index) => ({
      ...article,
      id: `ru-${index}`,
      title: 'Путин и Трамп проведут телефонный разговор во вторник',
      text: 'Президент России Владимир Путин проведёт во вторник телефонный разговор с президентом США Дональдом Трампом, сообщили в Кремле.\nСпецпосланник Стив Уиткофф встретился с Путиным в Москве в четверг.',
    }));
    const page = extractivePage(russian);
    expect(page.summary.text).toMatch(/Путин/);
    for (const item of page.qa) expect(printedText(russian)).toContain(item.answer);
  });

  it('names only real people: no surname merged with the capitalised word after it, no Title Case headline words, no office before a name', () => {
    const index: IndexedSentence[] = [
      'Michael Steele Gets Rough With Obama Over Afghanistan War',
      'In laying out what his campaign calls the “Rubio Doctrine,” Marco Rubio said he was guided by three principles.',
      '“We will not retreat from the world,” the Rubio Doctrine says, according to the campaign.',
      'Secretary of State John Kerry, a former senator, said the talks would resume on Monday in Geneva.',
      '“The talks are serious,” Secretary of State John Kerry said on Sunday.',
      'Michael Steele, the chairman of the Republican National Committee, said the war was of Obama’s choosing.',
      '“This is a war of Obama’s choosing,” Michael Steele said at a fundraiser in Connecticut.',
    ].map((text, position) => ({ text, sources: ['Outlet'], published: position }));
    const questions = suggestQuestions(index).map((item) => item.question);
    expect(questions.length).toBeGreaterThan(0);
    for (const question of questions) {
      expect(question).not.toMatch(/Rubio Doctrine|Gets Rough|State John Kerry|Afghanistan War/);
    }
    // The office is the title's, the name is the person's.
    expect(questions.some((question) => question.includes('John Kerry'))).toBe(true);
  });

  it('asks once about an amount however the headlines print it ("$1.8bn", "$1.8 billion", "$1.8B")', () => {
    const index: IndexedSentence[] = [
      { text: "Men's Wearhouse in $1.8bn Jos A Bank deal", headline: true },
      { text: "Men's Wearhouse buys Jos. A. Bank Clothiers for $1.8 billion", headline: true },
      { text: "Jos. A. Bank, Men's Wearhouse Ink $1.8B Merger Deal", headline: true },
      { text: "Men's Wearhouse agrees to buy Jos. A. Bank", headline: true },
    ].map((sentence, position) => ({ ...sentence, sources: [`Outlet ${position}`], published: position }));
    const money = suggestQuestions(index).filter((item) => /^How much/.test(item.question));
    expect(money.length).toBe(1);
    expect(money[0]?.highlight).toMatch(/1\.8/);
  });

  it('asks what a quoted person said about a topic the headlines share, answered by that person’s own words naming it', () => {
    const index: IndexedSentence[] = [
      { text: 'Perry ad takes on religion in schools', headline: true },
      { text: '“I will stand up for religion and for our heritage and for the values of this great country,” Rick Perry says in the new ad he released on Wednesday.' },
      { text: '“Our kids cannot pray,” Rick Perry said.' },
      { text: 'Critics said the focus on religion was meant to win over evangelical voters.' },
      { text: 'Rick Perry, the Texas governor, is trailing in the polls.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const qa = suggestQuestions(index);
    const topic = qa.find((item) => item.question === 'What did Rick Perry say about religion?');
    expect(topic?.highlight).toMatch(/stand up for religion/);
    // Asked in addition to what he said in general, with another answer.
    const said = qa.find((item) => item.question === 'What did Rick Perry say?');
    expect(said).toBeDefined();
    expect(said?.answer).not.toBe(topic?.answer);
  });

  it('asks about a topic only in the speaker’s own words: not the reporter’s after a closed quotation, not half a phrase, not the body the speaker is on', () => {
    const index: IndexedSentence[] = [
      { text: 'Akin faces Romney and committee over rape couples budget remarks', headline: true },
      { text: '“It was a mistake,” Todd Akin said, comments condemned by Mitt Romney who asked him to quit.' },
      { text: '“Same-sex couples deserve rights,” Todd Akin said, and he defended his budget before the committee.' },
      { text: 'Todd Akin said he would stay in the race despite Romney, the committee and the budget fight.' },
      { text: 'Mitt Romney said Todd Akin should leave the race; couples and the budget were not discussed by the committee.' },
      { text: 'Mitt Romney, the Republican nominee, spoke to reporters about the budget and the committee and couples.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const questions = suggestQuestions(index).map((item) => item.question);
    expect(questions.some((question) => /say about (?:Mitt Romney|couples|his budget|the committee)\?$/.test(question))).toBe(false);
  });

  it('asks why a named person resigned, apologised or withdrew when a sentence gives the cause, answered by that cause', () => {
    const index: IndexedSentence[] = [
      { text: 'Congressman quits over harassment claims', headline: true },
      { text: 'Blake Farenthold, a Texas Republican, resigned from Congress following multiple allegations of sexual harassment.' },
      { text: 'Blake Farenthold had served four terms.' },
      { text: 'Blake Farenthold said he would repay the settlement.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const why = suggestQuestions(index).find((item) => item.question === 'Why did Blake Farenthold resign?');
    expect(why?.highlight).toMatch(/^following multiple allegations/);
  });

  it('asks no topic question of a bare surname two people in the thread share (a governor and his son)', () => {
    const index: IndexedSentence[] = [
      { text: 'Governor seeks changes to religion bill as his son objects', headline: true },
      { text: 'Asa Hutchinson, the governor, asked lawmakers for changes to the religion bill.' },
      { text: 'Seth Hutchinson, his son, signed a petition against the religion bill.' },
      { text: '“I asked that changes be made to protect religion and to protect every family in this state,” Hutchinson said.' },
      { text: '“Religion matters to us,” Hutchinson said.' },
      { text: 'Asa Hutchinson had said he would sign it; Seth Hutchinson disagreed about religion and changes.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const questions = suggestQuestions(index).map((item) => item.question);
    expect(questions.some((question) => /Hutchinson say about/.test(question))).toBe(false);
  });

  it('asks when something took place only of events that take place: a bill or a war is not asked about that way', () => {
    const index: IndexedSentence[] = [
      'The Senate passed the spending bill on Friday after a long debate.',
      'The bill now goes to the House, which will take it up on Monday.',
      'Senate Majority Leader Harry Reid said the bill would keep the government open.',
    ].map((text, position) => ({ text, sources: ['Outlet'], published: position }));
    const questions = suggestQuestions(index).map((item) => item.question);
    expect(questions.some((question) => /the bill take place|Where (?:was|will) the bill/.test(question))).toBe(false);
  });

  it('asks the role of each of two people who share a surname under their own names', () => {
    const index: IndexedSentence[] = [
      { text: 'Governor and son split over the religion bill', headline: true },
      { text: 'Asa Hutchinson, the governor of Arkansas, asked lawmakers to change the bill.' },
      { text: 'Seth Hutchinson, a lawyer in Little Rock, opposes the bill.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const roles = Object.fromEntries(suggestQuestions(index).filter((item) => /^What role/.test(item.question)).map((item) => [item.question, item.highlight]));
    expect(roles['What role does Seth Hutchinson play?']).toBe('a lawyer in Little Rock');
    expect(roles['What role does Asa Hutchinson play?']).toBe('the governor of Arkansas');
  });

  it('asks "Who …?" of actors only: a doctrine or an act named after a person argues nothing', () => {
    const index: IndexedSentence[] = [
      'The Bush Doctrine argued for preventive strikes in the interest of self-defense.',
      'Marco Rubio defended the doctrine in a speech in New York on Wednesday.',
    ].map((text, position) => ({ text, sources: ['Outlet'], published: position }));
    expect(suggestQuestions(index).map((item) => item.question)).not.toContain('Who argued for preventive strikes?');
  });

  it('counts one amount however it is printed, so "$1.8bn" answers a question made from "$1.8 billion"', () => {
    expect(amountOf('$1.8bn')).toBe(amountOf('$1.8 billion'));
    expect(amountOf('$1.8B')).toBe(1.8e9);
    expect(amountOf('$84,000')).toBe(84_000);
    expect(amountOf('$1.4 billion')).not.toBe(amountOf('$1.8 billion'));
  });

  it('keeps a prose sentence that names a Twitter handle, and drops a follow line', () => {
    const article = {
      id: 'h', sourceId: 'h', outlet: 'h.example', outletName: 'Outlet', title: 'Aide quits', summary: '', url: 'https://h.example/a',
      published: 1, fetchedAt: 1, lean: 'center' as const, country: 'US', backlog: false,
      text: 'On Friday, the aide, Elizabeth Lauten, 31, who has more than 14,000 followers on Twitter as @DCGopGirl, wrote an open letter to the daughters.\nFollow @jdoe on Twitter for more.',
    };
    const texts = buildSentenceIndex([article]).map((sentence) => sentence.text);
    expect(texts.some((text) => text.includes('@DCGopGirl'))).toBe(true);
    expect(texts.some((text) => text.includes('@jdoe'))).toBe(false);
  });

  it('reads a surname opening a sentence as the one person the thread names in full, and asks about them by full name', () => {
    const index: IndexedSentence[] = [
      { text: 'Aide quits over post about president’s daughters', headline: true },
      { text: 'Elizabeth Lauten, the communications director for a Tennessee congressman, wrote the post on Friday.' },
      { text: 'Elizabeth Lauten had worked for the Republican National Committee.' },
      { text: 'Lauten later apologized for rushing to judgment on Facebook.' },
      { text: 'Mike Huckabee, a former governor, spoke in Hope.' },
      { text: 'Mike Huckabee is a Baptist minister.' },
      { text: 'Huckabee ran for president in 2008 and lost the nomination.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    const questions = suggestQuestions(index);
    expect(questions.find((item) => item.question === 'What did Elizabeth Lauten apologize for?')?.answer).toBe('Lauten later apologized for rushing to judgment on Facebook.');
    expect(questions.find((item) => item.question === 'When did Mike Huckabee run for president?')?.highlight).toBe('in 2008');
  });

  it('answers what an actor announced only with a sentence using the verb, never its noun ("made the announcement in Hope")', () => {
    const index: IndexedSentence[] = [
      { text: 'Huckabee enters the presidential race', headline: true },
      { text: 'Mike Huckabee announced his bid for the Republican presidential nomination on Tuesday.', sources: ['Outlet A'] },
      { text: 'Huckabee made the announcement in his hometown of Hope, Arkansas.', sources: ['Outlet A', 'Outlet B', 'Outlet C'] },
      { text: 'Mike Huckabee is a former governor of Arkansas.' },
      { text: 'Mike Huckabee ran for president in 2008.' },
    ].map((sentence, position) => ({ sources: ['Outlet'], ...sentence, published: position }));
    for (const item of suggestQuestions(index)) if (/^What did Mike Huckabee announce\?$/.test(item.question)) expect(item.answer).toMatch(/announced his bid/);
    expect(suggestQuestions(index).some((item) => /made the announcement/.test(item.answer) && /announce\?$/.test(item.question))).toBe(false);
  });

  it('never answers when an event took place with how long something has been so ("since 1997")', () => {
    const index: IndexedSentence[] = [
      { text: 'Etheridge faces a tough election', headline: true },
      { text: "Bob Etheridge, who has represented North Carolina's 2nd District since 1997, is running for re-election against Renee Ellmers in November.", sources: ['A', 'B'] },
      { text: 'The election is one of the closest in the state.' },
      { text: 'Bob Etheridge apologized for grabbing a student on a Washington sidewalk.' },
    ].map((sentence, position) => ({ sources: ['Outlet'], ...sentence, published: position }));
    expect(suggestQuestions(index).filter((item) => item.highlight === 'since 1997')).toEqual([]);
  });

  it('does not read a bare surname as one person when the thread names two people of it in full', () => {
    const index: IndexedSentence[] = [
      { text: 'First lady and president split on cyberbullying', headline: true },
      { text: 'Melania Trump spoke about cyberbullying at a school in Maryland.' },
      { text: 'Melania Trump has made the issue her cause.' },
      { text: 'Donald Trump mocked a senator on Twitter the same day.' },
      { text: 'Donald Trump has not commented on the speech.' },
      { text: 'Trump assailed Democrats on Wednesday over the border.' },
    ].map((sentence, position) => ({ ...sentence, sources: ['Outlet'], published: position }));
    expect(suggestQuestions(index).map((item) => item.question).filter((question) => /(?:Melania|Donald) Trump assail/.test(question))).toEqual([]);
  });
});
