import { describe, expect, it } from 'vitest';
import { mayBeSamePerson, surnameOf } from '../../src/core/text/person-names.js';
import { findSpans, type SpanType } from '../../src/core/text/spans.js';

const spansOf = (sentence: string, type: SpanType) => findSpans(sentence).filter((span) => span.type === type);

describe('quote spans', () => {
  it('binds a quotation to a speaker named after a courtesy title, and never takes the reporter’s words after it for speech', () => {
    const sentence = '“This is not something the United States had wanted to engage in,” Mr. Steele said in a speech Thursday night in Connecticut.';
    expect(spansOf(sentence, 'quote').map((span) => [span.text, span.subject])).toEqual([['“This is not something the United States had wanted to engage in,”', 'Steele']]);
  });

  it('binds a quotation to a speaker whose appositive stands between the name and "said"', () => {
    const sentence = '“We badly mishandled our communications with them,” Monika Bickert, head of Global Policy Management at Facebook, said at a hearing.';
    expect(spansOf(sentence, 'quote').map((span) => span.subject)).toEqual(['Monika Bickert']);
  });

  it('reads no speech in whom something was told, named, and where ("Fox told Jorge Ramos in an interview for Fusion")', () => {
    expect(spansOf('Fox told Jorge Ramos in an interview for Fusion.', 'quote')).toEqual([]);
    expect(spansOf('Jon Bruning said Thursday in a statement.', 'quote')).toEqual([]);
    expect(spansOf('Jim Manley said Republicans should show their sincerity on the issue.', 'quote')[0]?.text).toBe('Republicans should show their sincerity on the issue');
  });

  it('reads reported speech past the listener and the medium, but not where or to whom it was said, nor a quoted word', () => {
    expect(spansOf('Jon Kyl told reporters that a tax cut bill could reach the Senate floor on Thursday.', 'quote')[0]?.text).toBe('a tax cut bill could reach the Senate floor on Thursday');
    expect(spansOf('Rick Perry said in a statement that he would secure the border within a year.', 'quote')[0]?.text).toBe('he would secure the border within a year');
    expect(spansOf('Robert Gibbs said on the ABC News program that week, adding that it reflected distortions.', 'quote')).toEqual([]);
    expect(spansOf('Glenn Beck wrote “Progressivism” on it to underscore his belief in what ails the country.', 'quote')).toEqual([]);
  });
});

describe('headline attribution', () => {
  const quoteOf = (sentence: string) => spansOf(sentence, 'quote').map((span) => [span.text, span.subject]);

  it('reads a statement before "says" and a titled speaker, a title saying the name is a person’s', () => {
    expect(quoteOf('Flappy Bird may fly again, says creator Dong Nguyen')).toEqual([['Flappy Bird may fly again', 'Dong Nguyen']]);
    // Without the title, a name whose first word the list does not know is no speaker.
    expect(quoteOf('Flappy Bird may fly again, says Dong Nguyen')).toEqual([]);
  });

  it('reads a statement after its speaker and a colon, the person of an organisation’s possessive being the speaker', () => {
    expect(quoteOf("Fed's Plosser: Taper pace may be too slow")).toEqual([['Taper pace may be too slow', 'Plosser']]);
    expect(quoteOf("Lena Dunham at SXSW 2014: 'Female stars of Girls are being typecast'")).toEqual([["'Female stars of Girls are being typecast'", 'Lena Dunham']]);
  });

  it('reads a statement before "says X", the wire’s "-X" and ", X tells …"', () => {
    expect(quoteOf('RBS might have to move says Carney')).toEqual([['RBS might have to move', 'Carney']]);
    expect(quoteOf('Central banks must contain threat from low prices -Noyer')).toEqual([['Central banks must contain threat from low prices', 'Noyer']]);
    expect(quoteOf('NSA leaks fueled needed debate, Snowden tells SXSW')).toEqual([['NSA leaks fueled needed debate', 'Snowden']]);
  });

  it('reads single quotation marks as a quotation only where no double quotes are, and never an apostrophe', () => {
    expect(quoteOf("'The economy is still too weak to stand alone,' Charles Plosser says")).toEqual([["'The economy is still too weak to stand alone,'", 'Charles Plosser']]);
    expect(quoteOf("McDonald's Sales Slip as Americans' Eating Habits Shift")).toEqual([]);
  });

  it('takes no section label, Title Case run or named thing before a colon for a speaker, and no words without a verb for a statement', () => {
    expect(quoteOf('Games Inbox: Titanfall awards and Thief upset the critics')).toEqual([]);
    expect(quoteOf("Food: McDonald's game plan to win back customers")).toEqual([]);
    expect(quoteOf("Titanfall: This guy shaved an Xbox logo into his hair")).toEqual([]);
    expect(quoteOf("Lena Dunham: Her Top 5 'SNL' Moments")).toEqual([]);
    expect(quoteOf('Will the Fed raise rates this year, asks Carney?')).toEqual([]);
  });
});

