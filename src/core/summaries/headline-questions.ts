import { isCommonWord } from '../text/person-names.js';
import { PLACE_NAMES } from '../text/places.js';
import { isRoleWord, type Span } from '../text/spans.js';
import { escapeRegExp } from '../text/tokenise.js';
import type { IndexedSentence } from './retrieval.js';

/**
 * Suggested-question candidates read from headlines. Headlines are written in headlinese: the
 * present tense for what just happened ("Mt. Gox files for US bankruptcy"), no articles, often Title
 * Case, so the sentence grammar the other question kinds rely on (a past-tense verb, capitals only
 * on names) is not there. A headline-only thread — most RSS items carry no body — would otherwise
 * offer no question at all.
 *
 * Each candidate comes from one headline of the shape "Actor verb …", where the actor is a name the
 * thread keeps printing (at least MIN_ACTOR_SENTENCES of its sentences), and the verb is one whose
 * question a reader asks and whose answer the headline states:
 *
 *   "Stacy Keibler has married Jared Pobre"          → "Who did Stacy Keibler marry?"
 *   "Colorado raises $2M in marijuana taxes"         → "How much did Colorado raise?"
 *   "GM recalls 1.6 million cars"                    → "How many cars did GM recall?"
 *   "Apple releases iOS 7.1"                         → "What did Apple release?"
 *   "Mt. Gox files for US bankruptcy amid …"         → "Why did Mt. Gox file for US bankruptcy?"
 *   "Miley Cyrus performs in Milwaukee"              → "Where did Miley Cyrus perform?"
 *   "Copper falls after weak China exports"          → "Why did copper fall?"
 *   "Men's Wearhouse to acquire Jos. A. Bank"        → "What will Men's Wearhouse acquire?"
 *   "UniCredit posts record $19 bln loss"            → "How much did UniCredit lose?"
 *   "McDonald's US sales fall 1.4 per cent"          → "How much did McDonald's US sales fall?"
 *   "Twitter blames software glitch for outage"      → "What did Twitter blame for the outage?"
 *   "SAC Capital renames itself Point72"             → "What was SAC Capital renamed?"
 *   "Volcanoes saw species survive ice ages: study"  → "What did the study find?"
 *   "Metro-North track worker killed in Harlem"      → "Where was the Metro-North track worker killed?"
 *   "Honda makes Acura a division to boost sales"    → "Why did Honda make Acura a division?"
 *
 * A candidate is only a candidate: suggestQuestions keeps it when the offline Q&A, asked it, answers
 * with a sentence in which that actor does that thing and which holds a span of the asked type.
 */

export interface HeadlineCandidate {
  question: string;
  kind: 'money' | 'number' | 'entity' | 'event' | 'reason' | 'place' | 'date';
  weight: number;
  source: string;
  /** The span of the headline that answers it ('' when the sentence itself is the answer). */
  expect: string;
  /** The actor as printed and the verb as printed: an answering sentence must contain both. */
  actor: string;
  verb: string;
  /**
   * For a price or an index moving, or a company's result: the words (a regex alternation) that
   * state it, any of which may answer, and how many words may stand between the actor and them
   * ("crude oil futures slump", "UniCredit posts stunning Q4 loss").
   */
  says?: { words: string; gap: number };
  /** Asked with "will": answered only by a sentence saying it is yet to happen ("… to buy …", "… will hire …"). */
  future?: true;
  /** For "What did the study find?": the words (a regex alternation) naming who found it, which an answering sentence must print. */
  finding?: string;
  headline: true;
}

/** Sentences an actor must be named in to be asked about: a name the thread keeps printing, not an aside. */
const MIN_ACTOR_SENTENCES = 3;
/** Words an actor may span ("Mt. Gox", "Men's Wearhouse", "Bank of England"). */
const MAX_ACTOR_WORDS = 4;
/** Words of what was done that a "why" question repeats ("file for US bankruptcy"). */
const MAX_OBJECT_WORDS = 5;

/** Verbs asked "Who did X …?": their object is a person or a body. */
const WHOM_VERBS = new Set('marry wed hire fire sue endorse appoint nominate pick choose beat defeat replace succeed sign date'.split(' '));
/** Verbs asked "How much did X …?" when an amount follows them. */
const MONEY_VERBS = new Set('raise pay earn collect spend invest lose make offer seek fine borrow owe generate gross bring pull win receive get'.split(' '));
/** Verbs asked "How many … did X …?" when a count of something follows them. */
const COUNT_VERBS = new Set('recall kill cut sell ship hire lay add lose injure arrest evacuate close fire sign sack axe shed cancel ground strand build create rescue deport detain charge indict remove delete'.split(' '));
/** Verbs asked "What did X …?": their object is the news. */
const EVENT_VERBS = new Set('announce unveil release launch reveal confirm deny propose introduce approve reject ban buy acquire cancel delay file report open end terminate scrap sever'.split(' '));
/** Verbs of ending something that a market headline uses for a session ("Stocks end higher", "Dow ends week with gains"): not asked then. */
const ENDING_VERBS = new Set('end terminate scrap sever'.split(' '));
const SESSION_WORDS = /^(?:higher|lower|flat|mixed|up|down|slightly|sharply|little|gains?|loss(?:es)?|streak|week|session|day|year|quarter|month|trading)$/i;
/** Verbs a company's result is printed with: "UniCredit posts record $19 bln loss", "X reports $2 billion profit". */
const RESULT_VERBS = new Set('post report book log swing'.split(' '));
/** A result named after its amount, the question it asks, and the words that state it in an answer. */
const RESULTS: { noun: RegExp; question: (who: string) => string; words: string }[] = [
  { noun: /^(?:net\s+)?loss(?:es)?$/i, question: (who) => `How much did ${who} lose?`, words: 'loss|losses|lost|lose|loses' },
  { noun: /^(?:net\s+)?(?:profits?|earnings|income)$/i, question: (who) => `How much profit did ${who} make?`, words: 'profits?|earnings|net income|earned|earns' },
];
/** Words an answer may put between the company and its result ("UniCredit posts stunning Q4 loss"). */
const MAX_RESULT_GAP = 5;

/** Verbs asked "What did X blame for …?": the headline names the culprit, then what it is blamed for. */
const BLAME_VERBS = new Set(['blame']);
/** Verbs asked "What is X's new name?". */
const RENAME_VERBS = new Set(['rename']);
/** How an answer says a thing got a new name: "renamed", "renames itself", "'s new name", "changes name to". */
const RENAMED = 'renam\\w*|new name|changes? (?:its )?name|changed (?:its )?name';

