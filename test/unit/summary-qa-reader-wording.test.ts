import { describe, expect, it } from 'vitest';
import { answerQuestion, expectedAnswerType, type IndexedSentence } from '../../src/core/summaries/retrieval.js';
import { findSpans } from '../../src/core/text/spans.js';
import { wordClasses } from '../../src/core/text/word-classes.js';
import { partyStateTerms } from '../../src/core/text/party-state.js';

// The fifth Q&A pass: readers' wordings that the article does not print ("came to the rally",
// "What were they called?"), quotes whose topic is in the sentence before, and spans typed wrongly
// ("Face the Nation" as a person, "Thanksgiving" as a person, "1825" as a count).
const sentences = (...texts: readonly string[]): IndexedSentence[] => texts.map((text, index) => ({ text, sources: [`Outlet ${index + 1}`], published: index }));
const typed = (text: string) => findSpans(text).map((span) => `${span.type}:${span.text}`);

describe('a sentence opening with a quotation reads the sentence before it', () => {
  it('answers from a quote whose topic and addressee only the sentence before names', () => {
    // The quote says "the secretary" and never "challenge" or "Clinton": the sentence before does.
    const index: IndexedSentence[] = [
      { text: 'Clinton held a rally in Iowa on Sunday, her first of the campaign there.', sources: ['Fox News'], published: 1 },
      { text: 'A few hours earlier, Mr. Sanders repeated his challenge to Clinton to oppose the trade agreement.', sources: ['The New York Times'], published: 2 },
      { text: '“I would hope that the secretary joins the vast majority of Democrats in saying no,” Mr. Sanders said on CBS’s “Face the Nation,” referring to fellow senators.', sources: ['The New York Times'], published: 3, previous: 1 },
    ];
    const answer = answerQuestion('On which TV show did Sanders challenge Clinton?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences.map((sentence) => sentence.text).join(' ')).toContain('Face the Nation');
  });

  it('does not read the sentence before into a sentence that opens with a name', () => {
    const index: IndexedSentence[] = [
      { text: 'Mr. Sanders repeated his challenge to Clinton to oppose the trade agreement.', sources: ['The New York Times'], published: 1 },
      { text: 'Mr. Sanders spoke on CBS’s “Face the Nation” about the weather in Vermont.', sources: ['The New York Times'], published: 2, previous: 0 },
    ];
    expect(answerQuestion('On which TV show did Sanders challenge Clinton?', index).status).not.toBe('answered');
  });
});

describe('light verbs are not required', () => {
  it('answers "How many supporters came to the rally?" with a sentence that says how many supporters without "came"', () => {
    // Neither "came" nor "rally" is in the answering sentence: without "came" it still holds enough of the question.
    const index = sentences(
      'At a rally in Iowa, Clinton said that if the president cannot come to terms with Pelosi, there should be no deal.',
      '“Let’s take the lemons and turn it into lemonade,” Clinton told about 600 supporters at the Iowa State Fairgrounds, addressing the trade proposal.',
      'Clinton spoke about trade at length on Sunday.',
      'Clinton has been criticized for saying little about the deal.',
      'Sanders has opposed the trade deal from the start.',
      'Republican leaders generally back the trade proposal.',
      // A thread names its main person everywhere, so "Clinton" weighs little and the words it lacks weigh much.
      ...['Iowa', 'Ohio', 'Texas', 'Maine', 'Utah', 'Idaho', 'Nevada', 'Oregon', 'Kansas', 'Alaska', 'Hawaii', 'Vermont'].map((state) => `Clinton has not yet campaigned in ${state} this month, aides said.`),
    );
    const answer = answerQuestion('How many supporters came to Clinton’s rally?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('600');
  });

  it('still needs a sentence that covers the question when it holds nothing but light verbs and a name', () => {
    const index = sentences('The weather in Iowa was warm on Sunday.', 'Trade was discussed by many outlets.');
    expect(answerQuestion('What did Clinton get?', index).status).not.toBe('answered');
  });
});

describe('"What were they called?" asks for a name', () => {
  it('reads "What is/were … called/named?" as a name question', () => {
    expect(expectedAnswerType('What were the pardoned turkeys called?')).toBe('entity');
    expect(expectedAnswerType('What is the new ad named?')).toBe('entity');
    // "called" in the middle of a question is the verb, not the frame.
    expect(expectedAnswerType('What was Obama called by Trump?')).not.toBe('entity');
  });

  it('answers with the sentence that names them, not one that only mentions them', () => {
    const index = sentences(
      'The tradition of Thanksgiving turkeys being presented to the president dates back to 1947.',
      'Malia declined her father’s offer to pet one of the pardoned turkeys.',
      'The girls joined their father at Wednesday’s ceremony, in which he pardoned two turkeys named Mac and Cheese.',
    );
    const answer = answerQuestion('What were the pardoned turkeys called?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.text).toContain('Mac and Cheese');
  });
});

describe('"Who is the president of …?" wants a person', () => {
  it('does not answer a role question with a body ("the House")', () => {
    const index = sentences('On Wednesday the spotlight shifted to the president of the Senate, who broke with his colleagues in the House.');
    expect(answerQuestion('Who is the president of the Senate?', index).status).not.toBe('answered');
  });

  it('answers it with the named holder of the role', () => {
    const index = sentences('“I completely disagree with that position,” Senate President Mike Thibodeau said Wednesday.', 'The House met on Tuesday.');
    const answer = answerQuestion('Who is the president of the Senate?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Mike Thibodeau');
  });
});

describe('span typing', () => {
  it('types a quoted programme title with "the" inside as an organisation, and a possessive after s as the name', () => {
    expect(typed('Sanders said on CBS’ “Face the Nation.”')).toEqual(['org:CBS', 'org:Face the Nation']);
  });

  it('types holidays as dates, never as people', () => {
    expect(typed('The tradition of Thanksgiving turkeys dates back to 1947.')).toEqual(['date:Thanksgiving', 'date:1947']);
    expect(typed('He said it on Christmas Eve.')).toEqual(['date:Christmas Eve']);
  });

  it('types an earlier year as a date ("it was 1825") but not a count or an address', () => {
    expect(typed('He wished it was 1825 so he could duel him.')).toContain('date:1825');
    expect(typed('They sent 1700 troops.')).toEqual(['number:1700']);
    expect(typed('He lives at 1600 Pennsylvania Avenue.')).not.toContain('date:1600');
  });

  it('answers "What year …?" with such a year', () => {
    const index = sentences('The governor refused to apologize, even saying he wished it was 1825 so he could shoot Gattine in a duel.', 'Gattine denied calling the governor a racist.');
    const answer = answerQuestion('What year did LePage wish it was so he could fight Gattine in a duel?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('1825');
  });
});

describe('a verb or adverb the thread never prints is the reader’s own wording', () => {
  it('tags a question’s words: verbs and adverbs apart from nouns and names', () => {
    const classes = wordClasses('Where is the material probably stored?');
    expect(classes.get('store')).toBe('verb');
    expect(classes.get('probabl')).toBe('adverb');
    expect(classes.get('materi')).toBe('noun');
  });

  it('answers "Where is the material probably stored?" from "the Utah Data Center is likely a repository for this material"', () => {
    // Neither "stored" nor "probably" is printed anywhere in the thread; "material" is, and the place.
    const index = sentences(
      'Metadata from the companies is used to identify suspicious individuals.',
      'The official told Fox News that the program is run from a data center in Utah, a repository for this material.',
      'Congress has been briefed on the programs 13 times since 2009.',
      'The companies hand over material when ordered to do so by the court.',
    );
    const answer = answerQuestion('Where is the material probably stored?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Utah');
  });

  it('still needs the nouns: a question about something the thread never names is not answered', () => {
    // "Mars" is a noun the thread never prints: the thread does not say this, so no confident answer.
    const index = sentences('Obama travelled to Jakarta last year.', 'Obama gave a speech in Ohio on Monday.', 'The speech was about roads.');
    expect(answerQuestion('When did Obama secretly visit Mars?', index).status).not.toBe('answered');
  });
});

describe('"Who is X’s lawyer?" wants a person', () => {
  it('answers with the named lawyer, not an organisation in a sentence that matches as well', () => {
    const index = sentences(
      'Now under the protection of her lawyers and the Fifth Amendment, Lois Lerner is facing a maelstrom of controversy.',
      'Lerner announced her plans in a letter from her lawyer, William Taylor III, to the committee.',
    );
    const answer = answerQuestion('Who is Lois Lerner’s lawyer?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('William Taylor III');
  });
});

describe('span typing of places and firms', () => {
  it('types a name ending in City or County as a place, and a firm ending in Law as an organisation', () => {
    expect(typed('He met New York City officials.')).toEqual(['place:New York City']);
    expect(typed('Police in Maricopa County made arrests.')).toContain('place:Maricopa County');
    expect(typed('James Trusty, an attorney with Ifrah Law, said it.')).toContain('org:Ifrah Law');
  });
});

describe('a title in capitals and a place named after its kind', () => {
  it('types "NRA CEO Wayne LaPierre" as a role bound to him', () => {
    expect(typed('NRA CEO Wayne LaPierre called for armed officers.')).toContain('role:NRA CEO');
    const answer = answerQuestion('What is Wayne LaPierre’s position?', sentences('NRA CEO Wayne LaPierre called for armed officers in every school.', 'LaPierre spoke in December.'));
    expect(answer.sentences[0]?.highlight).toBe('NRA CEO');
  });

  it('answers "In which state …?" with "the key battleground state of Florida"', () => {
    const index = sentences(
      'Netanyahu stars in a new ad set to air in the key battleground state of Florida that aims to make Iran a campaign issue.',
      'Netanyahu has said he will steer clear of the American election.',
    );
    const answer = answerQuestion('In which state will the ad featuring Netanyahu air?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Florida');
  });
});

describe('party–state tags and ordinals', () => {
  it('reads "D-Ill." as an Illinois Democrat, and never as a name', () => {
    expect(partyStateTerms('Rep. Jesse Jackson Jr., D-Ill., said on the floor.')).toEqual(['democrat', 'illinoi']);
    expect(partyStateTerms('Sen. Bob Corker (R-Tenn.) said.')).toEqual(['republican', 'tennesse']);
    expect(partyStateTerms('the D-Day landings')).toEqual([]);
    expect(typed('he said to Rep. Bob Goodlatte, R-Va., who presided over the reading.')).toEqual(['person:Bob Goodlatte']);
  });

  it('answers "Which Illinois Democrat …?" with the member tagged "D-Ill.", not another state’s', () => {
    // The two sentences differ only in their tags: the Maryland one comes first, so only the tag can decide.
    const index = sentences(
      'Rep. Elijah Cummings, D-Md., objected to skipping the amended passages of the Constitution.',
      'Rep. Jesse Jackson Jr., D-Ill., objected to skipping the amended passages of the Constitution.',
      'Democrats in Illinois and Maryland had asked for the full text to be read.',
    );
    const answer = answerQuestion('Which Illinois Democrat objected to skipping passages?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('Jesse Jackson Jr.');
  });

  it('answers "Which district …?" with the ordinal that numbers it ("the 27th District")', () => {
    const index = sentences('In December, Mr. Farenthold, who represented the 27th District of Texas, said that he would not run again.', 'Farenthold resigned on Friday.');
    const answer = answerQuestion('Which Texas district did Farenthold represent?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.highlight).toBe('27th');
  });
});

describe('who comes next in a post', () => {
  it('answers "Who will replace …?" from a sentence naming the successor', () => {
    const index = sentences(
      'Defense Secretary Jim Mattis resigned on Thursday after clashing with the president over Syria.',
      'Deputy Secretary Patrick Shanahan will be his successor until a nominee is confirmed, officials said.',
      'Mattis met Senator Lindsey Graham on Friday to talk about Syria.',
    );
    // "replace" is never printed: "successor" says it.
    const answer = answerQuestion('Who will replace Mattis?', index);
    expect(answer.status).toBe('answered');
    expect(answer.sentences[0]?.text).toContain('Patrick Shanahan');
  });
});
