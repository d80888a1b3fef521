import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { suggestQuestions } from '../../src/core/summaries/questions.js';
import { answerQuestion, buildSentenceIndex, type IndexedSentence } from '../../src/core/summaries/retrieval.js';
import { articlesOf } from '../helpers/page-fixtures.js';

// Answer typing: a question is answered only by a span of the kind it asks for, and that span must
// tell the reader something the question does not already say.
const sentences = (...texts: string[]): IndexedSentence[] => texts.map((text, index) => ({ text, sources: [`Outlet ${index + 1}`], published: index }));

describe('answer typing', () => {
  it('answers "How old is …?" with the person’s age, not with another number in a matching sentence', () => {
    const index = sentences(
      'The founder of Lieberman’s law firm is one of the president’s top lawyers, and Lieberman met him twice.',
      'Joe Lieberman, 75, served four terms as a senator from Connecticut.',
    );
    const answer = answerQuestion('How old is Joe Lieberman?', index);
    expect(answer.sentences[0]?.text).toMatch(/Lieberman, 75,/);
    expect(answer.sentences[0]?.highlight).toBe('75');
  });

  it('does not take "one of" for an amount when asked how much', () => {
    const index = sentences('Hunter, one of the earliest supporters, spent campaign funds on personal expenses despite warnings.');
    expect(answerQuestion('How much campaign money did Hunter spend on personal expenses?', index).status).not.toBe('answered');
  });

  it('answers "Where …?" with an institution said as a location ("teaches at … College")', () => {
    const index = sentences('The 49-year-old economist Dave Brat teaches at Randolph-Macon College, north of Richmond.');
    expect(answerQuestion('Where does Dave Brat teach?', index).sentences[0]?.highlight).toBe('Randolph-Macon College');
  });

  it('does not answer a role question with a title that only repeats the question ("Senator" for "in the Senate")', () => {
    const index = sentences(
      '“Senator Reid respects that but thinks that the mosque should be built someplace else,” his spokesman said.',
      'Senate Majority Leader Harry Reid said the mosque should be built somewhere else.',
    );
    const answer = answerQuestion('What position does Harry Reid hold in the Senate?', index);
    expect(answer.sentences[0]?.highlight).toMatch(/Majority Leader/);
  });

  it('answers "What did X say about Y?" with what X said, and is unsure about someone the thread never quotes', () => {
    const index = buildSentenceIndex(articlesOf('test/fixtures/scraped/trump-putin.jsonl'));
    const peskov = answerQuestion('What did Peskov say about the call?', index);
    expect(peskov.status).toBe('answered');
    expect(peskov.sentences[0]?.text).toMatch(/Peskov confirmed the call was being prepared/);
    expect(peskov.sentences[0]?.highlight).toMatch(/^the call was being prepared/);
    const leavitt = answerQuestion('What did Karoline Leavitt say about the peace deal?', index);
    expect(leavitt.sentences[0]?.text).toMatch(/Karoline Leavitt said/);
    expect(answerQuestion('What did Boris Johnson say about the call?', index).status).not.toBe('answered');
  });
});

describe('answers bound to the asked person', () => {
  it('does not answer a role question with the role of another person of the same surname', () => {
    const index = sentences(
      'It was the latest chapter in a relationship between Asa Hutchinson, a former congressman, and his son Seth Hutchinson.',
      'Seth Hutchinson, a lawyer in Little Rock, signed the petition against the bill.',
    );
    expect(answerQuestion('What role does Seth Hutchinson play?', index).sentences[0]?.highlight).toBe('a lawyer in Little Rock');
  });

  it('answers "How old is X?" only with X’s age, not with the age of someone else in a sentence naming X', () => {
    const index = sentences(
      'Elizabeth Lauten wrote that Malia and Sasha Obama, aged 16 and 13, should show a little class.',
      'On Friday the aide, Elizabeth Lauten, 31, who has thousands of followers, wrote an open letter to the daughters.',
      'Stone, 66, was taken into custody early Friday.',
    );
    expect(answerQuestion('How old is Elizabeth Lauten?', index).sentences[0]?.highlight).toBe('31');
    expect(answerQuestion('How old is Roger Stone?', index).sentences[0]?.highlight).toBe('66');
  });

  it('never lets a synonym outweigh the reader’s own word, however rare the synonym is in the thread', () => {
    const index = sentences(
      'Mike Huckabee, the former Arkansas governor, announced Tuesday that he will run for president.',
      'Huckabee announced the run in his hometown, and his announcement was streamed online.',
      'Huckabee was the announcer of his own campaign song, an announcement said.',
      'In 2007 Mr. Huckabee was quoted as saying climate change is real.',
    );
    expect(answerQuestion('What did Mike Huckabee announce?', index).sentences[0]?.text).not.toMatch(/^In 2007/);
  });
});

