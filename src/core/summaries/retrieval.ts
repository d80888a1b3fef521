import type { Article } from '../article.js';
import type { AnswerType, QaAnswer, QaSentence } from '../digest.js';
import { isFirstName, mayBeSamePerson, surnameOf } from '../text/person-names.js';
import { findSpans, isRoleWord, type Span, type SpanType } from '../text/spans.js';
import { synonymsOf } from '../text/synonyms.js';
import { derivedForm, irregularForms } from '../text/word-forms.js';
import { wordClasses } from '../text/word-classes.js';
import { partyStateTerms } from '../text/party-state.js';
import { contentTerms, dedupKey, sentenceTerms, termOf, words } from '../text/tokenise.js';
import { collectSentences, DEFAULT_POOL_LIMITS, type Occurrence, type PoolLimits, type SentencePool } from './sentence-pool.js';

/**
 * Offline Q&A. The question's expected answer type is read from its wording (who, how much, when,
 * where, why…); the thread's sentences are ranked against the question's terms with BM25, after
 * stemming and with synonyms counted as the word they stand for; a sentence that also holds a span
 * of the expected type (an amount, a date, a name the question does not already contain) is
 * preferred, and that span is marked. Only sentences that contain most of what the question is
 * about answer it; when none does, the reply says it is unsure and shows the two closest.
 */

/** One sentence of a thread as stored for Q&A. */
export interface IndexedSentence {
  text: string;
  /** Outlet names that printed it. */
  sources: string[];
  published: number;
  /** Only ever printed as a headline. */
  headline?: boolean;
  /**
   * Position in the index of the sentence printed just before this one in its article: the context
   * that often names who or what "he", "her office" or "the group" is.
   */
  previous?: number;
  /**
   * Printed only past the first sentences of its articles: searched only when those answer nothing
   * with confidence (see answerQuestion), so the many sentences of long bodies do not crowd the lead.
   */
  deep?: true;
}

/**
 * The Q&A index of a thread: each distinct sentence once, with every outlet that printed it. The
 * summary job stores it next to the page; it is read from the articles' cached analyses.
 */
export function buildSentenceIndex(articles: readonly Article[], limits: PoolLimits = DEFAULT_POOL_LIMITS, pool?: SentencePool): IndexedSentence[] {
  if (pool !== undefined) return indexOfPool(pool);
  const { sentences } = collectSentences(articles, limits, { deep: true });
  const positions = new Map(sentences.map((sentence, position) => [sentence, position]));
  return indexOf(
    sentences.map((sentence) => ({ sentence, kept: sentence.terms.length > 0, previous: sentence.previous === undefined ? undefined : positions.get(sentence.previous) })),
    ({ sentence }) => ({ ...indexed(sentence.occurrences, sentence.text, !sentence.inBody), ...(sentence.deep === true ? { deep: true as const } : {}) }),
  );
}

/** The Q&A index of a pool the page is already built from. */
export function indexOfPool(pool: SentencePool): IndexedSentence[] {
  return indexOf(
    pool.sentences.map((sentence) => ({ sentence, kept: sentence.termCount > 0, previous: sentence.previous })),
    ({ sentence }) => indexed(sentence.occurrences, sentence.text, sentence.isHeadline),
  );
}

/** The kept sentences as indexed, each one's `previous` renumbered to the kept sentences' positions (a dropped one gives no context). */
function indexOf<T extends { kept: boolean; previous: number | undefined }>(entries: readonly T[], make: (entry: T) => IndexedSentence): IndexedSentence[] {
  const renumbered: (number | undefined)[] = [];
  let count = 0;
  for (const entry of entries) renumbered.push(entry.kept ? count++ : undefined);
  const index: IndexedSentence[] = [];
  for (const entry of entries) {
    if (!entry.kept) continue;
    const previous = entry.previous === undefined ? undefined : renumbered[entry.previous];
    index.push({ ...make(entry), ...(previous !== undefined ? { previous } : {}) });
  }
  return index;
}

function indexed(occurrences: readonly Occurrence[], text: string, headline: boolean): IndexedSentence {
  let published = Number.POSITIVE_INFINITY;
  for (const occurrence of occurrences) published = Math.min(published, occurrence.published);
  return { text, sources: [...new Set(occurrences.map((o) => o.outletName))], published, ...(headline ? { headline: true } : {}) };
}

export interface AnswerOptions {
  maxSentences: number;
  /**
   * Share of the question's information (the sum of its terms' IDF) a sentence must contain. 0.5: a
   * sentence that misses the rarer half of what was asked answers a different question.
   */
  minCoverage: number;
}

export const DEFAULT_ANSWER_OPTIONS: AnswerOptions = { maxSentences: 2, minCoverage: 0.5 };

/**
 * Headlines name the topic rather than answer anything, and BM25's length normalisation favours
 * them for being short: they answer only when no body sentence matches about as well.
 */
const HEADLINE_WEIGHT = 0.5;
/** A sentence holding a span of the asked-for type outranks one that only shares words. */
const TYPED_SPAN_BOOST = 1.6;
/** The boost for a role that is one bare title word ("President"): less, so of sentences that match alike the one with a role phrase answers. */
const BARE_TITLE_BOOST = 1.25;
/** The boost for a number followed by what the question counts. */
const COUNTED_BOOST = TYPED_SPAN_BOOST;
/** Sentences typed per question, best BM25 first. */
const TYPED_CANDIDATES = 40;

/** Share of `minCoverage` enough for a sentence that holds a span of the expected type. */
const TYPED_COVERAGE_SHARE = 0.7;
/** Share of the typed coverage enough for a role span whose person is the one the question names. */
const BOUND_ROLE_SHARE = 0.5;
/** A synonym is evidence, but weaker than the reader's own word. */
const SYNONYM_WEIGHT = 0.7;
/**
 * A question word found only in the sentence before: news sentences name their subject once and then
 * say "he", "her office", "the group", so the previous sentence counts, at less than the sentence's own words.
 */
const CONTEXT_WEIGHT = 0.5;
/** A pronoun, or a definite noun standing for someone or something named before ("the group", "the bill"). */
const REFERS_BACK = /\b(?:he|she|they|him|her|his|hers|them|their|its|it)\b|\b(?:the|this|that)\s+(?:group|company|firm|agency|department|organi[sz]ation|committee|panel|official|senator|lawmaker|bill|plan|measure|proposal|report|letter|statement|man|woman|president|governor|campaign)\b/i;
/**
 * Verbs that say little by themselves ("How many supporters came to the rally?", "What did the
 * Democrats get …?"): a sentence saying "told 600 supporters at the rally" answers without them, so
 * they score but are not required (as the noun of "Which senator …?", see TermGroup.soft).
 */
