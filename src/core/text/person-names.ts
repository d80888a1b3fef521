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