describe('answer typing, second pass', () => {
  it('answers "What was the vote …?" with the tally, and "How many …?" never with an ordinal', () => {
    const index = sentences('This followed a 97-1 vote hours earlier in the Senate.', 'The announcement comes on the 35th day of the shutdown.');
    expect(answerQuestion('What was the vote in the Senate?', index).sentences[0]?.highlight).toBe('97-1');
    expect(answerQuestion('How many days had the shutdown lasted?', index).status).not.toBe('answered');
  });

  it('answers "Which two countries …?" with two of them named together', () => {
    const index = sentences(
      'The president had lifted the ban on elephant trophies from Africa.',
      'The ban covered elephant trophies from Zambia and Zimbabwe.',
    );
    expect(answerQuestion('From which two countries would elephant trophies come?', index).sentences[0]?.highlight).toBe('Zambia and Zimbabwe');
  });

  it('takes a state after a town, a hometown after a name and a state before a title for a location', () => {
    const index = sentences(
      'The assailant was identified as James T. Hodgkinson of Belleville, Illinois.',
      'North Carolina Rep. Bob Etheridge apologized on Monday.',
    );
    expect(answerQuestion('Which state was the assailant from?', index).sentences[0]?.highlight).toBe('Illinois');
    expect(answerQuestion('Which state does Bob Etheridge represent?', index).sentences[0]?.highlight).toBe('North Carolina');
  });

  it('does not take "in the Senate" for a place: a one-word body is no location', () => {
    const index = sentences('Mr. Obama took his biggest shot at the measure’s opponents in the Senate.', 'Obama spoke at Key Bridge about the measure.');
    expect(answerQuestion('Where did Obama speak about the measure?', index).sentences[0]?.highlight).toBe('Key Bridge');
  });

  it('prefers a role phrase to a bare title in sentences that match the question alike', () => {
    const index = sentences('President Donald Trump spoke at the rally in Ohio on Monday.', 'Donald Trump, the real estate developer, spoke at the rally.');
    expect(answerQuestion('What role does Donald Trump play?', index).sentences[0]?.highlight).toBe('the real estate developer');
  });

  it('keeps the noun of "Who is X’s lawyer?" as a term the answer must match', () => {
    const index = sentences('Lerner is a key figure in the IRS scandal.', 'Lerner announced her plans in a letter from her lawyer, William Taylor III, to the committee.');
    expect(answerQuestion('Who is Lois Lerner’s lawyer?', index).sentences[0]?.highlight).toBe('William Taylor III');
  });

  it('matches an acronym in the question to its spelled-out name, which does not answer it', () => {
    const index = sentences(
      'Delegates adopted a resolution at the convention, the group said.',
      'The National Association for the Advancement of Colored People adopted the resolution, spokesman Chris Fleming said.',
    );
    const answer = answerQuestion('Which spokesman talked about the NAACP resolution?', index);
    expect(answer.sentences[0]?.highlight).toBe('Chris Fleming');
  });
});

describe('suggested questions from events', () => {
  const article = (text: string, id: string, outletName: string): Article => ({
    id, sourceId: id, outlet: `${id}.example`, outletName, title: 'Sheriff Joe Arpaio endorses Rick Perry', summary: '', text, url: `https://${id}.example/a`,
    published: 1, fetchedAt: 1, lean: 'center', country: 'US', backlog: false,
  });

  it('asks what a named person announced, answered by the sentence that says so', () => {
    const articles = [
      article(
        'Joe Arpaio, the sheriff of Maricopa County, is known for his hard line on illegal immigration.\nJoe Arpaio, who has led the county since 1993, announced on Tuesday that he will campaign across Arizona for the Texas governor.',
        'a',
        'Outlet A',
      ),
    ];
    const questions = suggestQuestions(buildSentenceIndex(articles));
    const announced = questions.find((item) => item.question === 'What did Joe Arpaio announce?');
    expect(announced?.answer).toMatch(/^Joe Arpaio, who has led the county since 1993, announced on Tuesday/);
  });

  it('reads the answer type from the noun after which/what: a person for "Which journalist …?", a place for "Which two states …?"', () => {
    const index = sentences(
      '“I’m not going to pay,” Vicente Fox said about the wall Thursday in an interview with Fusion.',
      'Vicente Fox told the journalist Jorge Ramos in an interview that he would not pay for the wall.',
    );
    const journalist = answerQuestion('Which journalist interviewed Vicente Fox about the wall?', index);
    expect(journalist.type).toBe('entity');
    expect(journalist.sentences[0]?.highlight).toBe('Jorge Ramos');
    expect(answerQuestion('Which two states are suing Colorado?', sentences('The states of Nebraska and Oklahoma filed a federal lawsuit against Colorado.')).type).toBe('place');
    expect(answerQuestion('By what margin did the House pass the bill?', sentences('The House approved the bill 234-193 on Friday.')).type).toBe('number');
  });

  it('answers a who-question with a name the question does not already give, surname included', () => {
    const index = sentences(
      'Hillary Clinton released a statement from her doctor declaring her fit to serve.',
      'Her doctor, Lisa Bardack, vouched that Clinton is in excellent health.',
    );
    expect(answerQuestion("Who is the doctor who vouched for Clinton's health?", index).sentences[0]?.highlight).toBe('Lisa Bardack');
  });

  it('answers "What did X say?" only with what X said, not with a quote by someone else in a sentence naming X', () => {
    const index = sentences(
      'The meeting was arranged "at the request of the senator," Earnest said, speaking about the Clinton campaign.',
      'To which the Clinton campaign tweeted: "Delete your account, we are done with this."',
    );
    const answer = answerQuestion("What did Josh Earnest say about Clinton's campaign?", index);
    expect(answer.sentences[0]?.text).toMatch(/Earnest said/);
  });

  it('matches the reader’s word in another form: "give" finds "gave", "charity" finds "charitable"', () => {
    const index = sentences('The couple gave $15 million to charitable causes last year, the returns show.', 'The couple paid $43 million in federal taxes.');
    const answer = answerQuestion('How much did the couple give to charity?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('$15 million');
  });
});