const LIGHT_VERB_TERMS = new Set(['come', 'came', 'comes', 'go', 'goes', 'went', 'gone', 'get', 'gets', 'got', 'gotten', 'take', 'takes', 'took', 'taken', 'make', 'makes', 'made'].map((word) => termOf(word)).filter((term): term is string => term !== null));
/** A sentence that opens with a quotation (its speaker and topic are often given by the sentence before). */
const OPENS_WITH_QUOTE = /^\s*["“‘']/;
/** Another form of the reader's word ("gave" for "give", "charitable" for "charity") is nearly the word itself. */
const FORM_WEIGHT = 0.85;
/**
 * A sentence that names none of the people or organisations the question names is about someone
 * else ("When will Mattis leave the Pentagon?" is not answered by when Shanahan joined it), unless
 * nothing better is there.
 */
const NAME_MISSING_WEIGHT = 0.8;
/**
 * "What did Google launch?" asks what Google did: a sentence in which Google comes before the verb
 * ("Google launches add-on store") answers it ahead of one in which someone else does it to Google
 * ("UberConference launches Google Docs add-on"). The actor's last word, then a form of the verb
 * within DOER_WINDOW words.
 */
const DOER_BOOST = 1.2;
const DOER_WINDOW = 6;
/** "What did Google launch?", "When did Steve Witkoff fly to Moscow?", "How many cars did GM recall?": a named actor, then the verb. */
const DOER_QUESTION = /^\s*(?:[Ww]hat|[Ww]hen|[Ww]here|[Ww]hy|[Hh]ow(?:\s+(?:much|many(?:\s+[\p{L}-]+){0,3}))?|[Ww]hom?)\s+(?:did|does|do|will|has|have|had)\s+((?:\p{Lu}[\p{L}\d.'’&-]*\s+){1,4})(\p{Ll}+)\b/u;

/** The actor's last word and the verb's forms, as terms, or null when the question names no actor before its verb. */
function doerOf(question: string): { actor: string; verb: ReadonlySet<string> } | null {
  const match = DOER_QUESTION.exec(question);
  const name = match?.[1]?.trim().replace(/['’]s$/, '');
  const verb = match?.[2];
  if (name === undefined || verb === undefined) return null;
  const actor = termOf((name.split(/\s+/).at(-1) ?? '').toLowerCase());
  const base = termOf(verb);
  if (actor === null || base === null) return null;
  return { actor, verb: new Set([base, ...irregularForms(base)]) };
}

/** Whether a sentence prints the actor's word and a form of the verb at all: the word order is read only then. */
function printsDoer(counts: ReadonlyMap<string, number>, doer: { actor: string; verb: ReadonlySet<string> }): boolean {
  if (!counts.has(doer.actor)) return false;
  for (const form of doer.verb) if (counts.has(form)) return true;
  return false;
}

/** Whether the actor does the verb in the sentence: its word, then within DOER_WINDOW words a form of the verb. */
function doerActs(text: string, doer: { actor: string; verb: ReadonlySet<string> }): boolean {
  const terms = words(text).map((token) => termOf(token.word));
  for (const [index, term] of terms.entries()) {
    if (term !== doer.actor) continue;
    for (let next = index + 1; next <= index + DOER_WINDOW && next < terms.length; next++) if (doer.verb.has(terms[next]!)) return true;
  }
  return false;
}
const K1 = 1.2;
const B = 0.75;

/** BM25's contribution of one term: `weight` (its idf, scaled) seen `count` times in a sentence of `length` terms. */
function bm25Term(weight: number, count: number, length: number, averageLength: number): number {
  return (weight * count * (K1 + 1)) / (count + K1 * (1 - B + (B * length) / averageLength));
}
/** Longest question read: a 500-character paste is cut to its first words, not refused. */
const MAX_QUESTION_TERMS = 24;

const NAME_OF = /\bthe names? of\b/i;
const CALLED = /^\s*what (?:is|was|are|were) .+ (?:called|named)\s*\??\s*$/i;

/** Wording → expected answer type. The first rule that matches wins. */
const TYPE_RULES: [RegExp, AnswerType][] = [
  [/^\s*what (?:did|does|do|has|have) .+ (?:say|said|tell|told|write|argue|warn|claim|think)\b/i, 'quote'],
  // "How much did McDonald's sales fall?": a figure that moved, by a percentage or a count of points.
  [/\bhow much (?:did|does|do|has|have|had|will) .+ (?:fall|rise|drop|slip|slide|slump|sink|tumble|plunge|decline|dip|climb|gain|jump|surge|soar|grow|increase|decrease|shrink)\s*\??\s*$/i, 'number'],
  [/\b(?:how much|what (?:is|was|were|are) the (?:price|cost|value|amount)|what (?:did|does|will) .* (?:cost|pay)|at what price|for how much)\b/i, 'money'],
  [/\bhow (?:many|long|old|far|big|large|tall|often)\b|\bwhat (?:percentage|share|number|margin)\b|\bwhat (?:is|was|were|are) the (?:[a-z-]+ ){0,2}(?:count|tally|margin|total|score|number|percentage|share|result)\b|\bwhat (?:is|was|were) the (?:[a-z-]+ ){0,2}vote(?: count)?(?:\s+(?:in|on|for|of)\b|\s*\?)|\bby what (?:vote|tally)\b/i, 'number'],
  [/\b(?:what role|what (?:is|was) the role|what (?:does|did) .+ do\b|what position|what job|what (?:is|was) .+['’]s? (?:job|position|role|title|office|post|career|profession|occupation)|what (?:office|post|title|position) (?:does|did|do)|what (?:is|was) .+ running for)\b/i, 'role'],
  // "Who is Steve Witkoff?" asks for a role; "Who is buying Jos. A. Bank?" for a name (case decides, so no i flag).
  // "Who is Reid's top adviser?" asks for a name: a possessive followed by lower-case words to the end.
  [/^\s*[Ww]ho (?:is|was|are|were) (?:\p{Lu}|[Mm]r\.? |[Mm]s\.? )(?!.*['’]s?(?:\s+\p{Ll}[\p{Ll}-]*){1,4}\??\s*$)/u, 'role'],
  [/^\s*(?:when\b|by when|since when)|\b(?:what|which) (?:day|date|time|year|month)\b|\bon what date\b/i, 'date'],
  [/^\s*(?:(?:from|to|in|at)\s+)?where\b|\b(?:what|which) (?:country|city|state|place|town|region|venue)\b|\bin which (?:country|city|state)\b/i, 'place'],
  [/^\s*(?:why|how come)\b|\bfor what reason\b|\bwhat (?:caused|prompted|led to|triggered|is behind)\b|\bwhat (?:was|is) the reason\b/i, 'reason'],
  [/^\s*(?:who|whom|whose)\b|\bwhat (?:is|was|are|were) the names? of\b|^\s*what (?:is|was|are|were) .+ (?:called|named)\s*\??\s*$|\b(?:which|what) (?:company|companies|firm|person|people|official|group|team|country|agency|organi[sz]ation|party|outlet)\b/i, 'entity'],
];

/**
 * "Which journalist …?", "Which tabloid …?", "Which two states …?": the noun after which/what says
 * the answer type. Nouns of places and times are read by the rules above; any other noun asks for
 * a name, of a person when the noun is what a person is ("senator", "journalist").
 */
const WHICH_PLACE = /^(?:country|countries|city|cities|state|states|place|town|region|venue|county|district|village|neighbou?rhood|area|capital|island|province|location|site|nation)$/;
const WHICH_TIME = /^(?:day|date|time|year|month|week|hour|season|morning|night|evening)$/;
/** Nouns of quantities: "What proportion …?", "What retirement age …?" want a number, "What fee …?" an amount of money. */
const WHICH_NUMBER = /^(?:age|proportion|fraction|percent|percentage|rate|amount|number|total|share|size|margin|count|tally|majority)$/;
const WHICH_MONEY = /^(?:price|cost|fee|fees|salary|sum|payment|fine|fines|bail)$/;
/** Nouns of organisations: "Which tabloid …?" wants a name too. */
const WHICH_ORG = /^(?:company|companies|firm|group|committee|newspaper|paper|tabloid|outlet|network|website|agency|party|magazine|channel|organi[sz]ation|union|bank|court|team|department|station|show|campaign|panel|body|institution)$/;
/** Nouns of people that are not role words (roles come from spans.ts): "Which man …?". */
const PERSON_NOUNS = new Set(['man', 'men', 'woman', 'women', 'person', 'journalist', 'sailor', 'soldier', 'victim', 'suspect', 'student', 'worker', 'voter', 'congresswoman', 'congressman', 'lawmaker', 'politician', 'theorist', 'pollster', 'critic', 'rival', 'opponent', 'challenger', 'ally', 'relative', 'wife', 'husband', 'son', 'daughter', 'father', 'mother', 'brother', 'sister', 'friend']);
const COUNT_WORD = /^(?:two|three|four|five|several|\d+)$/;
const AUXILIARY = /^(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could|should|may|might|kind|sort|type)$/;

/**
 * "Which journalist …?", "Which tabloid …?", "Which two states …?": the noun after which/what says
 * the answer type. The first of the next three words that names a kind of place, time, person or
 * organisation decides; after "which" any other noun asks for a name too ("What did …" asks nothing).
 */
function whichNounType(question: string): { type: AnswerType; person: boolean; noun: string } | null {
  const match = /\b(which|what)\s+((?:[a-z-]+\s*){1,3})/.exec(question.toLowerCase());
  if (match?.[1] === undefined || match[2] === undefined) return null;
  const following = match[2].trim().split(/\s+/).filter((word) => !COUNT_WORD.test(word));
  if (following[0] === undefined || AUXILIARY.test(following[0])) return null;
  for (const word of following) {
    if (AUXILIARY.test(word)) break;
    if (WHICH_PLACE.test(word)) return { type: 'place', person: false, noun: word };
    if (WHICH_TIME.test(word)) return { type: 'date', person: false, noun: word };
    if (WHICH_NUMBER.test(word)) return { type: 'number', person: false, noun: word };
    if (WHICH_MONEY.test(word)) return { type: 'money', person: false, noun: word };
    if (WHICH_ORG.test(word)) return { type: 'entity', person: false, noun: word };
    const singular = word.replace(/(?<=[^s])s$/, '');
    if (PERSON_NOUNS.has(word) || isRoleWord(singular)) return { type: 'entity', person: true, noun: word };
  }
  return match[1] === 'which' ? { type: 'entity', person: false, noun: following[0] } : null;
}

/** Span types that answer each question type. */
const ACCEPTS: Record<AnswerType, readonly SpanType[]> = {
  money: ['money', 'number'],
  number: ['number', 'money'],
  role: ['role'],
  date: ['date'],
  place: ['place'],
  reason: ['reason'],
  entity: ['person', 'org'],
  quote: ['quote'],
  any: [],
};

/** Words that only say what kind of answer is wanted; a sentence need not repeat them. */
const FRAME_TERMS: Record<AnswerType, readonly string[]> = {
  money: ['worth', 'cost', 'price', 'valu', 'amount', 'pai', 'pay', 'monei'],
  number: ['number', 'percentag', 'share', 'long', 'old', 'count', 'talli', 'margin', 'total', 'score', 'result', 'proport', 'fraction', 'percent', 'amount', 'size'],
  role: ['role', 'plai', 'play', 'job', 'posit', 'do', 'live', 'title', 'offic', 'post', 'hold', 'run', 'career', 'profess', 'occup'],
  date: ['time', 'date', 'dai', 'day', 'year', 'month', 'happen', 'take', 'place'],
  place: ['place', 'locat', 'countri', 'citi', 'happen', 'take'],
  reason: ['reason', 'caus', 'happen'],
  // Only words that name no one in particular: in "Who is Lois Lerner's lawyer?" the lawyer is what is asked about,
  // and "Which senator …?" already counts its noun without requiring it (see TermGroup.soft).
  entity: ['compani', 'person', 'peopl', 'offici', 'group'],
  quote: ['sai', 'say', 'tell', 'told', 'write', 'argu', 'warn', 'claim', 'think'],
  any: [],
};

export function expectedAnswerType(question: string): AnswerType {
  for (const [pattern, type] of TYPE_RULES) if (pattern.test(question)) return type;
  return whichNounType(question)?.type ?? 'any';
}

/** "Which journalist …?" wants a person, not the network they work for. */
function wantsPerson(question: string, type: AnswerType): boolean {
  if (type !== 'entity') return false;
  // "Who is the president of the Maine Senate?", "Who chairs …?" is not answered by "the House": a role is held by a person.
  const roles = [WHO_IS_ROLE.exec(question)?.[1], WHO_IS_THEIR_ROLE.exec(question)?.[1]];
  if (roles.some((role) => role !== undefined && (isRoleWord(role) || isRoleWord(role.replace(/(?<=[^s])s$/, ''))))) return true;
  if (/^\s*(?:who|whom|whose)\b/i.test(question)) return false;
  return whichNounType(question)?.person === true;
}
/** "Who is Lois Lerner's lawyer?", "Who was Reid's top adviser?": the role noun after a possessive, ending the question. */
const WHO_IS_THEIR_ROLE = /^\s*who (?:is|was|are|were|will be|has been) .+['’]s?(?:\s+[a-z-]+)*\s+([a-z-]+)\s*\??\s*$/i;
/** "Who is the top lawyer for …?", "Who was president of …?": the role noun after who is/was (the). */
const WHO_IS_ROLE = /^\s*who (?:is|was|will be|has been) (?:the |a |an )?(?:(?:new|current|former|top|chief|acting|deputy|senior|interim) )*([a-z-]+)\b(?! of (?:the )?[A-Z][a-z]+ ?['’]s\b)/i;

/** Surname-level terms of the names a question gives ("Clinton's health" → clinton): an answer must add a name, not repeat one. */
function questionNameTerms(question: string): Set<string> {
  const terms = new Set<string>();
  for (const span of findSpans(question)) if (span.type === 'person' || span.type === 'org' || span.type === 'place') for (const term of contentTerms(span.text)) terms.add(term);
  return terms;
}

/** The speaker of "What did Josh Earnest say about …?": a quote answers only when that speaker said it. */
const SPEAKER = /^\s*what (?:did|does|do|has|have) (.+?) (?:say|said|tell|told|write|argue|warn|claim|think)\b/i;

/** A sentence that asks rather than tells ("Will Xbox Live recover?") never answers. */
export function isQuestionSentence(text: string): boolean {
  return /\?["'”’)\]]*\s*$/.test(text.trim());
}

interface TermGroup {
  /** The question's own stemmed term first, then its synonyms. */
  terms: string[];
  /**
   * The noun of "Which senator …?": a sentence saying "Sen." is the better answer, but one naming
   * the senator without the word answers too, so it scores without being required.
   */
  soft?: boolean;
}

interface PreparedDocument {
  sentence: IndexedSentence;
  /** Content terms in the sentence. */
  length: number;
  counts: Map<string, number>;
  /** Term counts of the sentence before it in its article (see IndexedSentence.previous). */
  context?: Map<string, number>;
}

/** An index made ready for BM25: the sentences that can answer (statements), their term counts and postings. */
interface PreparedIndex {
  documents: PreparedDocument[];
  /** Term → positions in `documents` of the sentences containing it, ascending. */
  postings: Map<string, number[]>;
  averageLength: number;
}

/**
 * A thread's index is asked many questions in a row (its suggested questions, then readers'), so it
 * is prepared once per index array; the arrays are read-only once built.
 */
interface PreparedStages {
  lead: PreparedIndex;
  all?: () => PreparedIndex;
}
const preparedIndexes = new WeakMap<readonly IndexedSentence[], PreparedStages>();

/** Term counts per memoised terms array (see sentenceTerms): the stored index is read afresh for each reader's question. */
const termCounts = new WeakMap<readonly string[], Map<string, number>>();
function countsOf(terms: readonly string[]): Map<string, number> {
  let counts = termCounts.get(terms);
  if (counts === undefined) {
    counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    termCounts.set(terms, counts);
  }
  return counts;
}

/** A sentence's terms for Q&A: its words, and what its party–state tags stand for ("D-Ill." → democrat, illinois: "the Illinois Democrat"). */
const taggedTerms = new Map<string, readonly string[]>();
function termsOf(text: string): readonly string[] {
  const terms = sentenceTerms(text);
  const tags = partyStateTerms(text);
  if (tags.length === 0) return terms;
  let tagged = taggedTerms.get(text);
  if (tagged === undefined) {
    // Bounded like the other per-sentence caches; the same array for the same sentence keeps countsOf's memo.
    if (taggedTerms.size >= 20_000) taggedTerms.clear();
    tagged = [...terms, ...tags];
    taggedTerms.set(text, tagged);
  }
  return tagged;
}

/**
 * The lead's index (every sentence not marked deep) and, when the index holds deep sentences, the
 * whole index, prepared only when a question first needs it (most are answered from the lead).
 */
function prepare(sentences: readonly IndexedSentence[]): PreparedStages {
  const cached = preparedIndexes.get(sentences);
  if (cached !== undefined) return cached;
  let all: PreparedIndex | undefined;
  const stages: PreparedStages = {
    lead: prepareStage(sentences, false),
    ...(sentences.some((sentence) => sentence.deep === true) ? { all: () => (all ??= prepareStage(sentences, true)) } : {}),
  };
  preparedIndexes.set(sentences, stages);
  return stages;
}

function prepareStage(sentences: readonly IndexedSentence[], deep: boolean): PreparedIndex {
  const documents: PreparedDocument[] = [];
  const postings = new Map<string, number[]>();
  let lengths = 0;
  for (const sentence of sentences) {
    if (isQuestionSentence(sentence.text) || (!deep && sentence.deep === true)) continue;
    const terms = termsOf(sentence.text);
    const counts = countsOf(terms);
    const position = documents.length;
    for (const term of counts.keys()) {
      const list = postings.get(term);
      if (list === undefined) postings.set(term, [position]);
      else list.push(position);
    }
    const previous = sentence.previous === undefined ? undefined : sentences[sentence.previous];
    // Only a sentence that refers back ("he", "her office", "the group") reads the one before it.
    // So does a sentence opening with a quotation: the sentence before it says what the quote is about ("Sanders repeated his challenge to her.").
    const context = previous === undefined || previous === sentence || !(REFERS_BACK.test(sentence.text) || OPENS_WITH_QUOTE.test(sentence.text)) ? undefined : countsOf(termsOf(previous.text));
    // The tags' words do not make the sentence longer: they restate what it already says.
    const length = sentenceTerms(sentence.text).length;
    documents.push({ sentence, length, counts, ...(context !== undefined ? { context } : {}) });
    lengths += length;
  }
  return { documents, postings, averageLength: lengths / documents.length || 1 };
}

/**
 * Answers from the lead sentences of the thread's articles (the first 20 of each, the headlines and
 * summaries) and, only when they answer nothing with confidence, from all its sentences, deep ones
 * included, by the same scoring and the same standard. News leads carry the story, and a long body's
 * many sentences compete with them for every question: searched together they turned right answers
 * wrong; searched second, they answer only what the lead does not.
 */
export function answerQuestion(question: string, sentences: readonly IndexedSentence[], options: AnswerOptions = DEFAULT_ANSWER_OPTIONS): QaAnswer {
  const { lead, all } = prepare(sentences);
  const first = answerFrom(question, lead, options);
  // A lead answer holding every word the question requires is as good as any deep sentence can be.
  if (first.status === 'no-terms' || all === undefined || (first.status === 'answered' && (first.coverage ?? 0) >= FULL_COVERAGE)) return plain(first);
  const second = answerFrom(question, all(), options);
  if (first.status === 'answered') {
    return plain(deepReplaces(first, second) ? second : first);
  }
  if (second.status === 'answered') return plain(second);
  // Unsure either way: the lead's two closest sentences are shown (or the deep ones, when the lead shares no word with the question).
  return plain(first.status === 'none' ? second : first);
}
/** Coverage counted as the whole question (rounding aside). */
const FULL_COVERAGE = 0.999;
/**
 * How much more of the question's information (IDF share) a deep sentence must cover to replace an
 * answer from the lead: "…quit the F.B.I. in May" (all of "When did Page quit?") over "In June, he
 * was escorted from his FBI office" (40 %). With no margin deep sentences took questions the lead
 * answered right (two in-sample ones, one held-out); 0.15 still cost a held-out one.
 */
const DEEP_COVERAGE_MARGIN = 0.3;
/**
 * How many times the best lead sentence's score (in the same ranking of the whole index) a deep
 * sentence must score to replace a lead answer that covers less of the question, by any margin:
 * "Republican Whip Steve Scalise called on Democrats …" (73 % of "Who is the House Republican
 * whip?") over a lead sentence naming Stephen Miller (57 %) at less than half its score. Twice, as
 * a match that strong is not the length normalisation's doing; at 1.5 a deep sentence about 55
 * miles of barrier took "How many miles of barrier …?" from the lead's right answer.
 */
const DEEP_SCORE_RATIO = 2;

/**
 * Whether the whole index's answer replaces the lead's: only when it is a deep sentence covering
 * more of the question, either clearly more (DEEP_COVERAGE_MARGIN) or more while clearly outscoring
 * every lead sentence that answers in the same ranking (DEEP_SCORE_RATIO).
 */
function deepReplaces(lead: StageAnswer, whole: StageAnswer): boolean {
  if (whole.status !== 'answered' || whole.deep !== true) return false;
  const gain = (whole.coverage ?? 0) - (lead.coverage ?? 0);
  if (gain > DEEP_COVERAGE_MARGIN) return true;
  // Scores are compared within the whole index's ranking only (the lead's own ranking has other IDFs);
  // when no lead sentence meets the standard there, the deep answer outscores them all.
  return gain > 0 && (whole.score ?? 0) >= DEEP_SCORE_RATIO * (whole.leadScore ?? 0);
}

function plain({ coverage: _coverage, deep: _deep, score: _score, leadScore: _leadScore, ...answer }: StageAnswer): QaAnswer {
  return answer;
}

/**
 * An answer with, when answered, how much of the question its first sentence covers, whether that
 * sentence is deep, its score, and the score of the best-ranked answering sentence that is not deep
 * (absent when none answers).
 */
type StageAnswer = QaAnswer & { coverage?: number; deep?: boolean; score?: number; leadScore?: number };

function answerFrom(question: string, prepared: PreparedIndex, options: AnswerOptions): StageAnswer {
  const type = expectedAnswerType(question);
  const frame = new Set(FRAME_TERMS[type]);
  // "What is the name of the center?" asks for a name; "Who did Trump name …?" uses the verb.
  if (NAME_OF.test(question)) frame.add('name');
  // "What were the pardoned turkeys called?" asks for their names: "called" or "named" is the frame, not a word to match.
  if (CALLED.test(question)) for (const term of ['call', 'name']) frame.add(term);
  const asked = [...new Set(contentTerms(question))];
  const own = asked.filter((term) => !frame.has(term)).slice(0, MAX_QUESTION_TERMS);
  const queryTerms = own.length > 0 ? own : asked.slice(0, MAX_QUESTION_TERMS);
  if (queryTerms.length === 0) return { question, type, status: 'no-terms', sentences: [] };
  if (prepared.documents.length === 0) return { question, type, status: 'none', sentences: [] };

  // A full name in the question is one term, its surname: a sentence saying "Witkoff" names "Steve Witkoff".
  const givenNames = new Set<string>();
  for (const span of findSpans(question)) {
    // "Third Way" is a group's name, not a first name and a surname: both its words must match.
    if (span.type !== 'person' || !isFirstName(span.text.split(/\s+/)[0] ?? '')) continue;
    const parts = contentTerms(span.text);
    for (const part of parts.slice(0, -1)) givenNames.add(part);
  }
  const whichNoun = type === 'entity' || type === 'place' ? whichNounType(question)?.noun : undefined;
  const softTerm = whichNoun === undefined ? undefined : contentTerms(whichNoun)[0];
  const termWeight = new Map<string, number>();
  const weigh = (term: string, weight: number) => termWeight.set(term, Math.max(termWeight.get(term) ?? 0, weight));
  const groups: TermGroup[] = queryTerms
    .filter((term) => !givenNames.has(term) || queryTerms.length === 1)
    .map((term) => {
      const members = [term];
      const add = (other: string, weight: number) => {
        if (queryTerms.includes(other) && other !== term) return;
        if (!members.includes(other)) members.push(other);
        weigh(other, weight);
      };
      weigh(term, 1);
      for (const form of irregularForms(term)) add(form, FORM_WEIGHT);
      for (const synonym of synonymsOf(term)) {
        add(synonym, SYNONYM_WEIGHT);
        for (const form of irregularForms(synonym)) add(form, SYNONYM_WEIGHT);
      }
      // Derivations the thread prints ("charitable" for "charity"): read from its vocabulary, so a form never printed costs nothing.
      for (const other of prepared.postings.keys()) if (derivedForm(term, other)) add(other, FORM_WEIGHT);
      return { terms: members, ...((term === softTerm || LIGHT_VERB_TERMS.has(term)) && queryTerms.length > 1 ? { soft: true } : {}) };
    });
  // A question made only of soft words still needs a sentence to cover them.
  if (groups.every((group) => group.soft === true)) for (const group of groups) delete group.soft;
  const names = questionNameTerms(question);
  // "NAACP" in the question, "the National Association for the Advancement of Colored People" in the sentence.
  const acronyms = new Set(acronymsOf(question));

  // Only the sentences sharing a term with the question can score; the postings list them in index order.
  const documentFrequency = new Map<string, number>();
  const matching = new Set<number>();
  for (const term of termWeight.keys()) {
    const postings = prepared.postings.get(term);
    if (postings === undefined) continue;
    documentFrequency.set(term, postings.length);
    for (const position of postings) matching.add(position);
  }
  // A verb or adverb that the thread never prints, in any form or synonym, is the reader's
  // own wording ("probably stored" for "likely a repository"): no sentence can match it, so it is not
  // required. A noun or a name the thread never prints stays required: the thread may not say that at all.
  // (The tagger runs only for a question with such a word: the suggested questions use the thread's own words.)
  const unprinted = groups.filter((group) => group.soft !== true && !group.terms.some((term) => documentFrequency.has(term)));
  if (unprinted.length > 0 && unprinted.length < groups.filter((group) => group.soft !== true).length) {
    const classes = wordClasses(question);
    for (const group of unprinted) {
      const wording = classes.get(group.terms[0] ?? '');
      if (wording === 'verb' || wording === 'adverb') group.soft = true;
    }
  }
  const total = prepared.documents.length;
  const averageLength = prepared.averageLength;
  // A term the thread never uses weighs like its rarest term, not more: it may be a synonym or an
  // inflection of something that is there ("write" vs "wrote").
  const idf = (term: string) => {
    const df = Math.max(1, documentFrequency.get(term) ?? 0);
    return Math.log(1 + (total - df + 0.5) / (df + 0.5));
  };
  const groupWeight = (group: TermGroup) => idf(group.terms[0] ?? '');
  const questionWeight = groups.reduce((sum, group) => sum + (group.soft === true ? 0 : groupWeight(group)), 0);
  const questionKey = ` ${dedupKey(question)} `;
  const accepted = ACCEPTS[type];
  const speaker = type === 'quote' ? SPEAKER.exec(question)?.[1] : undefined;
  const dateKind = type === 'date' ? dateKindOf(question) : undefined;
  const wanted: Wanted = {
    accepted: wantsPerson(question, type) ? ['person'] : accepted,
    questionKey,
    askedTerms: new Set(asked),
    nameTerms: names,
    ...(speaker !== undefined ? { speakerKey: ` ${dedupKey(speaker)} ` } : {}),
    people: findSpans(question).filter((span) => span.type === 'person' && /\s/.test(span.text)).map((span) => span.text),
    age: AGE_QUESTION.test(question),
    money: type === 'money',
    count: HOW_MUCH.test(question),
    countedTerms: countedTermsOf(question),
    several: type === 'entity' || type === 'place' ? itemsAsked(question) : 1,
    acronyms,
    ...(dateKind !== undefined ? { dateKind } : {}),
    ...(softTerm !== undefined ? { whichTerm: softTerm } : {}),
  };

  const doer = doerOf(question);
  const ranked = [...matching].sort((a, b) => a - b).map((position) => {
    const document = prepared.documents[position] as PreparedDocument;
    let score = 0;
    let covered = 0;
    for (const group of groups) {
      // A group counts once, by its best-matching member: "bought" and "deal" do not add up twice.
      let best = 0;
      // A synonym or another form never outweighs the reader's own word, however rare it is in the thread.
      const ownIdf = groupWeight(group);
      for (const term of group.terms) {
        const count = document.counts.get(term) ?? 0;
        if (count === 0) continue;
        const weight = Math.min(idf(term), ownIdf) * (termWeight.get(term) ?? 0);
        best = Math.max(best, bm25Term(weight, count, document.length, averageLength));
      }
      const own = group.terms[0] ?? '';
      // A word the sentence lacks but the one before it prints: "Her office claims …" after a sentence naming Hutchison.
      let fromContext = false;
      if (best === 0 && document.context !== undefined) {
        for (const term of group.terms) {
          if (!document.context.has(term)) continue;
          const weight = Math.min(idf(term), ownIdf) * (termWeight.get(term) ?? 0) * CONTEXT_WEIGHT;
          const matched = bm25Term(weight, 1, document.length, averageLength);
          if (matched > best) {
            best = matched;
            fromContext = true;
          }
        }
      }
      if (fromContext) {
        score += best;
        if (group.soft !== true) covered += ownIdf * CONTEXT_WEIGHT * (document.context?.has(own) === true ? 1 : SYNONYM_WEIGHT);
      } else if (best === 0 && acronyms.has(own) && spellsOut(document.sentence.text, own)) {
        best = bm25Term(ownIdf * FORM_WEIGHT, 1, document.length, averageLength);
        if (group.soft !== true) covered += ownIdf * FORM_WEIGHT;
        score += best;
      } else if (best > 0) {
        score += best;
        if (group.soft !== true) covered += ownIdf * (document.counts.has(own) ? 1 : SYNONYM_WEIGHT);
      }
    }
    let named = names.size === 0;
    for (const term of names) if (document.counts.has(term)) named = true;
    const weight = (document.sentence.headline === true ? HEADLINE_WEIGHT : 1) * (named ? 1 : NAME_MISSING_WEIGHT) * (doer !== null && printsDoer(document.counts, doer) && doerActs(document.sentence.text, doer) ? DOER_BOOST : 1);
    return { sentence: document.sentence, score: score * weight, coverage: questionWeight === 0 ? 0 : covered / questionWeight, span: undefined as Span | undefined };
  });
  // A stable sort: sentences scoring alike keep the index's order.
  ranked.sort((a, b) => b.score - a.score || a.sentence.published - b.sentence.published);
  // Typing a sentence costs more than scoring it: only the best-matching ones are typed (the span
  // boost cannot lift a sentence from further down past these).
  const scored = ranked.filter((match) => match.score > 0).slice(0, TYPED_CANDIDATES);
  if (wanted.accepted.length > 0) {
    for (const match of scored) {
      match.span = answerSpan(match.sentence.text, wanted);
      // A bare title ("President", "host") says less of a person's role than a phrase does ("the Senate's top Republican").
      if (match.span !== undefined) match.score *= type === 'role' && !/\s/.test(match.span.text.trim()) ? BARE_TITLE_BOOST : TYPED_SPAN_BOOST;
      // A number that counts what was asked about ("33 Senate Democrats voted") is the answer itself, not just a number.
      if (match.span !== undefined && wanted.countedTerms.size > 0 && countsWanted(match.sentence.text, match.span, wanted.countedTerms)) match.score *= COUNTED_BOOST;
    }
    scored.sort((a, b) => b.score - a.score || a.sentence.published - b.sentence.published);
  }

  // A sentence holding the asked-for span needs a little less of the question's wording: the span is evidence too.
  // A role bound to the person asked about ("Mr. Labrador, a former immigration lawyer") is most of the answer already:
  // the question's other words ("before politics") are often the reader's own framing.
  const needed = (match: (typeof scored)[number]) =>
    match.span === undefined ? options.minCoverage : options.minCoverage * TYPED_COVERAGE_SHARE * (match.span.type === 'role' && match.span.subject !== undefined ? BOUND_ROLE_SHARE : 1);
  const enough = (match: (typeof scored)[number]) => match.coverage >= needed(match);
  const answers = preferFuller(scored.filter((match) => enough(match) && (wanted.accepted.length === 0 || match.span !== undefined)));
  if (answers.length > 0) {
    const best = answers[0] as (typeof answers)[number];
    const leadBest = answers.find((match) => match.sentence.deep !== true);
    return {
      question,
      type,
      status: 'answered',
      sentences: mergeCopies(answers, options.maxSentences),
      coverage: best.coverage,
      deep: best.sentence.deep === true,
      score: best.score,
      ...(leadBest !== undefined ? { leadScore: leadBest.score } : {}),
    };
  }
  const closest = scored;
  if (closest.length === 0) return { question, type, status: 'none', sentences: [] };
  return { question, type, status: 'unsure', sentences: mergeCopies(closest, 2) };
}

/**
 * Of answers scoring nearly alike, one covering clearly more of the question answers first: BM25's
 * length normalisation lifts a short sentence that shares a word or two with the question ("In a
 * speech in Jakarta last year, Obama remarked …", 54 % of "Where did Obama give the speech about
 * infrastructure?") a little above the long one that says it all ("… during a speech at Key Bridge
 * in Washington, D.C., where he was highlighting the need for federal funding of infrastructure", 93 %).
 */
const NEAR_SCORE_SHARE = 0.9;
/** How much more of the question's information the fuller answer must cover: the margin by which a deep sentence replaces a lead answer. */
const FULLER_COVERAGE_MARGIN = 0.3;

function preferFuller<T extends { score: number; coverage: number }>(answers: T[]): T[] {
  const top = answers[0];
  if (top === undefined) return answers;
  let fuller: T | undefined;
  for (const match of answers.slice(1)) {
    if (match.score < NEAR_SCORE_SHARE * top.score) break;
    if (match.coverage >= top.coverage + FULLER_COVERAGE_MARGIN && (fuller === undefined || match.coverage > fuller.coverage)) fuller = match;
  }
  return fuller === undefined ? answers : [fuller, ...answers.filter((match) => match !== fuller)];
}

interface Wanted {
  accepted: readonly SpanType[];
  questionKey: string;
  /** The question's stemmed terms (frame words included). */
  askedTerms: ReadonlySet<string>;
  /** Terms of the names the question gives: a person or organisation answering must add a name. */
  nameTerms: ReadonlySet<string>;
  /** " josh earnest " for "What did Josh Earnest say …?". */
  speakerKey?: string;
  /** The people the question names in full ("Seth Hutchinson"): a role or quote of someone else of that surname does not answer. */
  people: readonly string[];
  /** The stemmed noun of "Which amendment …?": an ordinal numbering it ("the 21st Amendment") answers. */
  whichTerm?: string;
  /** "How old is …?": only an age answers. */
  age: boolean;
  /** "How much …?": a number answers only when it is written in digits ("1.8 billion"), not "one". */
  money: boolean;
  /** "How many Democratic senators …?" → democrat, senat (with synonyms): the things counted, which a fitting number stands next to. */
  countedTerms: ReadonlySet<string>;
  /** "How many / how much / how old / how long …?": an amount, never an ordinal. */
  count: boolean;
  /** "Which two countries …?": the spans of a list naming that many. */
  several: number;
  /** Acronyms the question uses ("naacp"): their spelled-out names are in the question too. */
  acronyms: ReadonlySet<string>;
  /** "What year …?", "What time …?", "Which month …?": only a date that states that answers ("Friday" does not say the year). */
  dateKind?: DateKind;
}

type DateKind = 'year' | 'time' | 'month' | 'day';
const DATE_KIND_QUESTION: [RegExp, DateKind][] = [
  // "On what date …?", "By what date …?": a day of a month ("September 20, 2016", "Dec. 22"), not "Monday" or "September 2016".
  [/\b(?:what|which) date\b/i, 'day'],
  [/\b(?:what|which) year\b/i, 'year'],
  [/\b(?:what|which) time\b(?! of (?:the )?(?:year|day|week|month))/i, 'time'],
  [/\b(?:what|which) month\b/i, 'month'],
];
const DATE_KIND_SPAN: Record<DateKind, RegExp> = {
  year: /\b(?:1[89]|20)\d{2}\b/,
  time: /\d(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:noon|midnight)\b/i,
  month: /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/,
  day: /\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s\d{1,2}(?:st|nd|rd|th)?\b|\b\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b/,
};
function dateKindOf(question: string): DateKind | undefined {
  return DATE_KIND_QUESTION.find(([pattern]) => pattern.test(question))?.[1];
}

const HOW_MUCH = /\bhow (?:many|much|old|long|far|big|large|tall|often)\b/i;
/** "How many Democratic senators voted …": the words between "how many" and the verb or the end name what is counted. */
const HOW_MANY_NOUN = /\bhow many\s+((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+?)(?=\s+(?:did|do|does|are|were|is|was|have|has|had|will|would|could|can|should|came|went|voted|\p{Ll}+ed)\b|\s*\?|\s*$)/iu;
function countedTermsOf(question: string): Set<string> {
  const noun = HOW_MANY_NOUN.exec(question)?.[1];
  const terms = new Set<string>();
  if (noun === undefined) return terms;
  for (const term of contentTerms(noun)) {
    terms.add(term);
    for (const synonym of synonymsOf(term)) terms.add(synonym);
  }
  return terms;
}
/** Words after a number within which the counted thing must follow it ("33 Senate Democrats", "29 FBI agents"). */
const COUNTED_REACH = 3;

/** Whether a number span is followed, within a few words, by one of the counted terms. */
function countsWanted(text: string, span: Span, counted: ReadonlySet<string>): boolean {
  // "according to one senator who spoke" is a senator, not a count of senators.
  if (/^(?:one|a|an)$/i.test(span.text)) return false;
  let seen = 0;
  for (const token of words(text.slice(span.end))) {
    if (seen++ >= COUNTED_REACH) break;
    const term = termOf(token.word);
    if (term !== null && counted.has(term)) return true;
  }
  return false;
}
const ORDINAL_SPAN = /^\d+(?:st|nd|rd|th)$/;
/** The stemmed noun an ordinal numbers ("the 21st Amendment" → amend), if the next word is one. */
function ordinalOf(text: string, span: Span): string | undefined {
  const next = words(text.slice(span.end))[0];
  return next === undefined ? undefined : (termOf(next.word) ?? undefined);
}
const AGE_QUESTION = /\bhow old\b|\bwhat age\b|\bat what age\b|\bhow many years old\b/i;
/** "the 49-year-old", "75 years old"; "aged 75", "age 75"; "Joe Lieberman, 75,". */
const YEARS_OLD_AFTER = /^[-\s]years?[-\s]old\b/;
const AGED_BEFORE = /\b(?:aged?)\s+$/i;
const NAME_COMMA_BEFORE = /\p{Lu}[\p{L}.'’-]*,\s+$/u;
const COMMA_AFTER = /^\s*(?:,|\)|;|\.(?!\d))/;

/** Whether a number span states someone's age. */
function isAge(text: string, span: Span): boolean {
  if (!/^\d{1,3}$/.test(span.text) || Number(span.text) > 120) return false;
  const before = text.slice(0, span.start);
  const after = text.slice(span.end);
  return YEARS_OLD_AFTER.test(after) || AGED_BEFORE.test(before) || (NAME_COMMA_BEFORE.test(before) && COMMA_AFTER.test(after));
}
/**
 * Whether an age belongs to the person asked about: the person named nearest to it ("Elizabeth
 * Lauten, 31,"; "the 43-year-old Tim Ryan") has the asked surname, so "How old is Elizabeth
 * Lauten?" is not answered by "Malia and Sasha Obama, aged 16" in a sentence naming her. A question
 * naming no one in full accepts any age.
 */
function ageOfAsked(text: string, age: Span, people: readonly string[]): boolean {
  if (people.length === 0) return true;
  // "Stone, 66, was taken into custody": a lone surname opening the sentence is no name span, but it is the person.
  const before = /(\p{Lu}[\p{L}'’-]*),\s+$/u.exec(text.slice(0, age.start))?.[1];
  if (before !== undefined && people.some((person) => surnameOf(person) === before)) return true;
  const persons = findSpans(text).filter((span) => span.type === 'person');
  if (persons.length === 0) return false;
  const distance = (span: Span) => (span.end <= age.start ? age.start - span.end : span.start >= age.end ? span.start - age.end : 0);
  const nearest = persons.reduce((best, span) => (distance(span) < distance(best) ? span : best));
  return people.some((person) => mayBeSamePerson(person, nearest.text));
}

/** Institutions said as a location ("teaches at Randolph-Macon College", "worked at Boston Consulting Group"). */
const LOCATED_AT = /\b(?:at|in)\s+(?:the\s+)?$/i;
/** Last words of a name that say it is a place one can be at or on: a road, a building, a site ("the New Jersey Turnpike", "the West Front of the Capitol"). */
const VENUE_HEAD = /\b(?:Turnpike|Highway|Freeway|Expressway|Interstate|Street|Avenue|Road|Boulevard|Lane|Drive|Square|Mall|Park|Bridge|Tower|Towers|Garden|Gardens|Plaza|Airport|Station|Capitol|Stadium|Arena|Hotel|Campus|Center|Centre|Hall|Building|College|University|School|Hospital|Church|Cathedral|Mosque|Synagogue|Base|Beach|Lake|River|Valley|Front|Ranch|Resort|Club|Courthouse|Statehouse|Library|Museum|Memorial|Cemetery|Port|Harbor|Harbour|Bay|Island|Mountain|County|Borough)$/;
/** Before a venue: "on the Turnpike", "outside the Statehouse", "at an MSNBC Town Hall", as well as "in" and "at". */
const LOCATED_VENUE = /\b(?:in|at|on|near|outside|inside|from|to|off|along|across)\s+(?:(?:the|a|an)\s+)?$/i;

/** A named institution or venue said as a location: "teaches at Randolph-Macon College", "stopped on the New Jersey Turnpike". */
function isVenue(text: string, span: Span): boolean {
  if (span.type !== 'org' && span.type !== 'person') return false;
  const before = text.slice(Math.max(0, span.start - 12), span.start);
  if (span.type === 'org' && /\s/.test(span.text) && LOCATED_AT.test(before)) return true;
  return VENUE_HEAD.test(span.text) && LOCATED_VENUE.test(before);
}

/** The first span of an accepted type that tells the reader something the question does not already say. */
function answerSpan(text: string, wanted: Wanted): Span | undefined {
  let fitting = wanted.several > 1 ? listsOf(text, answerSpans(text, wanted), wanted.several) : answerSpans(text, wanted);
  // "How many senators …?": of several numbers, the one that counts senators.
  if (wanted.countedTerms.size > 0) {
    const counting = fitting.filter((span) => countsWanted(text, span, wanted.countedTerms));
    if (counting.length > 0) fitting = counting;
  }
  if (fitting.length < 2) return fitting[0];
  // Of several names, the one next to the question's own words answers it: "Who is the House
  // Speaker?" → "House Speaker John Boehner", not the "Obama" later in the sentence.
  const near: number[] = [];
  for (const token of words(text)) {
    const term = termOf(token.word);
    if (term !== null && wanted.askedTerms.has(term)) near.push(token.start);
  }
  if (near.length === 0) return fitting[0];
  const distance = (span: Span) => Math.min(...near.map((at) => (at < span.start ? span.start - at : at >= span.end ? at - span.end : 0)));
  return fitting.reduce((best, span) => (distance(span) < distance(best) ? span : best));
}

/** Characters after a name's start within which its spelled-out acronym must end ("National Association for the Advancement of Colored People"). */
const ACRONYM_REACH = 90;
/** Letters an acronym needs before its spelled-out form counts for it: "US" or "AP" initial too many phrases. */
const MIN_ACRONYM_LETTERS = 3;

/** The acronyms a question uses ("NAACP", "N.R.A."), as the terms the tokeniser makes of them. */
function acronymsOf(question: string): string[] {
  const out: string[] = [];
  for (const match of question.matchAll(/\b(?:\p{Lu}\.){3,}|\b\p{Lu}{3,6}\b/gu)) {
    const letters = match[0].replace(/\./g, '');
    if (letters.length < MIN_ACRONYM_LETTERS) continue;
    const term = termOf(letters.toLowerCase());
    if (term !== null) out.push(term);
  }
  return out;
}

/** Whether a sentence spells an acronym out: the initials of a run of its capitalised words ("of", "for", "the", "and" skipped) hold it. */
function spellsOut(text: string, acronym: string): boolean {
  const letters = acronym.toUpperCase();
  let initials = '';
  const runs: string[] = [];
  for (const token of text.split(/\s+/)) {
    const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    if (/^\p{Lu}/u.test(word)) initials += word.charAt(0);
    else if (!/^(?:of|for|the|and|on|&)$/.test(word)) {
      if (initials.length >= letters.length) runs.push(initials);
      initials = '';
    }
  }
  runs.push(initials);
  return runs.some((run) => run.includes(letters));
}

/** Between two items of one list: "Zambia and Zimbabwe", "Flake, McCain and Romney". */
const LIST_GAP = /^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)$/;

/**
 * "Which two countries …?" is answered by two of them named together ("Zambia and Zimbabwe"), not by
 * one: runs of fitting spans joined by commas or "and" become one span, kept when it has at least
 * as many items as the question asks for.
 */
function listsOf(text: string, spans: readonly Span[], count: number): Span[] {
  const lists: Span[] = [];
  let run: Span[] = [];
  // A name run may hold the list itself ("Zambia and Zimbabwe" is one span of two items).
  const items = (span: Span) => span.text.split(/\s*(?:,|\band\b|\bor\b|&)\s*/).filter((part) => part !== '').length;
  const close = () => {
    const first = run[0];
    const last = run.at(-1);
    if (run.reduce((sum, span) => sum + items(span), 0) >= count && first !== undefined && last !== undefined) lists.push({ type: first.type, start: first.start, end: last.end, text: text.slice(first.start, last.end) });
    run = [];
  };
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const previous = run.at(-1);
    if (previous !== undefined && (span.start < previous.end || !LIST_GAP.test(text.slice(previous.end, span.start)))) close();
    run.push(span);
  }
  close();
  return lists;
}

/** Items a question asks for together: "Which two countries …?" → 2, "both …" → 2; otherwise 1. */
const COUNT_WORDS: Record<string, number> = { two: 2, both: 2, three: 3, four: 4 };
function itemsAsked(question: string): number {
  const word = /\b(?:which|what)\s+(two|three|four)\b|\b(both)\b/i.exec(question);
  const asked = word?.[1] ?? word?.[2];
  return asked === undefined ? 1 : (COUNT_WORDS[asked.toLowerCase()] ?? 1);
}

function answerSpans(text: string, wanted: Wanted): Span[] {
  const { accepted, questionKey } = wanted;
  return findSpans(text).filter((span) => {
    // "teaches at Randolph-Macon College" is a location; "in the Senate" is a body, not a place.
    const type: SpanType = accepted.includes('place') && isVenue(text, span) ? 'place' : span.type;
    // "Which amendment …?", "Which district …?": "the 21st Amendment", "the 27th District" name which one.
    if (wanted.whichTerm !== undefined && span.type === 'number' && ORDINAL_SPAN.test(span.text) && ordinalOf(text, span) === wanted.whichTerm) return true;
    if (!accepted.includes(type) || questionKey.includes(` ${dedupKey(span.text)} `)) return false;
    // A role or a quote answers only about its own person: "What role does Witkoff play?" is not answered by Putin's title,
    // nor "What role does Seth Hutchinson play?" by his father Asa Hutchinson's.
    if (span.subject !== undefined) {
      if (!(wanted.speakerKey ?? questionKey).includes(` ${dedupKey(surnameOf(span.subject))} `)) return false;
      if (wanted.people.some((person) => !mayBeSamePerson(person, span.subject ?? '') && surnameOf(person).toLowerCase() === surnameOf(span.subject ?? '').toLowerCase())) return false;
    }
    // "Who is the doctor who vouched for Clinton's health?" is not answered by "Hillary Clinton".
    if ((type === 'person' || type === 'org') && contentTerms(span.text).some((term) => wanted.nameTerms.has(term))) return false;
    // Nor is "Who spoke for the NAACP?" answered by "the National Association for the Advancement of Colored People".
    if ((type === 'person' || type === 'org') && [...wanted.acronyms].some((acronym) => dedupKey(span.text) === acronym || spellsOut(text.slice(span.start, span.start + ACRONYM_REACH), acronym))) return false;
    // "Where …?" wants a location ("in Moscow"), not an actor that happens to be a place ("the White House says").
    if (span.type === 'place' && !LOCATED.test(text.slice(Math.max(0, span.start - 16), span.start)) && !PLACE_OF.test(text.slice(Math.max(0, span.start - 24), span.start)) && !locatedInList(text, span)) return false;
    // "What position does Reid hold in the Senate?" is not answered by "Senator": the span must add to the question.
    if (span.type !== 'quote') {
      const terms = contentTerms(span.text);
      if (terms.length > 0 && terms.every((term) => wanted.askedTerms.has(term))) return false;
    }
    if (wanted.age) return span.type === 'number' && isAge(text, span) && ageOfAsked(text, span, wanted.people);
    if (wanted.dateKind !== undefined && span.type === 'date') return DATE_KIND_SPAN[wanted.dateKind].test(span.text);
    // "How many …?" is not answered by "the 27th District": an ordinal says which, not how many.
    if (wanted.count && ORDINAL_SPAN.test(span.text)) return false;
    if (wanted.money && span.type === 'number') return /\d/.test(span.text);
    return true;
  });
}

/**
 * A place said as a location without a preposition of its own: the state after a town that has one
 * ("from Belleville, Illinois"), or a person's hometown ("James Hodgkinson of Belleville, Illinois").
 */
function locatedInList(text: string, span: Span): boolean {
  // "North Carolina Rep. Bob Etheridge", "Arkansas Gov. Asa Hutchinson": the place a titled person represents or governs.
  if (PLACE_BEFORE_TITLE.test(text.slice(span.end))) return true;
  const before = text.slice(Math.max(0, span.start - 60), span.start);
  if (TOWN_THEN_STATE.test(before)) return true;
  const town = /(\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)?),\s+$/u.exec(before);
  const head = town === null ? span.start : span.start - before.length + town.index;
  const of = /\s+of\s+$/.exec(text.slice(0, head));
  if (of === null) return false;
  // The person's name may run on through "of" ("James T. Hodgkinson of Belleville" is one name span).
  return findSpans(text).some((other) => other.type === 'person' && other.start < of.index && other.end >= of.index);
}
const PLACE_BEFORE_TITLE = /^\s+(?:Rep|Sen|Gov|Representative|Senator|Governor|Congressman|Congresswoman|Mayor|Attorney General|Lt\. Gov)\.?\s+\p{Lu}/u;
const TOWN_THEN_STATE = /\b(?:in|at|near|outside|inside|from|to)\s+(?:the\s+)?\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)?,\s+$/u;

/** "the key battleground state of Florida", "the city of Ferguson": the place named after its kind is a location too. */
const PLACE_OF = /\b(?:state|city|town|county|province|region|country|island|village|capital)\s+of\s+$/i;
/** A place said as a location ("in Moscow", "at the White House"), not as an actor ("the White House says"). */
export const LOCATED = /\b(?:in|at|near|outside|inside|from|to|off)\s+(?:(?:the|a|an|one|its|his|her|their)\s+)?$/i;

/** Near-copies of one sentence (wire copy lightly edited) are offered once, crediting every outlet. */
function mergeCopies(matches: readonly { sentence: IndexedSentence; span: Span | undefined }[], limit: number): QaSentence[] {
  const answer: QaSentence[] = [];
  const answerTermSets: Set<string>[] = [];
  for (const match of matches) {
    if (answer.length >= limit) break;
    const terms = new Set(sentenceTerms(match.sentence.text));
    const duplicateOf = answerTermSets.findIndex((other) => jaccard(terms, other) >= 0.7);
    if (duplicateOf >= 0) {
      const existing = answer[duplicateOf];
      if (existing !== undefined) existing.sources = [...new Set([...existing.sources, ...match.sentence.sources])];
      continue;
    }
    answer.push({ text: match.sentence.text, sources: [...match.sentence.sources], ...(match.span !== undefined ? { highlight: match.span.text } : {}) });
    answerTermSets.push(terms);
  }
  return answer;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}