describe('role and place spans', () => {
  it('leaves the word that opens a clause out of a title before a name', () => {
    const role = spansOf('While former House Speaker Newt Gingrich agreed to attend, other Republicans declined.', 'role')[0];
    expect([role?.text, role?.subject]).toEqual(['former House Speaker', 'Newt Gingrich']);
  });

  it('leaves a common word before a known first name out of the person ("Watch Edward Snowden" is Edward Snowden), but not a name word', () => {
    expect(spansOf('Watch Edward Snowden say he has no regrets', 'person').map((span) => span.text)).toEqual(['Edward Snowden']);
    expect(spansOf('Mary Jane Smith said it was fine', 'person').map((span) => span.text)).toEqual(['Mary Jane Smith']);
  });

  it('types a titled name whose first name is also an organisation word as a person, however long ("Mayor Bill de Blasio")', () => {
    expect(spansOf('New York Mayor Bill de Blasio said no', 'person').map((span) => span.text)).toEqual(['Bill de Blasio']);
    expect(spansOf('The Bill and Melinda Gates Foundation said so', 'org').map((span) => span.text)).toEqual(['Bill and Melinda Gates Foundation']);
  });

  it('finds no place in a Title Case headline from a capital after "to" or "in"', () => {
    expect(spansOf('Trump Bows Out as Moderator of GOP Debate, Reserves Right to Run for President', 'place')).toEqual([]);
    expect(spansOf('The president spoke to reporters in Helsinki on Monday.', 'place').map((span) => span.text)).toEqual(['Helsinki']);
  });
});

describe('surnames', () => {
  it('reads the surname without a generational suffix or the place after "of"', () => {
    expect(surnameOf('James R. Clapper Jr.')).toBe('Clapper');
    expect(surnameOf('James T. Hodgkinson of Belleville')).toBe('Hodgkinson');
  });

  it('takes two first names of one surname for two people unless they share an initial', () => {
    expect(mayBeSamePerson('Seth Hutchinson', 'Asa Hutchinson')).toBe(false);
    expect(mayBeSamePerson('Jim Mattis', 'James Mattis')).toBe(true);
    expect(mayBeSamePerson('Hutchinson', 'Asa Hutchinson')).toBe(true);
  });
});

describe('numbers', () => {
  it('reads a vote’s tally as one number in a sentence about a vote, and an ordinal before a noun', () => {
    expect(spansOf('The final tally was 97-1.', 'number').map((span) => span.text)).toEqual(['97-1']);
    expect(spansOf('But while Ms. Pelosi won, 134 to 63, her rival gained ground.', 'number').map((span) => span.text)).toEqual(['134 to 63']);
    expect(spansOf('He represented the 27th District of Texas.', 'number').map((span) => span.text)).toEqual(['27th']);
    // No vote, no tally: "ages 16 to 18" is two numbers.
    expect(spansOf('Teenagers aged 16 to 18 may apply.', 'number').map((span) => span.text)).toEqual(['16', '18']);
  });
});

describe('appositive roles', () => {
  it('takes no role from a role noun inside a complement ("an outspoken critic of the president")', () => {
    expect(spansOf('Beck, an outspoken critic of the president, said it is not that simple.', 'role')).toEqual([]);
    expect(spansOf('Roger Stone, a longtime adviser to President Trump, was arrested.', 'role')[0]?.text).toBe('a longtime adviser to President Trump');
  });
});


describe('name spans that are not people', () => {
  it('types one capitalised word after "a" as a qualifier, not a person ("a Navy sailor", "a Ramadan dinner")', () => {
    expect(spansOf('In his post, Mr. Trump referred to the case of a Navy sailor who was jailed.', 'person').map((span) => span.text)).toEqual(['Trump']);
    expect(spansOf('He spoke during a Ramadan dinner at the White House.', 'person')).toEqual([]);
  });

  it('types a titled two-word name whose first name is an organisation word as a person ("spokesman Bill Burton"), but keeps "Senate Republicans" and "the Bill and Melinda Gates Foundation" as organisations', () => {
    expect(spansOf('White House spokesman Bill Burton said the president was not backing off.', 'person').map((span) => span.text)).toEqual(['Bill Burton']);
    expect(spansOf('Senate Republicans said the vote would wait.', 'person')).toEqual([]);
    expect(spansOf('She worked at the Bill and Melinda Gates Foundation.', 'org').map((span) => span.text)).toEqual(['Bill and Melinda Gates Foundation']);
  });
});

describe('reason spans', () => {
  const reasonsOf = (sentence: string) => spansOf(sentence, 'reason').map((span) => span.text);

  it('reads a purpose clause after what was done as its reason', () => {
    expect(reasonsOf('Chrysler recalls SUVs to fix brake pedal problem')).toEqual(['to fix brake pedal problem']);
    expect(reasonsOf('Honda Makes Acura a Stand-Alone Division to Spur Sales')).toEqual(['to Spur Sales']);
    expect(reasonsOf('Congress passed a bill to fund the government through March')).toEqual(['to fund the government through March']);
  });

  it('reads no purpose in an infinitive a verb, an adjective or a noun of intent takes, nor in "to" a place', () => {
    expect(reasonsOf('He plans to cut taxes for the middle class')).toEqual([]);
    expect(reasonsOf('The deal is likely to boost sales')).toEqual([]);
    expect(reasonsOf('It was an effort to reduce the deficit')).toEqual([]);
    expect(reasonsOf('She went on a trip to Paris')).toEqual([]);
  });
});

describe('date spans', () => {
  it('reads when something is due counted from now as a date, and a bare count of days as a number', () => {
    expect(spansOf('Google to release Android SDK for wearables in two weeks', 'date').map((span) => span.text)).toEqual(['in two weeks']);
    expect(spansOf('He must respond within 30 days', 'date').map((span) => span.text)).toEqual(['within 30 days']);
    expect(spansOf('The agency has 30 days to respond', 'number').map((span) => span.text)).toEqual(['30']);
    // Counted back from now: a date, not a count ("How many years were approved?" of "cuts approved 15 years ago").
    expect(spansOf('It prevents cuts to Medicare approved 15 years ago from going into effect', 'date').map((span) => span.text)).toEqual(['15 years ago']);
    expect(spansOf('It prevents cuts to Medicare approved 15 years ago from going into effect', 'number')).toEqual([]);
  });
});