/**
 * What a figure of a company, a market or a place is, when a headline says it moved by a percentage:
 * "McDonald's US sales fall 1.4 per cent", "Bon-Ton comparable store sales down 4.2 percent",
 * "Twitter shares jump 5%". The owner comes first, then up to MAX_METRIC_WORDS ending in one of these.
 */
const METRIC_NOUNS = new Set(
  'sales revenue revenues profit profits earnings income shares stock stocks price prices exports imports output production ridership traffic deliveries orders spending subscribers users margin margins value valuation volume volumes'.split(' '),
);
const MAX_METRIC_WORDS = 3;
/** "down 7 percent", "up 11%": headlinese for a figure that fell or rose. */
const DIRECTION_WORDS: Record<string, 'down' | 'up'> = { down: 'down', up: 'up' };
export const PERCENT = /%|\bper\s?cent\b/i;
/** Units a price or an index moves by, printed after the number: "up 10 cents", "fell 100 points". */
export const MOVE_UNITS = 'cents?|points?|pence|basis points';
const UNIT_AFTER = new RegExp(`^\\s+(?:${MOVE_UNITS})\\b`, 'i');

/**
 * Who reports a finding in science and polling headlines, which attribute it as speech is attributed:
 * "…: study", "…, survey shows", "Study finds …", "… astronomers find". Things take "the" in the
 * question ("What did the study find?"), people do not ("What did astronomers find?").
 */
const FINDING_THINGS = 'study|survey|poll|research';
const FINDING_PEOPLE = 'scientists|researchers|astronomers';
const FINDING_VERBS = 'finds?|found|says?|shows?|suggests?|reveals?|discovers?|discovered';
const FINDINGS: readonly RegExp[] = [
  new RegExp(`^(?<statement>.+?)\\s*[:,]\\s*(?:a\\s+|new\\s+)*(?<who>${FINDING_THINGS}|${FINDING_PEOPLE})(?:\\s+(?:${FINDING_VERBS}))?[.!]?$`, 'i'),
  new RegExp(`^(?<statement>.+?)\\s+(?<who>${FINDING_PEOPLE})\\s+(?:${FINDING_VERBS})[.!]?$`, 'i'),
  new RegExp(`^(?:a\\s+|new\\s+)*(?<who>${FINDING_THINGS}|${FINDING_PEOPLE})\\s+(?:${FINDING_VERBS})(?:\\s+that)?\\s+(?<statement>.+)$`, 'i'),
];
/** A finding is a statement: four words or more ("Volcanoes saw species survive ice ages"), not a label ("Ice ages"). */
const MIN_FINDING_WORDS = 4;

/**
 * Past participles a headline prints for what was done to someone, somewhere ("Metro-North worker
 * killed in Harlem", "Zac Efron spotted at LAX"): asked "Where was … killed?" of a known place.
 */
const PLACED_PARTICIPLES = new Set(
  'killed injured hurt shot stabbed arrested detained held jailed charged sentenced born buried attacked struck kidnapped rescued spotted seen photographed honored honoured stranded trapped evacuated hospitalized hospitalised'.split(' '),
);
/** Common nouns a named subject may take ("Metro-North track worker"), before the participle. */
const MAX_SUBJECT_NOUNS = 2;

/** Verbs asked "Why did X …?" when the headline gives their purpose after them ("… to boost luxury lineup"). */
const PURPOSE_VERBS = new Set(
  'make split restructure reorganize reorganise recall cut sell buy close open raise lower launch hire sue move shift spend invest offer add drop end expand merge partner join create form cancel delay halt suspend ban pull change update patch release'.split(' '),
);

/** Verbs asked "Why did X …?" when the headline gives the cause after them. */
const REASON_VERBS = new Set(
  'apologize apologise resign quit withdraw cancel delay postpone halt suspend ban recall sue file close cut fire drop snap slam criticize criticise blast defend leave exit pull sell buy'.split(' '),
);
/** Verbs asked "Where did X …?" when a place follows them. */
const PLACE_VERBS = new Set('speak perform marry wed arrive land crash die play meet testify rally propose'.split(' '));
/** Particles a verb keeps in its question ("file for", "pull in", "step down"). */
const PARTICLES: Record<string, string> = { file: 'for', pull: 'in', bring: 'in', lay: 'off', step: 'down' };
/**
 * Verbs of a price, an index or sales moving, by direction, as base forms and as the words that say
 * the same in an answer ("Oil falls …" is answered by "Crude oil futures slump after …"). Markets
 * headlines give their cause after "on" or "as" too: "Oil falls on China data".
 */
const MOVES: Record<'down' | 'up', { bases: ReadonlySet<string>; printed: string }> = {
  down: {
    // Not "lose": "Dow loses 100 points" asks how many, "X loses $2 billion" how much.
    bases: new Set('fall drop slip slide slump sink tumble plunge decline dip retreat sag weaken ease'.split(' ')),
    printed: 'fall|falls|fell|fallen|falling|drop\\w*|slip\\w*|slid\\w*|slump\\w*|sink\\w*|sank|sunk|tumbl\\w*|plung\\w*|declin\\w*|dip\\w*|retreat\\w*|sag\\w*|weaken\\w*|lose|loses|losing|lost|eas(?:e|es|ed|ing)',
  },
  up: {
    bases: new Set('rise jump climb gain surge soar rally advance rebound strengthen'.split(' ')),
    printed: 'rise|rises|rose|risen|rising|jump\\w*|climb\\w*|gain\\w*|surg\\w*|soar\\w*|rall(?:y|ies|ied|ying)|advanc\\w*|rebound\\w*|strengthen\\w*',
  },
};
const MOVE_MARKER = /^(?:on|as)$/i;
/** Words a moving thing may span when it is no name ("oil", "Asian shares"). */
const MAX_MOVER_WORDS = 2;

function directionOf(base: string): 'down' | 'up' | undefined {
  return MOVES.down.bases.has(base) ? 'down' : MOVES.up.bases.has(base) ? 'up' : undefined;
}

/** Where a headline states why, after what was done: "amid new hacker claims", "over Selena Gomez question". */
const REASON_MARKER = /^(?:amid|after|over|following|because|due to|in protest|in response to)$/i;
/** Words a headline actor never is: function words, question words and packaging ("Watch", "Report"). */
const NOT_ACTOR = new Set(
  'the a an this that these those why how what when where who which here there it its his her their our your my report reports watch video photos update exclusive breaking new live review opinion analysis'.split(' '),
);
const HEADLINE_STOP = /[:|–—?!]$/;

