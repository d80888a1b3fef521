import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { answerQuestion, buildSentenceIndex, expectedAnswerType, type IndexedSentence } from '../../src/core/summaries/retrieval.js';

// Questions as readers phrase them: other words than the article's, a subject named one sentence
// earlier, the kind of answer said by a noun ("What proportion …?") or by a preposition ("From where …?").
const sentences = (...texts: string[]): IndexedSentence[] => texts.map((text, index) => ({ text, sources: [`Outlet ${index + 1}`], published: index }));
const article = (id: string, text: string): Article => ({
  id, sourceId: id, outlet: `${id}.example`, outletName: `Outlet ${id}`, title: 'Senator unveils Social Security plan', summary: '', text,
  url: `https://example.com/${id}`, published: 1, fetchedAt: 1, lean: 'center', country: 'US', backlog: false,
});

describe('the sentence before as context', () => {
  it('links each indexed sentence to the one printed just before it in its article', () => {
    const index = buildSentenceIndex([article('a', 'Senator Kay Hutchison unveiled her Social Security plan on Thursday. Her office claims the bill would cut deficits by $416 billion over a decade.')]);
    const claim = index.find((sentence) => sentence.text.startsWith('Her office'));
    expect(claim?.previous).toBeDefined();
    expect(index[claim?.previous ?? -1]?.text).toMatch(/^Senator Kay Hutchison unveiled/);
  });

  it('answers with a sentence that names its subject only in the sentence before ("Her office …" after "Hutchison …")', () => {
    const index: IndexedSentence[] = [
      { text: 'There is still plenty of space between the plan Hutchison is calling for and what the AARP would accept.', sources: ['Fox News'], published: 1 },
      { text: 'Her office claims the bill would reduce deficits by $416 billion over the next decade.', sources: ['Fox News'], published: 2, previous: 0 },
      { text: 'The AARP says a study found $2 billion in savings elsewhere.', sources: ['Fox News'], published: 3 },
    ];
    const answer = answerQuestion('How much would Hutchison’s plan reduce deficits by?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('$416 billion');
  });

  it('does not read the sentence before into a sentence that does not refer back to it', () => {
    const index: IndexedSentence[] = [
      { text: 'Hutchison unveiled a plan to cut deficits on Thursday.', sources: ['Fox News'], published: 1 },
      { text: 'Analysts put the deficit savings at $416 billion.', sources: ['Fox News'], published: 2, previous: 0 },
    ];
    expect(answerQuestion('How much would Hutchison’s plan reduce deficits by?', index).sentences[0]?.highlight).not.toBe('$416 billion');
  });
});

describe('the answer type from the question’s noun and preposition', () => {
  it('reads "What proportion …?" and "What retirement age …?" as numbers, "What fee …?" as money, "From where …?" as a place', () => {
    expect(expectedAnswerType('What proportion of McCarthy’s district is Hispanic?')).toBe('number');
    expect(expectedAnswerType('What retirement age does Hutchison want?')).toBe('number');
    expect(expectedAnswerType('What fee did the outlet pay Flynn?')).toBe('money');
    expect(expectedAnswerType('From where did Trump deliver his address?')).toBe('place');
    expect(expectedAnswerType('What was Labrador’s career before Congress?')).toBe('role');
    expect(expectedAnswerType('Who is Reid’s top adviser?')).toBe('entity');
    expect(expectedAnswerType('Who is Raul Labrador?')).toBe('role');
    expect(expectedAnswerType('What is the name of the planned Islamic center?')).toBe('entity');
  });

  it('answers a role question with the asked person’s own role even when the reader adds words the sentence lacks ("before politics")', () => {
    const index = sentences(
      'Labrador’s foray into the race is yet another dramatic turn in Republican politics this week.',
      '“The message from Tuesday is clear,” Mr. Labrador, a former immigration lawyer elected in 2010, said in a statement.',
      'Labrador said he was stunned by the result of the primary.',
      'Labrador, of Idaho, would be the Tea Party alternative in the race.',
      'McCarthy began gathering commitments from other House Republicans on Wednesday.',
      'Supporters of McCarthy said Friday that he had all but sewed up the votes he needs.',
      'The election is Thursday, leaving little time to build momentum.',
      'Conservatives pleaded Friday for a delay in the voting.',
    );
    expect(answerQuestion('What was Labrador’s career before politics?', index).sentences[0]?.highlight).toMatch(/^a former immigration lawyer/);
  });

  it('answers "What year …?" with a year and "What time …?" with a clock time, not with the weekday in a closer sentence', () => {
    const index = sentences(
      'Trump took the oath of office on Friday to become the 45th president.',
      'Chief Justice John Roberts administered the oath to Trump at 12:00 p.m. on the West Front.',
      'The ban on imports was put in place in 2014 and lifted on Friday.',
    );
    expect(answerQuestion('What time did Trump take the oath?', index).sentences[0]?.highlight).toBe('12:00 p.m.');
    expect(answerQuestion('What year was the import ban put in place?', index).sentences[0]?.highlight).toBe('in 2014');
  });

  it('answers "On what date …?" with a day of a month, not with a weekday or a month alone in a closer sentence', () => {
    const index = sentences(
      'Trump Jr. messaged with the WikiLeaks account between September 2016 and July 2017.',
      'Trump Jr. confirmed on Monday that he got the message from WikiLeaks.',
      'The Atlantic reported that Trump Jr. received a private message from the WikiLeaks account on September 20, 2016, and that others followed.',
    );
    expect(answerQuestion('On what date did Trump Jr. get the WikiLeaks message?', index).sentences[0]?.highlight).toBe('September 20, 2016');
  });

  it('reads "until Feb. 15" as one date: the abbreviation dot does not cut the month from its day', () => {
    const index = sentences('He said the deal would keep the government open for three weeks until Feb. 15 and pay the federal workers.');
    expect(answerQuestion('Until what date would the deal keep the government open?', index).sentences[0]?.highlight).toBe('Feb. 15');
  });
});

describe('places and names as readers give them', () => {
  it('answers "Which spokesman …?" with a spokesman whose first name is also a word for a law ("spokesman Bill Burton"), not with "a Ramadan dinner"', () => {
    const index = sentences(
      'The president first stepped into the fray when he appeared to endorse the project during a Ramadan dinner at the White House.',
      'Then White House spokesman Bill Burton said Obama was not "backing off" his original remarks.',
    );
    expect(answerQuestion('Which White House spokesman said Obama was not backing off?', index).sentences[0]?.highlight).toBe('Bill Burton');
  });

  it('answers "Where …?" with a venue said after "at a" or "at an" ("at an MSNBC Town Hall"), not with a place in a closer sentence', () => {
    const index = sentences(
      'Pelosi made her first visit to the White House since the meeting with Trump on the wall.',
      '"The wall and the government shutdown really have nothing to do with each other," Pelosi said at an MSNBC Town Hall.',
    );
    expect(answerQuestion('Where did Pelosi say the wall and the shutdown had nothing to do with each other?', index).sentences[0]?.highlight).toBe('MSNBC Town Hall');
  });

  it('answers "Where …?" with a road or building said after "on" or "outside" ("on the New Jersey Turnpike")', () => {
    const index = sentences('Holder said he had been stopped on the New Jersey Turnpike and accused of speeding twice.');
    expect(answerQuestion('Where was Holder stopped by police for speeding?', index).sentences[0]?.highlight).toBe('New Jersey Turnpike');
  });

  it('matches a group’s two-word name as a whole ("Third Way" is not matched by "Ways and Means")', () => {
    const index = sentences(
      'An aide to the Republican-led House Ways and Means Committee, Mark Prater, welcomed the shift.',
      '“It is time for lawmakers to walk through it,” said Jonathan Cowan, president of Third Way.',
    );
    expect(answerQuestion('Who leads Third Way?', index).sentences[0]?.highlight).toBe('Jonathan Cowan');
  });
});

describe('numbers that count what was asked about', () => {
  it('answers "How many …?" with the number followed by the thing counted, not a number nearer the question’s other words', () => {
    const index = sentences('The house was raided by 29 FBI agents, who came in 17 vehicles with lights flashing.');
    expect(answerQuestion('How many agents came to the house?', index).sentences[0]?.highlight).toBe('29');
  });

  it('does not take "one senator" for a count of senators', () => {
    const index = sentences('According to one senator, 33 Senate Democrats voted to reopen the government.');
    expect(answerQuestion('How many senators voted to reopen the government?', index).sentences[0]?.highlight).toBe('33');
  });
});
