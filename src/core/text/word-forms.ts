import { stemGroups } from './stem.js';

/**
 * Forms of one word that Porter stemming leaves apart. Q&A matches a reader's question to a
 * reporter's sentence, and the two often use different forms of one word: "give" / "gave",
 * "charity" / "charitable", "lead" / "led". Threading and framing keep their plain stems (they count
 * words, and other forms there would change what they count); only the Q&A asks for these forms.
 */

/**
 * English irregular verbs, base past participle… (the closed list every grammar gives; the ones
 * news copy uses). Porter cannot join them: "gave" and "give" share no suffix to strip.
 */
const IRREGULAR_VERBS = [
  'arise arose arisen', 'be was were been', 'bear bore borne born', 'beat beat beaten', 'become became', 'begin began begun', 'bend bent',
  'bet bet', 'bid bid', 'bind bound', 'bite bit bitten', 'blow blew blown', 'break broke broken', 'bring brought', 'build built',
  'burn burnt', 'buy bought', 'catch caught', 'choose chose chosen', 'come came', 'cost cost', 'creep crept', 'cut cut', 'deal dealt',
  'dig dug', 'do did done', 'draw drew drawn', 'drink drank drunk', 'drive drove driven', 'eat ate eaten', 'fall fell fallen', 'feed fed',
  'feel felt', 'fight fought', 'find found', 'flee fled', 'fly flew flown', 'forbid forbade forbidden', 'forget forgot forgotten',
  'forgive forgave forgiven', 'freeze froze frozen', 'get got gotten', 'give gave given', 'go went gone', 'grow grew grown', 'hang hung',
  'have had', 'hear heard', 'hide hid hidden', 'hit hit', 'hold held', 'hurt hurt', 'keep kept', 'know knew known', 'lay laid', 'lead led',
  'leave left', 'lend lent', 'let let', 'lie lay lain', 'lose lost', 'make made', 'mean meant', 'meet met', 'pay paid', 'put put',
  'quit quit', 'read read', 'ride rode ridden', 'ring rang rung', 'rise rose risen', 'run ran', 'say said', 'see saw seen', 'seek sought',
  'sell sold', 'send sent', 'set set', 'shake shook shaken', 'shoot shot', 'show showed shown', 'shut shut', 'sing sang sung', 'sink sank sunk',
  'sit sat', 'sleep slept', 'speak spoke spoken', 'spend spent', 'split split', 'spread spread', 'stand stood', 'steal stole stolen',
  'stick stuck', 'strike struck stricken', 'swear swore sworn', 'sweep swept', 'swim swam swum', 'take took taken', 'teach taught',
  'tear tore torn', 'tell told', 'think thought', 'throw threw thrown', 'understand understood', 'undertake undertook undertaken',
  'wake woke woken', 'wear wore worn', 'win won', 'withdraw withdrew withdrawn', 'write wrote written', 'overturn overturned',
  'overcome overcame', 'uphold upheld', 'withhold withheld', 'mislead misled', 'oversee oversaw overseen', 'foresee foresaw foreseen',
];

const irregular = stemGroups(IRREGULAR_VERBS);

/** Stemmed irregular forms of a stemmed verb ("give" → "gave", "given"); empty for any other term. */
export function irregularForms(term: string): ReadonlySet<string> {
  return irregular.get(term) ?? NONE;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Shortest stem that derivational matching applies to: below this a shared beginning is chance
 * ("car" / "care", "vote" / "voter" are different words often enough).
 */
const MIN_DERIVED_STEM = 5;
/** Letters a derived form may add to its stem: "-able", "-al", "-ist", "-ion" after Porter. */
const MAX_DERIVED_SUFFIX = 3;

/**
 * Whether two stems are derivations of one word that Porter leaves apart: one begins with the
 * other, which is at least 5 letters long, and adds at most 3 letters ("chariti" / "charit",
 * "govern" / "governor", "legisl" / "legislat"). Digits are identifiers and never derive.
 */
export function derivedForm(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < MIN_DERIVED_STEM || long.length - short.length > MAX_DERIVED_SUFFIX) return false;
  if (/\d/.test(long)) return false;
  return long.startsWith(short);
}