interface Token {
  surface: string;
  /** Without edge punctuation ("Pobre." → "Pobre"), as printed. */
  bare: string;
  lower: string;
}

function tokensOf(text: string): Token[] {
  return text
    .split(/\s+/)
    .filter((surface) => surface !== '')
    .map((surface) => {
      const bare = surface.replace(/^[("'‘“]+|[)"'’”.,;:!?]+$/g, '');
      return { surface, bare, lower: bare.toLowerCase() };
    });
}

const capitalised = (word: string) => /^[\p{Lu}\p{N}]/u.test(word);

/** A headline in Title Case: capitals there say nothing about names, so words are cased as the thread prints them elsewhere. */
function isTitleCase(tokens: readonly Token[]): boolean {
  const long = tokens.slice(1).filter((token) => /^\p{L}{4,}/u.test(token.bare));
  return long.length >= 2 && long.filter((token) => capitalised(token.bare)).length / long.length > 0.8;
}

/** Past forms of the verbs asked about that no spelling rule gives. */
const IRREGULAR: Record<string, readonly string[]> = {
  pay: ['paid'], make: ['made'], lose: ['lost'], sell: ['sold'], win: ['won'], spend: ['spent'], buy: ['bought'], seek: ['sought'],
  wed: ['wed', 'wedded'], quit: ['quit'], cut: ['cut'], shed: ['shed'], meet: ['met'], leave: ['left'], speak: ['spoke', 'spoken'],
  choose: ['chose', 'chosen'], beat: ['beat', 'beaten'], get: ['got', 'gotten'], bring: ['brought'], lay: ['laid'], fall: ['fell', 'fallen'],
  rise: ['rose', 'risen'], sink: ['sank', 'sunk'], slide: ['slid'], withdraw: ['withdrew', 'withdrawn'],
};

/** The present (third person) and past forms of a base: "file" → files, filed; "marry" → marries, married; "drop" → drops, dropped. */
function inflections(base: string): string[] {
  const forms = [...(IRREGULAR[base] ?? [])];
  if (/[^aeiou]y$/.test(base)) forms.push(`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`);
  else if (/(?:s|x|z|ch|sh|o)$/.test(base)) forms.push(`${base}es`, `${base}ed`);
  else if (/e$/.test(base)) forms.push(`${base}s`, `${base}d`);
  else forms.push(`${base}s`, `${base}ed`);
  // One syllable ending consonant-vowel-consonant doubles its last letter: "dropped", "slipped", "banned".
  if (/^[^aeiou]*[aeiou][bdgklmnprt]$/.test(base)) forms.push(`${base}${base.at(-1)}ed`);
  return forms;
}

/**
 * Headline verb forms of every verb some question kind asks about, to their base. A fixed table,
 * not a tagger: a headline's "-s" word is a plural noun as often as a verb, and only these verbs
 * make questions, so nothing else needs reading (and a tagger costs a millisecond per new word).
 */
const VERB_FORMS: ReadonlyMap<string, string> = (() => {
  const forms = new Map<string, string>();
  const bases = [WHOM_VERBS, MONEY_VERBS, COUNT_VERBS, EVENT_VERBS, REASON_VERBS, PLACE_VERBS, RESULT_VERBS, BLAME_VERBS, RENAME_VERBS, PURPOSE_VERBS, MOVES.down.bases, MOVES.up.bases].flatMap((set) => [...set]);
  for (const base of bases) for (const form of inflections(base)) if (!forms.has(form)) forms.set(form, base);
  return forms;
})();

/**
 * The "-ing" forms of the verbs asked how many or what: headlinese drops "is" from what is under way
 * ("Sbarro closing 155 stores", "Google releasing Android SDK"). Only these kinds are asked of it.
 */
const PROGRESSIVE_FORMS: ReadonlyMap<string, string> = new Map(
  [...COUNT_VERBS, ...EVENT_VERBS].map((base) => {
    const stemmed = /[^aeiou]e$/.test(base) ? base.slice(0, -1) : /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(base) ? `${base}${base.at(-1)}` : base;
    return [`${stemmed}ing`, base] as const;
  }),
);

/** The asked verbs in their base form, as headlines print them after "to" or "will" ("Google to release …"). */
const VERB_BASES: ReadonlySet<string> = new Set(VERB_FORMS.values());
/** How headlines say something is yet to happen, before the base form: "to", "will", "set to", "plans to". */
const FUTURE_MARKER = /^(?:to|will|(?:is\s+|are\s+)?set\s+to|plans?\s+to|agrees?\s+to|expected\s+to|aims?\s+to)$/i;

/** The base form of a headline verb printed in the present or past tense ("files" → "file", "married" → "marry"), or null. */
function verbBase(lower: string): string | null {
  return VERB_FORMS.get(lower) ?? null;
}

interface Casing {
  /** A Title Case headline's word as the thread prints it ("Why did Lena Dunham apologise for molestation tweet?", not "… For Molestation Tweet"). */
  cased(token: Token): string;
  /** Whether a one-word actor is a name: printed capitalised mid-sentence more often than not ("Apple", not "Hackers" or "Copper"). */
  isName(word: string): boolean;
}

/**
 * How the thread prints each word outside Title Case headlines and the first word of a sentence:
 * lower case or capitalised, whichever is more often.
 */
function casingOf(sentences: readonly IndexedSentence[]): Casing {
  const counts = new Map<string, { lower: number; upper: number; inner: Map<string, number> }>();
  for (const sentence of sentences) {
    const tokens = tokensOf(sentence.text);
    if (isTitleCase(tokens)) continue;
    for (const token of tokens.slice(1)) {
      if (!/^\p{L}/u.test(token.bare)) continue;
      const count = counts.get(token.lower) ?? { lower: 0, upper: 0, inner: new Map<string, number>() };
      // "iPhone", "eBay": a capital inside is a name's, however the word starts.
      const inner = /^\p{L}+$/u.test(token.bare) && /\p{Lu}/u.test(token.bare.slice(1)) && /\p{Ll}/u.test(token.bare);
      if (inner) count.inner.set(token.bare, (count.inner.get(token.bare) ?? 0) + 1);
      if (capitalised(token.bare) || inner) count.upper += 1;
      else count.lower += 1;
      counts.set(token.lower, count);
    }
  }
  // Unseen elsewhere, a common English word (or its singular, or each part of a hyphenated word: "stand-alone") is a word, anything else may be a name.
  const commonWord = (lower: string) => isCommonWord(lower) || (/s$/.test(lower) && isCommonWord(lower.slice(0, -1)));
  const common = (lower: string) => commonWord(lower) || (lower.includes('-') && lower.split('-').every((part) => part !== '' && commonWord(part)));
  return {
    cased: (token) => {
      const count = counts.get(token.lower);
      if (count !== undefined) {
        if (count.lower > count.upper) return token.bare.toLowerCase();
        // "IPhone" in a Title Case headline is printed "iPhone" everywhere else.
        const printed = [...count.inner].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
        return printed ?? token.bare;
      }
      return common(token.lower) && !/^\p{Lu}{2,}$/u.test(token.bare) ? token.bare.toLowerCase() : token.bare;
    },
    isName: (word) => {
      if (/^\p{Lu}{2,}$/u.test(word)) return true;
      const count = counts.get(word.toLowerCase());
      return count !== undefined ? count.upper > count.lower : !common(word.toLowerCase());
    },
  };
}

/** In how many sentences a name is printed as a whole word, case as given (or in any case). */
function sentenceCounter(sentences: readonly IndexedSentence[]): (name: string, caseless?: boolean) => number {
  const cache = new Map<string, number>();
  const lower = sentences.map((sentence) => sentence.text.toLowerCase());
  return (name, caseless = false) => {
    const key = `${caseless ? 'i' : 'c'}${name}`;
    let count = cache.get(key);
    if (count === undefined) {
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, caseless ? 'iu' : 'u');
      // A substring test first: most sentences do not print the name at all.
      const needle = caseless ? name.toLowerCase() : name;
      count = 0;
      for (const [index, sentence] of sentences.entries()) if ((caseless ? lower[index]! : sentence.text).includes(needle) && pattern.test(sentence.text)) count += 1;
      cache.set(key, count);
    }
    return count;
  };
}

interface Clause {
  actor: string;
  /** The verb as printed, its base form, and the tokens after it. */
  verb: string;
  base: string;
  rest: Token[];
  /** Set when the actor is a moving thing, not a name: its words, cased as the thread prints them in the question. */
  mover?: Token[];
  /** "Men's Wearhouse to buy …", "Jeep will hire …": not yet done, asked with "will". */
  future?: true;
  /** "Sbarro closing 155 stores": headlinese for "is closing", asked with "is". */
  progressive?: true;
}

/**
 * "Actor verb …" at the start of a headline: the longest run of capitalised words the thread keeps
 * printing, then a verb in the present or past tense ("has married" counts as "married").
 */
function clauseOf(text: string, mentions: (name: string, caseless?: boolean) => number, casing: Casing): Clause | null {
  const tokens = tokensOf(text);
  const titleCase = isTitleCase(tokens);
  for (let size = Math.min(MAX_ACTOR_WORDS, tokens.length - 1); size >= 1; size--) {
    const words = tokens.slice(0, size);
    const first = words[0];
    if (first === undefined || !capitalised(first.bare) || NOT_ACTOR.has(first.lower)) continue;
    // Every word of a name is capitalised, "of" and "&" aside; a possessive or a colon ends the run ("Carney: …", "Titanfall's …").
    if (words.some((word, index) => (index > 0 && !capitalised(word.bare) && !/^(?:of|&|de|la)$/.test(word.surface)) || (index < size - 1 && HEADLINE_STOP.test(word.surface)))) continue;
    const last = words.at(-1);
    if (last === undefined || /['’]s$/.test(last.surface) || /[:,;|–—?!]$/.test(last.surface) || /^(?:of|&|de|la)$/.test(last.surface)) continue;
    const actor = words.map((word) => word.surface).join(' ');
    // A title of a work ("'True Detective' Finale"), a title of office ("Facebook COO") or a common noun ("Hackers") is no actor.
    if (/["'‘’“”]/.test(actor.replace(/['’]s\b/g, '')) || isRoleWord(last.bare) || /^C[EFOT]O$/.test(last.bare) || (size === 1 && !casing.isName(first.bare))) continue;
    let at = size;
    if (/^(?:has|have)$/i.test(tokens[at]?.bare ?? '')) at += 1;
    // "to buy", "will hire", "set to become", "plans to release": up to three words of the future, then the base form.
    for (let words = 3; words >= 1; words--) {
      const marker = tokens.slice(at, at + words).map((token) => token.surface).join(' ');
      const after = tokens[at + words];
      if (!FUTURE_MARKER.test(marker) || after === undefined || !VERB_BASES.has(after.lower) || /[:;,.!?]$/.test(after.surface)) continue;
      if (mentions(actor) < MIN_ACTOR_SENTENCES) break;
      return { actor, verb: after.lower, base: after.lower, rest: tokens.slice(at + words + 1), future: true };
    }
    const verbToken = tokens[at];
    // "Titanfall Released: What You Need to Know": a verb the headline's punctuation ends has no object; it is a label.
    if (verbToken === undefined || (!titleCase && capitalised(verbToken.bare)) || /[:;,.!?]$/.test(verbToken.surface)) continue;
    // Two actors take the plural, which is the base form: "American Airlines, JetBlue end interline pact".
    const pair = /, | & | and /.test(actor);
    const base = verbBase(verbToken.lower) ?? (pair && VERB_BASES.has(verbToken.lower) ? verbToken.lower : null);
    const progressive = base === null ? PROGRESSIVE_FORMS.get(verbToken.lower) : undefined;
    if ((base ?? progressive) === undefined || (base ?? progressive) === null || mentions(actor) < MIN_ACTOR_SENTENCES) continue;
    // An answer may say it in any tense ("Sbarro closes …"): the base is what it must print.
    if (progressive !== undefined) return { actor, verb: progressive, base: progressive, rest: tokens.slice(at + 1), progressive: true };
    return { actor, verb: verbToken.bare.toLowerCase(), base: base!, rest: tokens.slice(at + 1) };
  }
  // A thing that moves ("Oil falls on China data", "Asian shares slip after …") is no name, but the thread keeps printing it.
  for (let size = Math.min(MAX_MOVER_WORDS, tokens.length - 1); size >= 1; size--) {
    const words = tokens.slice(0, size);
    if (words.some((word) => !/^\p{L}[\p{L}-]*$/u.test(word.surface)) || NOT_ACTOR.has(words[0]?.lower ?? '')) continue;
    const verbToken = tokens[size];
    const base = verbToken === undefined ? null : verbBase(verbToken.lower);
    if (verbToken === undefined || base === null || directionOf(base) === undefined) continue;
    const actor = words.map((word) => word.surface).join(' ');
    if (mentions(actor, true) < MIN_ACTOR_SENTENCES) continue;
    return { actor, verb: verbToken.bare.toLowerCase(), base, rest: tokens.slice(size + 1), mover: words };
  }
  return null;
}

/** A place the gazetteer or the span finder knows ("appears in Conservative Group's Ad" names none). */
function knownPlace(place: string, spans: readonly Span[]): boolean {
  return PLACE_NAMES.has(place.toLowerCase()) || spans.some((span) => span.type === 'place' && span.text === place);
}

/** The capitalised run at the start of some tokens ("Jared Pobre", "South By Southwest"), up to four words. */
function nameRun(tokens: readonly Token[]): string | null {
  const run: string[] = [];
  for (const token of tokens) {
    if (!capitalised(token.bare) || run.length >= 4) break;
    run.push(token.bare);
    if (token.surface !== token.bare && !/['’]s$/.test(token.surface)) break;
  }
  return run.length === 0 ? null : run.join(' ');
}

export function headlineQuestions(
  sentences: readonly IndexedSentence[],
  spansOf: (sentence: IndexedSentence) => readonly Span[],
  nameFor: (actor: string) => string,
): HeadlineCandidate[] {
  const headlines = sentences.filter((sentence) => sentence.headline === true);
  if (headlines.length === 0) return [];
  const reading: Reading = { spansOf, nameFor, mentions: sentenceCounter(sentences), casing: casingOf(sentences) };
  const out: HeadlineCandidate[] = [];
  for (const sentence of headlines) {
    const found = [...candidatesOf(sentence, reading), ...changeQuestions(sentence, reading), ...findingQuestions(sentence), ...placedQuestions(sentence, reading)];
    // "Why did Mt. Gox file for US bankruptcy?" is answered by what "What did Mt. Gox file for?" would be: ask the why.
    // Likewise "How many flights did American Airlines cancel?" says more than "What did American Airlines cancel?".
    const specific = found.some((candidate) => candidate.kind === 'reason' || (candidate.kind === 'number' && candidate.verb === found.find((other) => other.kind === 'event')?.verb));
    out.push(...(specific ? found.filter((candidate) => candidate.kind !== 'event') : found));
  }
  return out;
}

interface Reading {
  spansOf: (sentence: IndexedSentence) => readonly Span[];
  nameFor: (actor: string) => string;
  mentions: (name: string, caseless?: boolean) => number;
  casing: Casing;
}

/** The candidates one headline gives (see the module comment). */
function candidatesOf(sentence: IndexedSentence, { spansOf, nameFor, mentions, casing }: Reading): HeadlineCandidate[] {
  const out: HeadlineCandidate[] = [];
  const cased = casing.cased;
  const clause = clauseOf(sentence.text, mentions, casing);
  if (clause === null) return out;
  const { actor, verb, base, rest } = clause;
  const did = clause.future === true ? 'will' : clause.progressive === true ? 'is' : 'did';
  // A price or an index moving, named or not ("Copper falls after …", "Asian shares slip …"), is asked why.
  if (clause.future !== true && (clause.mover !== undefined || directionOf(base) !== undefined)) return moverQuestions(sentence, clause, clause.mover ?? tokensOf(actor), casing);
  // "What did the House approve?": a body named by a common word takes "the".
  // Two actors ("American Airlines, JetBlue end …", "AT&T & Verizon …") are asked as "American Airlines and JetBlue".
  const pair = /^(.+?)(?:,| &| and) (.+)$/.exec(actor);
  const who = pair?.[1] !== undefined && pair[2] !== undefined ? `${nameFor(pair[1])} and ${nameFor(pair[2])}` : !actor.includes(' ') && isCommonWord(actor) && !PLACE_NAMES.has(actor.toLowerCase()) ? `the ${actor}` : nameFor(actor);
  const particle = PARTICLES[base];
  const asked = clause.progressive === true ? [...PROGRESSIVE_FORMS].find(([, of]) => of === base)![0] : base;
  const phrase = particle !== undefined && rest[0]?.lower === particle ? `${asked} ${particle}` : asked;
  const weight = sentence.sources.length + Math.min(mentions(actor), 10) / 10;
  const common = { source: sentence.text, actor, verb, headline: true as const, ...(clause.future === true ? { future: true as const } : {}) };
  const spans = spansOf(sentence);
  const afterVerb = sentence.text.indexOf(` ${rest[0]?.surface ?? '\u0000'}`, sentence.text.indexOf(actor) + actor.length);
  const near = (span: Span, words: number) => afterVerb >= 0 && span.start > afterVerb && sentence.text.slice(afterVerb, span.start).trim().split(/\s+/).length <= words && !/[,;:|]/.test(sentence.text.slice(afterVerb, span.start));

  const progressive = clause.progressive === true;
  if (WHOM_VERBS.has(base) && !progressive) {
    const whom = nameRun(rest);
    if (whom !== null && whom.includes(' ') && !NOT_ACTOR.has(whom.split(' ')[0]!.toLowerCase())) {
      out.push({ question: `Who ${did} ${who} ${phrase}?`, kind: 'entity', weight, expect: whom, ...common });
    }
  }
  if (RESULT_VERBS.has(base) && clause.future !== true && !progressive) out.push(...resultQuestions(sentence, rest, who, spans, common, weight));
  if (MONEY_VERBS.has(base) && !progressive) {
    const money = spans.find((span) => span.type === 'money' && near(span, 3));
    if (money !== undefined) out.push({ question: `How much ${did} ${who} ${phrase}?`, kind: 'money', weight, expect: money.text, ...common });
  }
  if (COUNT_VERBS.has(base)) {
    const number = spans.find((span) => span.type === 'number' && near(span, 3) && !/%|percent/i.test(span.text));
    const after = number === undefined ? null : /^\s+((?:[\p{L}-]+\s+)?[\p{L}-]+s)\b/u.exec(sentence.text.slice(number.end));
    const noun = after?.[1] === undefined ? null : tokensOf(after[1]).map(cased).join(' ');
    if (number !== undefined && noun !== null && /^[\p{Ll}\s-]+$/u.test(noun) && !/\b(?:of|the|and|in|at|on|to|for)\b/.test(noun)) {
      out.push({ question: `How many ${noun} ${did} ${who} ${phrase}?`, kind: 'number', weight, expect: number.text, ...common });
    }
  }
  if (EVENT_VERBS.has(base)) {
    // The object is what was done: "releases iOS 7.1", "files for bankruptcy"; "opens at $38" has none.
    const objectStart = particle !== undefined && rest[0]?.lower === particle ? rest[1] : rest[0];
    const session = ENDING_VERBS.has(base) && rest.some((token) => SESSION_WORDS.test(token.bare));
    if (objectStart !== undefined && !session && !/^(?:at|in|on|to|with|as|after|over|amid|from|by|up|down|its|it|that|this)$/i.test(objectStart.bare) && !spans.some((span) => span.type === 'money' && near(span, 1))) {
      out.push({ question: `What ${did} ${who} ${phrase}?`, kind: 'event', weight, expect: '', ...common });
    }
  }
  if (BLAME_VERBS.has(base) && clause.future !== true && !progressive) {
    // "blames software glitch for latest crash": a culprit of a few words, then "for" and what went wrong.
    const at = rest.findIndex((token) => token.lower === 'for');
    const culprit = rest.slice(0, Math.max(0, at));
    const blamed = at < 0 ? [] : rest.slice(at + 1);
    const plainWords = (tokens: readonly Token[]) => tokens.every((token) => /^[\p{L}-]+$/u.test(token.bare));
    if (at >= 1 && culprit.length <= MAX_OBJECT_WORDS && blamed.length >= 1 && blamed.length <= 3 && plainWords(culprit) && plainWords(blamed.slice(0, -1)) && /^[\p{L}-]+$/u.test(blamed.at(-1)!.bare)) {
      const what = blamed.map(cased).join(' ');
      // What it is blamed for is a thing ("outage", "latest crash"), not a clause ("stores closing").
      if (/^[\p{Ll}\s-]+$/u.test(what) && !/^(?:the|a|an|his|her|its|their)\b/.test(what) && !/ing$/.test(what)) {
        out.push({ question: `What did ${who} blame for the ${what}?`, kind: 'event', weight, expect: '', ...common });
      }
    }
  }
  if (RENAME_VERBS.has(base) && !progressive) {
    // "renames itself Point72", "renamed as Point72 Asset Management", "renames fund Point72": the new name follows.
    const skip = rest.findIndex((token) => capitalised(token.bare));
    const lead = skip < 0 ? [] : rest.slice(0, skip);
    const name = skip < 0 ? null : nameRun(rest.slice(skip));
    if (name !== null && lead.length <= 2 && lead.every((token) => /^(?:itself|themselves|as|to|it|fund|firm|company|brand)$/i.test(token.bare))) {
      // Asked with the headline's verb: "What is SAC Capital's new name?" is answered as well by "SAC Capital takes new name", which gives none.
      out.push({ question: `What was ${who} renamed?`, kind: 'event', weight, expect: name, ...common, says: { words: RENAMED, gap: 2 } });
    }
  }
  // Why something is yet to happen is seldom in its headline; a move is always asked of the past.
  if (REASON_VERBS.has(base) && clause.future !== true && !progressive) {
    const marker = rest.findIndex((token, index) => REASON_MARKER.test(token.lower) || (index + 1 < rest.length && REASON_MARKER.test(`${token.lower} ${rest[index + 1]?.lower ?? ''}`)));
    // Apologising "for" something states why.
    const cut = /^apologi[sz]e$/.test(base) && rest[0]?.lower === 'for' ? 0 : marker;
    const done = cut < 0 ? [] : rest.slice(0, cut);
    if (cut >= 0 && done.length <= MAX_OBJECT_WORDS && cut < rest.length - 1 && done.every((token) => /^[\p{L}.-]+$/u.test(token.bare) && token.surface === token.bare)) {
      const object = done.map(cased).join(' ');
      out.push({ question: `Why did ${who} ${base}${object === '' ? '' : ` ${object}`}?`, kind: 'reason', weight, expect: rest.slice(cut).map((token) => token.bare).join(' '), ...common });
    }
  }
  // "Honda makes Acura a stand-alone division to boost luxury lineup": the purpose the headline gives is why.
  if (PURPOSE_VERBS.has(base) && clause.future !== true && !progressive && !out.some((candidate) => candidate.kind === 'reason')) {
    const purpose = spans.find((span) => span.type === 'reason' && /^to\s/i.test(span.text) && span.start > afterVerb);
    const cut = purpose === undefined ? -1 : rest.findIndex((token) => token.lower === 'to' && sentence.text.indexOf(` ${token.surface} `, afterVerb - 1) + 1 === purpose.start);
    const done = cut < 0 ? [] : rest.slice(0, cut);
    if (purpose !== undefined && done.length >= 1 && done.length <= MAX_OBJECT_WORDS && done.every((token) => /^[\p{L}.-]+$/u.test(token.bare) && token.surface === token.bare)) {
      out.push({ question: `Why did ${who} ${base} ${done.map(cased).join(' ')}?`, kind: 'reason', weight, expect: purpose.text, ...common });
    }
  }
  // "Google to release Android SDK for wearables in two weeks": when what is yet to happen will happen.
  if (clause.future === true) {
    const when = spans.find((span) => span.type === 'date' && span.start > afterVerb);
    const cut = when === undefined ? -1 : rest.findIndex((token) => sentence.text.indexOf(token.surface, afterVerb - 1) >= when.start);
    // "in July", "on Thursday": the preposition belongs to the date, not to what is done.
    const done = (cut < 0 ? [] : rest.slice(0, cut)).filter((token, index, all) => !(index === all.length - 1 && /^(?:in|on|at|by|before|after|until|from|next|this|later|early|late)$/i.test(token.bare)));
    if (when !== undefined && done.length >= 1 && done.length <= MAX_OBJECT_WORDS && done.every((token) => /^[\p{L}\d.-]+$/u.test(token.bare) && token.surface === token.bare)) {
      out.push({ question: `When will ${who} ${base} ${done.map(cased).join(' ')}?`, kind: 'date', weight, expect: when.text, ...common });
    }
  }
  if (PLACE_VERBS.has(base) && !progressive && /^(?:at|in)$/.test(rest[0]?.lower ?? '')) {
    const place = nameRun(rest.slice(1));
    // A place the gazetteer or the span finder knows: "appears in Conservative Group's Ad" names none.
    const known = place !== null && knownPlace(place, spans);
    if (place !== null && known && !/^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/.test(place)) {
      out.push({ question: `Where ${did} ${who} ${base}?`, kind: 'place', weight, expect: place, ...common });
    }
  }
  return out;
}

/**
 * "Why did oil fall?" / "Why did Asian shares slip?" from "Oil falls on China data", "Asian shares
 * slip after weak China, Japan data": the cause a markets headline gives after the move. Answered by
 * a sentence in which that thing (or a two-word phrase ending in it: "crude oil futures") moves the
 * same way, with a cause.
 */
function moverQuestions(sentence: IndexedSentence, clause: Clause, mover: readonly Token[], casing: Casing): HeadlineCandidate[] {
  const direction = directionOf(clause.base);
  if (direction === undefined) return [];
  // "on Monday", "on Wall Street" say when or where, not why.
  const marker = clause.rest.findIndex(
    (token, index) => REASON_MARKER.test(token.lower) || (MOVE_MARKER.test(token.lower) && !/^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|wall|the|a|an|its|their|track|course|pace|record)$/.test(clause.rest[index + 1]?.lower ?? '')),
  );
  // A cause needs words after its marker: "Oil falls on" is a cut headline.
  if (marker < 0 || marker >= clause.rest.length - 1) return [];
  const thing = mover.map(casing.cased).join(' ');
  return [
    {
      question: `Why did ${thing} ${clause.base}?`,
      kind: 'reason',
      weight: sentence.sources.length,
      source: sentence.text,
      expect: clause.rest.slice(marker).map((token) => token.bare).join(' '),
      actor: clause.actor,
      verb: clause.verb,
      says: { words: MOVES[direction].printed, gap: MAX_MOVER_WORDS },
      headline: true,
    },
  ];
}

/**
 * "How much did UniCredit lose?" from "UniCredit posts record $19 bln loss", "How much profit did X
 * make?" from "X reports $2 billion profit": an amount, then within two words the result it is.
 * Answered by a sentence in which the company's result is stated in any of its words ("UniCredit loss
 * swells to $21 billion") with an amount.
 */
function resultQuestions(sentence: IndexedSentence, rest: readonly Token[], who: string, spans: readonly Span[], common: Omit<HeadlineCandidate, 'question' | 'kind' | 'weight' | 'expect'>, weight: number): HeadlineCandidate[] {
  const window = rest.slice(0, 8);
  for (const [index, token] of window.entries()) {
    const noun = `${window[index - 1]?.lower === 'net' ? 'net ' : ''}${token.lower}`;
    const result = RESULTS.find((candidate) => candidate.noun.test(token.lower) || candidate.noun.test(noun));
    if (result === undefined) continue;
    // The amount stands before the result ("$19 bln loss") or just after it ("loss of $21 billion").
    const at = sentence.text.indexOf(token.surface);
    const money = spans.find((span) => span.type === 'money' && ((span.end <= at && at - span.end <= 12) || (span.start > at && span.start - (at + token.surface.length) <= 5)));
    if (money === undefined) return [];
    return [{ ...common, question: result.question(who), kind: 'money', weight, expect: money.text, says: { words: result.words, gap: MAX_RESULT_GAP } }];
  }
  return [];
}

/**
 * "How much did McDonald's US sales fall?" from "McDonald's US sales fall 1.4 per cent in February",
 * "How much did Bon-Ton's comparable store sales fall?" from "Bon-Ton comparable store sales down 4.2
 * percent": a name the thread keeps printing, a figure of it (METRIC_NOUNS), a move and a percentage
 * right after. Answered by a sentence in which that owner's figure moves the same way, with a percentage.
 */
function changeQuestions(sentence: IndexedSentence, { spansOf, nameFor, mentions, casing }: Reading): HeadlineCandidate[] {
  const tokens = tokensOf(sentence.text);
  // A figure is plural as often as not: "sales fall" prints the base form, "revenue falls" the present.
  const moveBase = (lower: string) => verbBase(lower) ?? (directionOf(lower) !== undefined ? lower : null);
  const moveAt = tokens.findIndex((token, index) => index > 0 && (DIRECTION_WORDS[token.lower] !== undefined || directionOf(moveBase(token.lower) ?? '') !== undefined));
  if (moveAt < 2) return [];
  const moveToken = tokens[moveAt]!;
  if (moveToken.surface !== moveToken.bare) return [];
  const base = moveBase(moveToken.lower);
  const direction = DIRECTION_WORDS[moveToken.lower] ?? directionOf(base ?? '');
  if (direction === undefined) return [];
  // The owner: capitalised words from the start, ending at a possessive or where the figure's words begin.
  const before = tokens.slice(0, moveAt);
  const asked = (who: string | null, actor: string, figure: string, amount: Span): HeadlineCandidate => ({
    question: `How much did ${who === null ? '' : `${/s$/.test(who) ? `${who}'` : `${who}'s`} `}${figure} ${base !== null && directionOf(base) !== undefined ? base : direction === 'down' ? 'fall' : 'rise'}?`,
    kind: 'number',
    weight: sentence.sources.length + Math.min(mentions(actor, who === null), 10) / 10,
    source: sentence.text,
    expect: amount.text,
    actor,
    verb: moveToken.lower,
    says: { words: `${MOVES[direction].printed}|${direction}`, gap: MAX_METRIC_WORDS + 1 },
    headline: true,
  });
  // The amount stands right after the move ("fall 1.4 per cent", "down 7 percent", "fell by 5%", "up 10 cents").
  const afterMove = sentence.text.indexOf(` ${moveToken.surface}`, sentence.text.indexOf(before.at(-1)!.surface)) + moveToken.surface.length + 1;
  const amountAfterMove = (units?: RegExp) =>
    spansOf(sentence).find((span) => span.type === 'number' && span.start >= afterMove && /^\s*(?:by\s+)?$/i.test(sentence.text.slice(afterMove, span.start)) && (PERCENT.test(span.text) || units?.test(sentence.text.slice(span.end)) === true));
  for (let size = Math.min(MAX_ACTOR_WORDS, before.length - 1); size >= 1; size--) {
    const owner = before.slice(0, size);
    const metric = before.slice(size);
    if (metric.length === 0 || metric.length > MAX_METRIC_WORDS || !METRIC_NOUNS.has(metric.at(-1)!.lower)) continue;
    if (NOT_ACTOR.has(owner[0]!.lower) || owner.some((token) => !capitalised(token.bare) || METRIC_NOUNS.has(token.lower))) continue;
    // A possessive ends the owner: "McDonald's February same-restaurant sales" is McDonald's figure.
    if (owner.slice(0, -1).some((token) => token.surface !== token.bare || /['’]s$/.test(token.surface)) || metric.some((token) => token.surface !== token.bare || !/^[\p{L}-]+$/u.test(token.bare))) continue;
    // In Title Case a capital says nothing, so "Dodge Dart Sales" cannot tell the owner's words from the figure's: only "Twitter Shares".
    if (isTitleCase(tokens) && metric.length > 1) continue;
    const last = owner.at(-1)!;
    const possessive = /['’]s$/.test(last.surface);
    if (!possessive && last.surface !== last.bare) continue;
    const actor = [...owner.slice(0, -1).map((token) => token.bare), possessive ? last.surface.replace(/['’]s$/, '') : last.bare].join(' ');
    if (mentions(actor) < MIN_ACTOR_SENTENCES || (size === 1 && !casing.isName(actor))) continue;
    // A company's figure moves by a percentage: "Bon-Ton sales down 4.2 percent in 2013" is not "down 2013".
    const percent = amountAfterMove();
    if (percent === undefined) return [];
    return [asked(nameFor(actor), actor, metric.map(casing.cased).join(' '), percent)];
  }
  // A figure of no one ("Gas prices up 10 cents in two weeks"): the thread keeps printing it, and it moves by a percentage or a unit of it.
  if (before.length <= MAX_METRIC_WORDS && METRIC_NOUNS.has(before.at(-1)!.lower) && !NOT_ACTOR.has(before[0]!.lower) && before.every((token) => token.surface === token.bare && /^\p{L}[\p{L}-]*$/u.test(token.bare))) {
    const figure = before.map((token) => token.bare).join(' ');
    const amount = amountAfterMove(UNIT_AFTER);
    if (amount === undefined || mentions(figure, true) < MIN_ACTOR_SENTENCES) return [];
    // The unit is part of what is expected ("10 cents"): "Gas Prices are Rising: 3 Steps to Shave Costs" answers nothing.
    const unit = UNIT_AFTER.exec(sentence.text.slice(amount.end))?.[0] ?? '';
    return [asked(null, figure, before.map((token) => casing.cased(token).toLowerCase()).join(' '), { ...amount, text: `${amount.text}${unit}` })];
  }
  return [];
}

/**
 * "What did the study find?" from "Volcanoes saw species survive ice ages: study", "Study finds
 * volcanoes acted as oases in ice ages", "'Death Stars' deadlier than Darth Vader, astronomers find".
 * Answered by a sentence that names who found it (FINDINGS) and states something.
 */
function findingQuestions(sentence: IndexedSentence): HeadlineCandidate[] {
  const text = sentence.text.trim();
  if (/\?\s*$/.test(text)) return [];
  for (const pattern of FINDINGS) {
    const match = pattern.exec(text);
    const statement = match?.groups?.['statement']?.trim();
    const who = match?.groups?.['who']?.toLowerCase();
    if (statement === undefined || who === undefined || statement.split(/\s+/).length < MIN_FINDING_WORDS || /\?$/.test(statement)) continue;
    const person = new RegExp(`^(?:${FINDING_PEOPLE})$`).test(who);
    const words = person ? FINDING_PEOPLE : FINDING_THINGS;
    return [
      {
        question: `What did ${person ? who : `the ${who}`} find?`,
        kind: 'event',
        weight: sentence.sources.length,
        source: sentence.text,
        expect: '',
        actor: who,
        verb: 'find',
        finding: words,
        headline: true,
      },
    ];
  }
  return [];
}

/**
 * "Where was the Metro-North track worker killed?" from "Metro-North track worker killed in Harlem",
 * "Where was Zac Efron spotted?" from "Zac Efron spotted at LAX": a name the thread keeps printing,
 * up to MAX_SUBJECT_NOUNS common nouns ("track worker"), an age set off by commas ("worker, 58,"),
 * a participle of PLACED_PARTICIPLES, then "in" or "at" a place the gazetteer or the span finder
 * knows. Answered by a sentence in which that subject is so treated, with a place marked.
 */
function placedQuestions(sentence: IndexedSentence, { spansOf, nameFor, mentions, casing }: Reading): HeadlineCandidate[] {
  const tokens = tokensOf(sentence.text);
  const at = tokens.findIndex((token) => PLACED_PARTICIPLES.has(token.lower) && token.surface === token.bare);
  if (at < 1 || !/^(?:in|at)$/.test(tokens[at + 1]?.lower ?? '')) return [];
  // An age between commas is no word of the subject: "Metro-North worker, 58, killed …".
  let end = at;
  if (/^\d{1,3},$/.test(tokens[end - 1]?.surface ?? '') && /,$/.test(tokens[end - 2]?.surface ?? '')) end -= 1;
  const subject = tokens.slice(0, end).map((token, index, all) => (index === all.length - 1 ? { ...token, surface: token.surface.replace(/,$/, '') } : token));
  if (subject.some((token) => token.surface !== token.bare)) return [];
  const place = nameRun(tokens.slice(at + 2));
  const spans = spansOf(sentence);
  if (place === null || !knownPlace(place, spans)) return [];
  // The subject: a name (capitalised words) and then up to MAX_SUBJECT_NOUNS common nouns as the thread prints them.
  const nameEnd = subject.findIndex((token) => !capitalised(token.bare) || (isTitleCase(tokens) && casing.cased(token) !== token.bare));
  const nameWords = nameEnd < 0 ? subject : subject.slice(0, nameEnd);
  const nouns = nameEnd < 0 ? [] : subject.slice(nameEnd);
  if (nameWords.length === 0 || nameWords.length > MAX_ACTOR_WORDS || nouns.length > MAX_SUBJECT_NOUNS || NOT_ACTOR.has(nameWords[0]!.lower)) return [];
  if (nouns.some((token) => !/^[\p{L}-]+$/u.test(token.bare) || capitalised(casing.cased(token)))) return [];
  const actor = nameWords.map((token) => token.bare).join(' ');
  if (mentions(actor) < MIN_ACTOR_SENTENCES || (nameWords.length === 1 && nouns.length === 0 && !casing.isName(actor))) return [];
  const who = nouns.length === 0 ? nameFor(actor) : `the ${actor} ${nouns.map((token) => casing.cased(token).toLowerCase()).join(' ')}`;
  const participle = tokens[at]!.lower;
  return [
    {
      question: `Where was ${who} ${participle}?`,
      kind: 'place',
      weight: sentence.sources.length + Math.min(mentions(actor), 10) / 10,
      source: sentence.text,
      expect: place,
      actor,
      verb: participle,
      says: { words: participle, gap: MAX_SUBJECT_NOUNS + 2 },
      headline: true,
    },
  ];
}
