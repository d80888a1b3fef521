import nlp from 'compromise';

/**
 * Which words are people's names, from compromise's lexicon (about 3,000 first names and 900
 * surnames, maintained with the library) rather than a list of our own. Only the lexicon is read —
 * a table lookup, not compromise's tagger, which costs milliseconds per sentence.
 */

type Lexicon = Record<string, string | undefined>;

let lexicon: Lexicon | undefined;
function lexiconOf(): Lexicon {
  // compromise exposes its lexicon on the model; the typings do not describe it.
  lexicon ??= (nlp as unknown as { model(): { one: { lexicon: Lexicon } } }).model().one.lexicon;
  return lexicon;
}

const FIRST_NAME_TAGS = /^(?:FirstName|MaleName|FemaleName|Person)$/;
const NAME_TAGS = /^(?:FirstName|MaleName|FemaleName|Person|LastName)$/;
/** Tags of words that are never part of a person's name in running text ("Gets", "To", "Is", "Harsh"). */
const NOT_NAME_TAGS = /^(?:PresentTense|PastTense|Gerund|Infinitive|Modal|Copula|Preposition|Conjunction|Determiner|Adverb|Pronoun|Adjective|Comparative|Superlative|Participle|Auxiliary|QuestionWord)$/;

/** Whether a capitalised word is a known first name ("Joseph", "Nancy"). */
export function isFirstName(word: string): boolean {
  return FIRST_NAME_TAGS.test(lexiconOf()[word.toLowerCase()] ?? '');
}

/** Whether a word is known as a first name or surname. */
export function isKnownName(word: string): boolean {
  return NAME_TAGS.test(lexiconOf()[word.toLowerCase()] ?? '');
}

/** Whether a word is an English verb, adjective or function word and never a name ("Gets", "Harsh", "To"). */
export function isNonNameWord(word: string): boolean {
  return NOT_NAME_TAGS.test(lexiconOf()[word.toLowerCase()] ?? '');
}

/** Whether a word is a common English word the lexicon knows, of any kind other than a name ("doctrine" is not known; "law" is). */
export function isCommonWord(word: string): boolean {
  const tag = lexiconOf()[word.toLowerCase()];
  return tag !== undefined && !NAME_TAGS.test(tag) && !/Place|City|Country|Organization/.test(tag);
}

/** Tags of verb forms: a name never ends in one ("Vicente Fox Slams", "Duncan Hunter Is Indicted"). */
const VERB_TAGS = /^(?:PresentTense|PastTense|Gerund|Modal|Copula|Participle|Auxiliary|Preposition|Conjunction|Determiner|Pronoun)$/;

/** Words that name an office or a department, not a person ("Secretary of State John Kerry", "Chief of Staff Rahm Emanuel"). */
export const OFFICE_WORDS = new Set(
  'State Staff Defense Defence Justice Treasury Commerce Labor Labour Energy Education Transportation Agriculture Interior Homeland Security National Intelligence Health Human Services Veterans Affairs Housing Urban Development Joint Chiefs Foreign Home Office Vice Agent Editor-in-Chief Deputy Acting Former'.split(' '),
);

/** Generational suffixes, which end a name without being its surname ("James R. Clapper Jr."). */
const NAME_SUFFIX = /^(?:Jr|Sr)\.?$|^(?:II|III|IV)$/;

/**
 * Whether a run of capitalised words reads as a person's name: two to four words (an initial or
 * "Jr." inside or at the end allowed), none an office, a party member or an English verb, adjective
 * or function word the lexicon knows — except a surname that happens to be one ("Sherrod Brown") —
 * no possessive and no word in capitals ("FIRED Eric Cantor"). "Gets Rough", "Mitt To Akin",
 * "Attacking Hillary Clinton", "State John Kerry" and "Illinois Democrat" are not names.
 */
export function looksLikePersonName(name: string): boolean {
  if (/['’]s\b|['’]$|\d|\s(?:and|of|the|for)\s/u.test(name)) return false;
  const parts = name.split(/\s+/);
  const core = parts.filter((part) => !NAME_SUFFIX.test(part));
  if (core.length < 2 || core.length > 4) return false;
  const last = core.at(-1) ?? '';
  if (/^\p{Lu}\.?$/u.test(last)) return false;
  for (const [index, part] of core.entries()) {
    if (!/^\p{Lu}/u.test(part) || OFFICE_WORDS.has(part) || /^(?:Democrats?|Republicans?|Democratic|Independent)$/.test(part)) return false;
    // Capitals are initials ("J.", "F.B.I.") or acronyms, never a name word of a person; nor is a plural acronym ("MPs Quiz Carney").
    if (/^\p{Lu}{3,}$/u.test(part.replace(/[.’'-]/g, '')) || /^\p{Lu}{2,}s$/u.test(part)) return false;
    if (/^\p{Lu}\.$/u.test(part)) continue;
    const tag = lexiconOf()[part.toLowerCase()] ?? '';
    if (index === core.length - 1 ? VERB_TAGS.test(tag) : NOT_NAME_TAGS.test(tag) && !isFirstName(part)) return false;
  }
  return true;
}

/** The lexicon's tag of a word ("PastTense", "Adjective", "MaleName"), or undefined for a word it does not know. */
export function lexiconTag(word: string): string | undefined {
  return lexiconOf()[word.toLowerCase()];
}

/** A person's surname: the last word of the name that is not a suffix ("Clapper" of "James R. Clapper Jr."). */
export function surnameOf(name: string): string {
  // "James T. Hodgkinson of Belleville": the place after "of" is not part of the name.
  const parts = name.trim().replace(/\s+of\s+.*$/, '').split(/\s+/);
  const core = parts.filter((part) => !NAME_SUFFIX.test(part));
  return core.at(-1) ?? parts.at(-1) ?? name;
}

/**
 * Whether two names of one surname may be one person: a first name on only one side, or first names
 * with the same initial ("Jim Mattis" and "James Mattis"). "Asa Hutchinson" and "Seth Hutchinson" are two.
 */
export function mayBeSamePerson(a: string, b: string): boolean {
  if (surnameOf(a).toLowerCase() !== surnameOf(b).toLowerCase()) return false;
  const first = (name: string) => {
    const parts = name.trim().replace(/\s+of\s+.*$/, '').split(/\s+/).filter((part) => !NAME_SUFFIX.test(part));
    return parts.length >= 2 ? (parts[0] ?? '') : '';
  };
  const [x, y] = [first(a), first(b)];
  return x === '' || y === '' || x.charAt(0).toLowerCase() === y.charAt(0).toLowerCase();
}
