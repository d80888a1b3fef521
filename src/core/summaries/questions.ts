import nlp from 'compromise';
import type { SuggestedQuestion } from '../digest.js';
import { looksLikePersonName, mayBeSamePerson, surnameOf } from '../text/person-names.js';
import { PLACE_NAMES } from '../text/places.js';
import { eitherCase, findSpans, isRoleWord, type Span } from '../text/spans.js';
import { lexiconTag } from '../text/person-names.js';
import { contentTerms, escapeRegExp, words } from '../text/tokenise.js';
import { headlineQuestions, MOVE_UNITS, PERCENT, type HeadlineCandidate } from './headline-questions.js';
import { answerQuestion, isQuestionSentence, LOCATED, type IndexedSentence } from './retrieval.js';

/**
 * Suggested questions for a thread, each with its answer. Candidates come from what the thread's
 * sentences state — the people with a role, the amounts of a deal, the dates and places of its
 * events, who said what, why something was done — phrased the way a reader asks ("What role does
 * Steve Witkoff play?", "How much is the Jos. A. Bank deal worth?"). A candidate is kept only when
 * the offline Q&A, asked that very question, answers it with a sentence holding a span of the right
 * type, and that answer is stored: a suggested question's button and the same question typed by
 * hand give the same answer.
 */

export const MAX_SUGGESTED = 10;
/** Candidate questions checked against the Q&A per thread. */
const MAX_TRIES = 40;
/** Further candidates tried of "What did X say about Y?" once the other kinds are spent. */
const MAX_TOPIC_TRIES = 8;
/** Sentences read for candidates: the thread's leads carry the facts worth asking about. */
const MAX_SENTENCES_READ = 400;

/** Events a thread is about, by the nouns reporters use for them. */
const EVENT_NOUNS = new Set(
  ('call calls talks meeting summit vote election speech trial hearing deal merger acquisition recall crash attack strike protest emergency ' +
    'shutdown outage launch release ceasefire war visit trip ruling verdict investigation probe sale bankruptcy resignation debate conference ' +
    'announcement decision ban tariff tariffs sanctions agreement treaty negotiations interview funeral earthquake storm hurricane fire shooting ' +
    'explosion arrest indictment lawsuit settlement raid invasion bill order declaration referendum inauguration primary caucus nomination ' +
    'confirmation impeachment boycott merger takeover ipo offering lockdown outbreak flood wildfire eruption return comeback premiere')
    .split(' '),
);
/** Events that take place at a time: "When did the hearing take place?" reads naturally, "When did the bill take place?" does not. */
const TAKES_PLACE = new Set(
  'call calls talks meeting summit vote election speech trial hearing debate conference interview visit trip funeral primary caucus inauguration referendum protest rally ceremony launch premiere attack shooting explosion crash raid earthquake eruption arrest announcement'.split(' '),
);
/** Events held somewhere a reader would ask about: "Where was the hearing?", never "Where was the election?". */
const HAS_VENUE = new Set('talks meeting summit speech trial hearing debate conference interview visit funeral rally protest ceremony attack shooting explosion crash raid arrest'.split(' '));
/** Nouns whose amount is a value ("the deal is worth …") or a size ("the fine is …"). */
const WORTH_NOUNS = 'deal|acquisition|offer|bid|takeover|merger|contract|package|investment|sale|purchase|agreement|plan|project|wall|program|programme';
const AMOUNT_NOUNS = 'fine|settlement|fee|price|salary|loan|aid|budget|funding|bill|penalty|payment|bonus|bail|damages|ransom|tax|tariff|subsidy|grant';
const AMOUNT_NOUN = new RegExp(`\\b(?:(?:the|a|an|its|his|her|their|this)\\s+([a-z]+\\s)?)?(${eitherCase(WORTH_NOUNS)}|${eitherCase(AMOUNT_NOUNS)})\\b`);
const WORTH_NOUN = new RegExp(`^(?:${WORTH_NOUNS})$`, 'i');
const BUY_VERB = /\b(?:to buy|buy|buys|bought|buying|to acquire|acquire|acquires|acquired|acquiring|purchase|purchases|purchased|take over|takes over|took over)\s+/i;
const FUTURE = /\b(?:will|would|plans? to|planned|scheduled|expected to|set to|is to|are to|due to|upcoming|next)\b/i;
/** Headlinese for what is yet to happen: a name, then "to" and the verb ("Google To Launch Nexus 8 In July", "Obama to meet Sanders"). */
const FUTURE_HEADLINE = /^(?:[\p{Lu}\d][\p{L}\d.'’&-]*\s+){1,4}[Tt]o\s+\p{L}/u;
const PAST_VERB = /^(?:[a-z]+ed|met|won|lost|made|took|gave|sent|led|told|sold|bought|paid|left|held|broke|began|beat|chose|drove|fell|flew|found|got|hit|kept|ran|saw|shot|spoke|stole|struck|threw|wrote|sought|brought|caught|taught|thought|fought|built|spent|cut|set|put|quit|rose|shut)$/;
// "U.S. President", "French President", "former Prime Minister": a country's head of state or government, whose title everyone knows.
const OBVIOUS_ROLE = /^(?:the\s+)?(?:(?:\p{Lu}[\p{L}.]*|former|then)\s+)?(?:president|prime minister|king|queen|chancellor|pope)$/iu;
/** Verbs whose count is news ("killed 12 people", "1.6 million cars were recalled"). */
const COUNTED_VERBS =
  'killed|injured|wounded|hurt|arrested|detained|evacuated|recalled|sold|hired|fired|laid off|lost|added|displaced|rescued|charged|deported|affected|infected|vaccinated|registered|signed|raised|cut|eliminated|created|shipped|stranded|missing|dead|sentenced|indicted|convicted|released|freed|destroyed|damaged|closed|expelled|banned|approved|rejected|elected|nominated';
const COUNTED_PASSIVE = new RegExp(`^\\s+((?:(?!of\\b|the\\b|and\\b)[a-z]+\\s)?(?!of\\b)[a-z]+s)\\s+(?:were|have been|had been|are|was|will be)\\s+(${COUNTED_VERBS})\\b`);
const COUNTED_ACTIVE = new RegExp(`\\b(${COUNTED_VERBS})\\s+(?:about\\s+|nearly\\s+|more than\\s+|at least\\s+|some\\s+|over\\s+|almost\\s+)?$`);
/** Counts too vague to ask "how many" about. */
const VAGUE_NUMBER = /^(?:hundreds|thousands|millions|dozens|dozen|a dozen|half)$/i;
const SUBJECT_LEAD = /^(?:(?:The|A|An)\s+)?(?:[\p{Ll}-]+\s+){0,2}/u;

/** A headline candidate's marks (headline-questions.ts): how its answer is checked (see headlineFact). */
interface Candidate extends Partial<Pick<HeadlineCandidate, 'headline' | 'says' | 'future' | 'finding'>> {
  question: string;
  kind: 'role' | 'money' | 'date' | 'number' | 'entity' | 'quote' | 'place' | 'reason' | 'event' | 'topic';
  /** Higher first within a kind. */
  weight: number;
  /** The sentence the question was made from and the span in it that answers it. */
  source: string;
  expect: string;
  /** For "What did X announce?": the actor's surname and the verb as printed, which an answering sentence must both contain. */
  actor?: string;
  verb?: string;
  /** For "What did X say about Y?": the topic as printed, which the answering sentence must contain. */
  topic?: string;
}

interface SentenceFacts {
  sentence: IndexedSentence;
  spans: Span[];
}

/** Last word of a person's name, suffixes aside: "Steve Witkoff" and "Witkoff" are one actor, "James R. Clapper Jr." is "Clapper". */
const surname = surnameOf;

/** The people and organisations a thread's sentences name, by surname (people) or full name. */
type Actors = Map<string, { name: string; mentions: number; person: boolean }>;

function mainActors(facts: readonly SentenceFacts[], names: NameCheck): Actors {
  const actors: Actors = new Map();
  for (const { spans } of facts) {
    const seen = new Set<string>();
    for (const span of spans) {
      if (span.type !== 'person' && span.type !== 'org') continue;
      const key = (span.type === 'person' ? surname(span.text) : span.text).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const actor = actors.get(key) ?? { name: span.text, mentions: 0, person: span.type === 'person' };
      actor.mentions += 1;
      // The fullest real name seen names the actor ("Steve Witkoff" over "Witkoff", never "FIRED Eric Cantor").
      if (span.type === 'person' && names.full(span.text) && (span.text.length > actor.name.length || !names.full(actor.name))) actor.name = span.text;
      actors.set(key, actor);
    }
  }
  return actors;
}

/** Event nouns of a text, in lower case as printed ("Bill Burton" is no bill); Title Case headlines count too. */
function eventWords(text: string): string[] {
  const titleCase = /^(?:\W*\p{Lu}\p{Ll}*\W+){3,}/u.test(text) && !/\s\p{Ll}{4,}\s/u.test(text);
  const tokens = words(text);
  return tokens
    .filter((token, index) => {
      if (!EVENT_NOUNS.has(token.word)) return false;
      if (token.surface === token.word) return true;
      // In Title Case a capitalised event word counts, unless it starts a name ("Bill Clinton").
      const next = tokens[index + 1];
      return titleCase && !(next !== undefined && /^\p{Lu}/u.test(next.surface) && !EVENT_NOUNS.has(next.word));
    })
    .map((token) => token.word);
}

/** The thread's event noun: the event word its headlines use most ("call", "recall", "deal"). */
function mainEvent(sentences: readonly IndexedSentence[]): string | null {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    if (sentence.headline !== true) continue;
    for (const word of new Set(eventWords(sentence.text))) counts.set(word, (counts.get(word) ?? 0) + sentence.sources.length);
  }
  if (counts.size === 0) {
    for (const sentence of sentences.slice(0, 100)) for (const word of eventWords(sentence.text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  return best === undefined ? null : best[0];
}

/** A person named in full ("Steve Witkoff"): a lone surname or a capitalised common word is too unsure to ask about. */
const FULL_NAME = /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:\p{Lu}\.|\p{Lu}[\p{L}'’.-]+)){1,3}$/u;

/** Which names a thread's questions may use: see namesOf. */
interface NameCheck {
  /** A person named in full, by a real name the thread prints in its prose. */
  full(name: string): boolean;
}

/** A headline in Title Case ("Michael Steele Gets Rough With Obama"): capitals there say nothing about names. */
function isTitleCase(text: string): boolean {
  const long = text.split(/\s+/).filter((word) => /^\p{L}{4,}/u.test(word));
  return long.length >= 3 && long.filter((word) => /^\p{Lu}/u.test(word)).length / long.length > 0.8;
}

/**
 * The names questions may use: a full name that reads as a person's (looksLikePersonName) and that
 * the thread prints as a name in a sentence that is not a Title Case headline. "Gets Rough" from
 * "Michael Steele Gets Rough" or "Faces Harsh Criticism" never becomes "What role does … play?".
 */
function namesOf(facts: readonly SentenceFacts[]): NameCheck {
  const prose = new Set<string>();
  for (const { sentence, spans } of facts) {
    if (isTitleCase(sentence.text)) continue;
    for (const span of spans) if (span.type === 'person') prose.add(span.text);
  }
  return { full: (name) => FULL_NAME.test(name) && prose.has(name) && looksLikePersonName(name) };
}

function roleQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  const asked = new Set<string>();
  for (const { sentence, spans } of facts) {
    const titleCase = isTitleCase(sentence.text);
    for (const span of spans) {
      if (span.type !== 'role' || span.subject === undefined || !names.full(span.subject)) continue;
      // In a Title Case headline any capitalised run reads as a name and a title: only a title made of title words
      // ("Senate Majority Leader", "Flappy Bird Creator") counts, not "Star" before "Wars Episode" or "Marries Future Ads CEO".
      if (titleCase && !titleWords(span.text)) continue;
      // A head of state's title is what everyone knows; the envoy's or the spokesman's is the news.
      if (OBVIOUS_ROLE.test(span.text.trim())) continue;
      const actor = actors.get(surname(span.subject).toLowerCase());
      // The fuller name of the same person ("James R. Clapper Jr."), never another person of that surname (Asa for Seth Hutchinson).
      const name = actor !== undefined && names.full(actor.name) && mayBeSamePerson(actor.name, span.subject) ? actor.name : span.subject;
      if (asked.has(name)) continue;
      asked.add(name);
      out.push({ question: `What role does ${name} play?`, kind: 'role', weight: (actor?.mentions ?? 1) + (/^(?:a|an|the)\s/.test(span.text) ? 2 : 0), source: sentence.text, expect: span.text });
    }
  }
  return out;
}

/** Whether a role printed in Title Case reads as a title: it has a title word and no verb, preposition or function word. */
function titleWords(role: string): boolean {
  const parts = role.trim().split(/\s+/);
  return parts.some((part) => isRoleWord(part)) && parts.every((part) => !/^(?:PresentTense|PastTense|Infinitive|Verb|Gerund|Preposition|Conjunction|Determiner|Pronoun|Adverb)$/.test(lexiconTag(part) ?? ''));
}

/**
 * "Who is the Kremlin spokesman?" from "Kremlin spokesman Dmitry Peskov said …": a title printed
 * before a name, specific enough (two words or more, or someone's: "Obama's press secretary") that
 * one person holds it. A former or acting title, or a head of state's, is not asked.
 */
function titleHolderQuestions(facts: readonly SentenceFacts[], names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  const asked = new Set<string>();
  for (const { sentence, spans } of facts) {
    if (isTitleCase(sentence.text)) continue;
    for (const span of spans) {
      if (span.type !== 'role' || span.subject === undefined || !names.full(span.subject)) continue;
      // A title touching the name before it ("special envoy Steve Witkoff"), or a definite appositive
      // after it ("James Clapper, the director of national intelligence,"): "the" says one person holds it.
      // "Bank of England Governor Mark Carney": a title cut after "of" is the tail of a longer one ("England Governor").
      if (/\p{Lu}[\p{L}.]*\s+of\s+$/u.test(sentence.text.slice(0, span.start))) continue;
      const before = sentence.text.slice(span.end).trimStart().startsWith(span.subject);
      const appositive = !before && /^the\s/.test(span.text) && !/\b(?:who|which|whose|that|his|her|its|their|this|group|company|organi[sz]ation|party)\b|['’]s\b/i.test(span.text);
      if ((!before && !appositive) || /\b(?:have|has|had|is|are|was|were|will|would|nothing|said)\b/.test(span.text)) continue;
      const title = appositive ? span.text.trim().replace(/^the\s+/, '') : span.text.trim();
      const words = title.split(/\s+/);
      if (words.length < 2 && !/['’]s\s/.test(title)) continue;
      if (/^(?:former|then|acting|interim|ex-|late|current|new)\b/i.test(title) || OBVIOUS_ROLE.test(title) || words.length > 5) continue;
      // "After reporter", "The Washington Post reporter": a title cut from the clause before it.
      if (words.some((word) => /^(?:The|A|An|After|Before|When|While|As|But|And|Of)$/.test(word))) continue;
      const possessive = /^\p{Lu}[\p{L}.-]*['’]s\s/u.test(title);
      const question = `Who is ${possessive ? '' : 'the '}${title}?`;
      if (asked.has(question.toLowerCase())) continue;
      asked.add(question.toLowerCase());
      out.push({ question, kind: 'entity', weight: sentence.sources.length + words.length, source: sentence.text, expect: span.subject });
    }
  }
  return out;
}

const RATE_AFTER = /^\s*(?:\/\s*\p{L}|per\b|for each\b|each\b|an?\s+(?:share|head|person|hour|day|week|month|year|barrel|gallon|ounce|pound|ton|tonne|unit|user|customer|referral|ticket)\b)/iu;

function moneyQuestions(facts: readonly SentenceFacts[]): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    const money = spans.find((span) => span.type === 'money');
    if (money === undefined) continue;
    const text = sentence.text;
    // "$65/shr", "$15 for each customer referral", "$4 a gallon": a rate, not what the deal or the price is worth.
    if (RATE_AFTER.test(text.slice(money.end))) continue;
    const buy = BUY_VERB.exec(text);
    if (buy !== null) {
      const target = spans.find((span) => (span.type === 'org' || span.type === 'person') && span.start >= buy.index + buy[0].length - 1 && span.start <= buy.index + buy[0].length + 1);
      if (target !== undefined) {
        out.push({ question: `How much is the ${target.text} deal worth?`, kind: 'money', weight: 3 + sentence.sources.length, source: text, expect: money.text });
        continue;
      }
    }
    // Modifiers are lower-case words before the noun ("border wall"); in a Title Case headline there are none to trust.
    // A modifier counts only after a determiner ("the spending bill", not "to build the wall").
    const noun = AMOUNT_NOUN.exec(text);
    if (noun?.[2] === undefined) continue;
    const modifiers = (noun[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '' && contentTerms(word).length > 0 && !/^(?:a|an|the|its|his|her|their|new|billion|million)$/i.test(word));
    const phrase = [...modifiers, noun[2].toLowerCase()].join(' ');
    const worth = WORTH_NOUN.test(noun[2]);
    out.push({ question: worth ? `How much is the ${phrase} worth?` : `How much is the ${phrase}?`, kind: 'money', weight: 1 + sentence.sources.length, source: text, expect: money.text });
  }
  return out;
}

function dateAndPlaceQuestions(facts: readonly SentenceFacts[], event: string | null, actors: Actors, names: NameCheck): Candidate[] {
  if (event === null) return [];
  const out: Candidate[] = [];
  // "The Trump–Putin call": two people, never an institution ("Trump–Congress").
  // Only events that happen at a time ("the call", "the hearing") are asked when they took place; a bill or a war is not.
  if (!TAKES_PLACE.has(event)) return [];
  // Both are people the thread names in full ("Trump–Putin"), never "God–Obama" or "Treasury–Lew".
  const top = [...actors.values()].filter((actor) => actor.mentions >= 2 && actor.person && names.full(actor.name) && !PLACE_NAMES.has(actor.name.toLowerCase())).sort((a, b) => b.mentions - a.mentions).slice(0, 2);
  for (const { sentence, spans } of facts) {
    if (!new RegExp(`\\b${event}\\b`, 'i').test(sentence.text)) continue;
    const named = top.length === 2 && top.every((actor) => sentence.text.includes(surname(actor.name)));
    // Names in the order the sentence says them ("the Trump–Putin call").
    const ordered = [...top].sort((a, b) => sentence.text.indexOf(surname(a.name)) - sentence.text.indexOf(surname(b.name)));
    const what = named ? `the ${ordered.map((actor) => surname(actor.name)).join('–')} ${event}` : `the ${event}`;
    const future = FUTURE.test(sentence.text) || FUTURE_HEADLINE.test(sentence.text);
    const plural = /s$/.test(event) && !/ss$/.test(event);
    // "since 1997" says how long something has been so, not when the event took place.
    const date = spans.find((span) => span.type === 'date' && !/^(?:19|20)\d{2}$/.test(span.text) && !/\b(?:last|next|this) year\b/.test(span.text) && !/^since\b/i.test(span.text));
    if (date !== undefined) {
      out.push({ question: future ? `When will ${what} take place?` : `When did ${what} take place?`, kind: 'date', weight: (named ? 3 : 1) + sentence.sources.length, source: sentence.text, expect: date.text });
    }
    // A phone call or a vote has no venue worth asking about.
    const place = !HAS_VENUE.has(event) ? undefined : spans.find((span) => span.type === 'place' && LOCATED.test(sentence.text.slice(Math.max(0, span.start - 12), span.start)));
    if (place !== undefined) {
      out.push({ question: future ? `Where will ${what} take place?` : `Where ${plural ? 'were' : 'was'} ${what}?`, kind: 'place', weight: sentence.sources.length, source: sentence.text, expect: place.text });
    }
  }
  return out;
}

function numberQuestions(facts: readonly SentenceFacts[]): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    for (const span of spans) {
      if (span.type !== 'number' || /%|percent/.test(span.text) || VAGUE_NUMBER.test(span.text)) continue;
      const after = sentence.text.slice(span.end);
      const before = sentence.text.slice(0, span.start);
      const passive = COUNTED_PASSIVE.exec(after);
      const active = COUNTED_ACTIVE.exec(before);
      const noun = /^\s+((?:(?!of\b|the\b|and\b)[a-z]+\s)?(?!of\b)[a-z]+s)\b/.exec(after);
      if (passive?.[1] !== undefined && passive[2] !== undefined) {
        out.push({ question: `How many ${passive[1]} were ${passive[2]}?`, kind: 'number', weight: sentence.sources.length + 1, source: sentence.text, expect: span.text });
      } else if (active?.[1] !== undefined && noun?.[1] !== undefined) {
        out.push({ question: `How many ${noun[1]} were ${active[1]}?`, kind: 'number', weight: sentence.sources.length, source: sentence.text, expect: span.text });
      }
    }
  }
  return out;
}

/** Things whose length is news: "a 30-day truce", "a 90-day pause", "a two-year sentence" (digits only: "30-day"). */
const DURATION = /\b(\d{1,3})-(?:hour|day|week|month|year)\s+(?:\p{Ll}+\s+)?(truce|ceasefire|cease-fire|pause|ban|shutdown|suspension|moratorium|extension|freeze|lockdown|strike|sentence|trip|tour|delay|window|term|contract)\b/gu;

/** "How long is the truce?" from "Ukraine has accepted the American proposal for a 30-day truce". */
function durationQuestions(facts: readonly SentenceFacts[]): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence } of facts) {
    for (const match of sentence.text.matchAll(DURATION)) {
      const [, count, noun] = match;
      if (count === undefined || noun === undefined) continue;
      out.push({ question: `How long is the ${noun}?`, kind: 'number', weight: sentence.sources.length, source: sentence.text, expect: count });
    }
  }
  return out;
}

/** "How old is Cynthia Burgiss?" from "Cynthia Burgiss, 22, a student …". */
function ageQuestions(facts: readonly SentenceFacts[], names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    for (const span of spans) {
      if (span.type !== 'person' || !names.full(span.text)) continue;
      const age = /^,\s+(\d{1,3}),/.exec(sentence.text.slice(span.end));
      if (age?.[1] === undefined || Number(age[1]) < 5 || Number(age[1]) > 110) continue;
      out.push({ question: `How old is ${span.text}?`, kind: 'number', weight: sentence.sources.length, source: sentence.text, expect: age[1] });
    }
  }
  return out;
}

/** "Who confirmed the call?" from "Kremlin spokesman Dmitry Peskov confirmed the call …". */
function entityQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    const clause = clauseOf(sentence.text, spans, actors, names);
    if (clause === null) continue;
    const predicate = sentence.headline === true ? headlinePredicate(clause.verb, clause.object) : `${clause.verb} ${clause.object}`;
    if (predicate === null) continue;
    out.push({ question: `Who ${predicate}?`, kind: 'entity', weight: sentence.sources.length, source: sentence.text, expect: clause.subject.text });
  }
  return out;
}

/** Where a headline's past participle is passive: "Zac Efron mobbed at airport" is "Zac Efron was mobbed at the airport". */
const PASSIVE_COMPLEMENT = /^(?:at|in|on|by|for|from|over|after|during|outside|near|with|amid)\b/;

/**
 * A headline clause as a question says it. Headlinese drops "is" and "was": "Chiquita set to become
 * …" is "Who is set to become …?", "Zac Efron mobbed at airport" is "Who was mobbed at airport?".
 * A past form before its object ("Tyrion Lannister voted favourite character", "Mt Gox faced 150000
 * attacks") may be either voice, so it is not asked; nor is "dismissed as …", which reads either way.
 */
function headlinePredicate(verb: string, object: string): string | null {
  if (verb === 'set' && /^to\s/.test(object)) return `is set ${object}`;
  if (!/ed$/.test(verb) || /^as\b/.test(object)) return null;
  return PASSIVE_COMPLEMENT.test(object) ? `was ${verb} ${object}` : null;
}

/** Sentences an acronym must be named in to be asked what it said (as a main actor's bare surname is). */
const MIN_ACRONYM_SPEAKER_SENTENCES = 3;

function quoteQuestions(facts: readonly SentenceFacts[], event: string | null, actors: Actors, names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  const asked = new Set<string>();
  const eventWord = event === null ? null : new RegExp(`\\b${event}\\b`, 'i');
  for (const { sentence, spans } of facts) {
    for (const span of spans) {
      if (span.type !== 'quote' || span.subject === undefined) continue;
      const organisation = spans.some((other) => other.type === 'org' && other.text === span.subject);
      const key = (organisation ? span.subject : surname(span.subject)).toLowerCase();
      const actor = actors.get(key);
      // An acronym the thread keeps naming ("…, OECD says", "NTSB: …") speaks for a body: "the OECD" where the thread writes it so.
      const acronym = organisation && /^\p{Lu}{2,5}$/u.test(span.subject) && (actor?.mentions ?? 0) >= MIN_ACRONYM_SPEAKER_SENTENCES;
      const name = acronym ? (facts.some((fact) => fact.sentence.text.includes(`the ${span.subject}`)) ? `the ${span.subject}` : span.subject) : organisation ? organisationName(span.subject) : personName(actor !== undefined && names.full(actor.name) ? actor.name : span.subject);
      // A bare surname is fine for a main actor ("Trump"); anyone else is named in full, an organisation by more than one word or as an acronym it keeps using.
      if (asked.has(key) || (organisation ? !/\s/.test(span.subject) && !acronym : !names.full(name) && (actor?.mentions ?? 0) < 3)) continue;
      asked.add(key);
      const about = eventWord?.test(sentence.text) === true ? ` about the ${event}` : '';
      out.push({ question: `What did ${name} say${about}?`, kind: 'quote', weight: actor?.mentions ?? 1, source: sentence.text, expect: span.text });
    }
  }
  return out;
}

/** Whether a text prints a word as a whole word ("faith", not the start of "faithful"). */
function namesWord(text: string, name: string): boolean {
  const at = text.indexOf(name);
  if (at < 0) return false;
  const before = text.slice(0, at);
  const after = text.slice(at + name.length);
  return !/[\p{L}\p{N}]$/u.test(before) && !/^[\p{L}\p{N}]/u.test(after);
}

/** Words for how something was said, not what about: "What did Perry say about the ad?" asks nothing. */
const CHANNEL_NOUNS = new Set(
  'comment comments remark remarks statement statements post posts posting postings tweet tweets letter video videos show interview speech ad ads op-ed column news report reports reporter reporters story stories article words word'.split(' '),
);
/** Bodies and posts a speaker speaks for or holds ("the committee", "the chairman"): what they said is not about them. */
const BODY_NOUNS = new Set(
  'committee panel board court house senate congress party administration campaign group agency department office seat chairman chairwoman chair president leader spokesman spokeswoman governor senator member members'.split(' '),
);

/** The speaker's own words in a quote span: up to where a closed quotation gives way to the reporter ("… rape,” comments condemned by Mr. Romney"). */
function ownWords(text: string): string {
  const closed = /[,.!?]["”]\s/.exec(text);
  return closed === null ? text : text.slice(0, closed.index + 2);
}

/** Endings of abstract nouns, which read bare as a topic: "religion", "security", "terrorism", "surveillance". */
const ABSTRACT_NOUN = /\p{Ll}(?:ion|ity|ism|ance|ence)$/u;

/** Sentences a headline's word must recur in to be what the thread is about, not a headline's aside. */
const MIN_TOPIC_SENTENCES = 3;

/**
 * What a thread's headlines are about, word by word: a word a headline prints and at least three
 * of its sentences use ("religion", "trade", "Afghanistan"), keyed in lower case. Event nouns are asked about already
 * ("What did Trump say about the debate?"), and words for a statement itself are not topics.
 */
function headlineTopicWords(facts: readonly SentenceFacts[]): Set<string> {
  const inHeadline = new Set<string>();
  const sentences = new Map<string, number>();
  for (const { sentence } of facts) {
    for (const word of new Set(words(sentence.text).map((token) => token.word))) {
      if (word.length < 4 || EVENT_NOUNS.has(word) || CHANNEL_NOUNS.has(word) || BODY_NOUNS.has(word) || contentTerms(word).length === 0) continue;
      if (sentence.headline === true) inHeadline.add(word);
      sentences.set(word, (sentences.get(word) ?? 0) + 1);
    }
  }
  return new Set([...inHeadline].filter((word) => (sentences.get(word) ?? 0) >= MIN_TOPIC_SENTENCES));
}

/**
 * How a question names a topic word as a sentence prints it: a name or a plural or a mass noun as
 * it stands ("Afghanistan", "gays", "religion"), a countable noun with "the" ("the veto"); null when
 * the word is not a noun there ("trade" in "to trade", "override" in "voted to override").
 */
function topicPhrase(sentence: string, surface: string, at: number): string | null {
  const doc = nlp(sentence);
  const term = doc.match(surface).eq(0);
  if (!term.found || !term.has('#Noun') || term.has('#Verb') || term.has('#Adjective') || term.has('#Pronoun')) return null;
  // "the trade deal": the word names something only with the word after it.
  const next = /^\s+([a-z]+)/.exec(sentence.slice(at + surface.length))?.[1];
  if (next !== undefined && doc.match(`${surface} ${next}`).eq(0).found && nlp(next).has('#Noun') && !nlp(next).has('#Verb')) return null;
  // "Arkansas's reputation" is about the reputation.
  if (/^['’]/.test(sentence.slice(at + surface.length))) return null;
  if (/^\p{Lu}/u.test(surface)) return surface;
  const before = sentence.slice(0, at);
  // "his opposition", "same-sex couples", "private emails": the word is half of what was talked about.
  if (/\b(?:his|her|its|their|our|my|your)\s+$|-\p{L}+\s+$/iu.test(before)) return null;
  const previous = /(\p{Ll}+)\s+$/u.exec(before)?.[1];
  if (previous !== undefined && nlp(previous).has('#Adjective')) return null;
  // "a veto", "the wall" are asked as "the veto", "the wall".
  if (/\b(?:a|an|the|this|that|these|those)\s+$/i.test(before)) return `the ${surface}`;
  // Bare, only a plural or a mass noun reads as a topic ("gays", "education", "religion", "terrorism"); "about wall" does not.
  return term.has('#Plural') || term.has('#Uncountable') || ABSTRACT_NOUN.test(surface) ? surface : null;
}

/**
 * "What did Rick Perry say about religion?" / "What did Michael Steele say about Afghanistan?":
 * a quoted person whose own words use a word the thread's headlines share. Each speaker is asked
 * about each topic once; the answer must be that person's words holding the topic word.
 */
function topicQuoteQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck): Candidate[] {
  const topics = headlineTopicWords(facts);
  if (topics.size === 0) return [];
  const out: Candidate[] = [];
  const asked = new Set<string>();
  // Surnames two people in the thread share ("Asa Hutchinson" and his son "Seth Hutchinson"): a quote by "Hutchinson" alone is either's.
  // Each named at least twice, so "Jim Mattis" once beside "James Mattis" or a misspelt first name is still one person.
  const firstNames = new Map<string, Map<string, number>>();
  for (const { spans } of facts) {
    for (const span of spans) {
      if (span.type !== 'person' || !names.full(span.text)) continue;
      const key = surname(span.text).toLowerCase();
      const counts = firstNames.get(key) ?? new Map<string, number>();
      const first = span.text.split(/\s+/)[0] ?? '';
      counts.set(first, (counts.get(first) ?? 0) + 1);
      firstNames.set(key, counts);
    }
  }
  const shared = (subject: string) => [...(firstNames.get(surname(subject).toLowerCase())?.values() ?? [])].filter((count) => count >= 2).length > 1;
  for (const { sentence, spans } of facts) {
    if (isTitleCase(sentence.text)) continue;
    for (const span of spans) {
      if (span.type !== 'quote' || span.subject === undefined) continue;
      if (spans.some((other) => other.type === 'org' && other.text === span.subject)) continue;
      if (!names.full(span.subject) && shared(span.subject)) continue;
      const actor = actors.get(surname(span.subject).toLowerCase());
      const name = personName(actor !== undefined && names.full(actor.name) ? actor.name : span.subject);
      if (!names.full(name)) continue;
      const nameWords = new Set(words(name).map((token) => token.word));
      const topic = words(span.text).find((token) => topics.has(token.word) && !nameWords.has(token.word));
      if (topic === undefined) continue;
      // A person is asked about by their name in full ("Barack Obama"), never by a bare surname.
      // Where the sentence prints the word, inside the quote.
      const found = new RegExp(`(?<![\\p{L}\\p{N}])${topic.surface}(?![\\p{L}\\p{N}])`, 'u').exec(sentence.text.slice(span.start));
      if (found === null) continue;
      const at = span.start + found.index;
      if (at >= span.start + ownWords(span.text).length) continue;
      const within = (other: Span) => other.start <= at && other.end >= at + topic.surface.length;
      const person = spans.find((other) => other.type === 'person' && within(other));
      const topicActor = person === undefined ? undefined : actors.get(surname(person.text).toLowerCase());
      // A capitalised word is a topic only as a place ("Afghanistan") or a person; "Trade" in "Trade Adjustment Assistance" is part of a name.
      const capitalised = /^\p{Lu}/u.test(topic.surface);
      const phrase =
        person !== undefined
          ? topicActor !== undefined && names.full(topicActor.name) && surname(topicActor.name) === topic.surface
            ? personName(topicActor.name)
            : null
          : capitalised && !spans.some((other) => other.type === 'place' && other.text === topic.surface)
            ? null
            : topicPhrase(sentence.text, topic.surface, at);
      if (phrase === null) continue;
      const question = `What did ${name} say about ${phrase}?`;
      // One speaker by surname ("Vicente Fox" and a misspelt "Vincente Fox" are one), one topic.
      const key = `${surname(name).toLowerCase()}|${phrase.toLowerCase()}`;
      if (asked.has(key)) continue;
      asked.add(key);
      out.push({ question, kind: 'topic', weight: actor?.mentions ?? 1, source: sentence.text, expect: span.text, topic: topic.surface });
    }
  }
  return out;
}

/** How a question names the subject of a clause: "the Treasury Department", "Ed Murray" (not "Ed Murray of Seattle"). */
function actorName(span: Span): string {
  return span.type === 'org' ? organisationName(span.text) : personName(span.text);
}

/** A person's name without the place or body after it: "Kevin McCarthy of California" → "Kevin McCarthy". */
function personName(name: string): string {
  return name.replace(/\s+of\s+.*$/, '');
}

/** "the Log Cabin Republicans", "the White House"; a name that starts with "The" keeps it. */
function organisationName(name: string): string {
  return /^the\s/i.test(name) ? name : `the ${name}`;
}

/** "Why did Trump declare a national emergency?" from "Trump declared a national emergency because …". */
function reasonQuestions(facts: readonly SentenceFacts[], fullNames: FullNames): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    const reason = spans.find((span) => span.type === 'reason' && /^(?:because|due to|in order to|in response to|in protest|over concern|citing)/i.test(span.text));
    const subject = spans.find((span) => span.type === 'person' || span.type === 'org');
    if (reason === undefined || subject === undefined || subject.start > 30 || subject.end > reason.start) continue;
    const clause = /^\s+([a-z]+ed|[a-z]+)\s+([^,;"“”]{3,60}?)\s*,?\s*$/.exec(sentence.text.slice(subject.end, reason.start));
    if (clause?.[1] === undefined || clause[2] === undefined || !PAST_VERB.test(clause[1]) || /^(?:said|told)$/.test(clause[1])) continue;
    const base = nlp(clause[1]).verbs().toInfinitive().text();
    if (base === '' || base === clause[1]) continue;
    const full = subject.type === 'person' && !/\s/.test(subject.text) ? soleFullName(fullNames, subject.text) : undefined;
    out.push({ question: `Why did ${full !== undefined ? personName(full) : subject.text} ${base} ${clause[2].trim()}?`, kind: 'reason', weight: sentence.sources.length, source: sentence.text, expect: reason.text });
    if (out.length >= 3) break;
  }
  return out;
}

/** Turns in a story a reader asks the cause of: "Why did Elizabeth Lauten resign?". Each needs no object to say what happened. */
const OUTCOME_VERBS = 'resigned|quit|apologi[sz]ed|stepped down|stepped aside|backed off|backed down|withdrew|dropped out|pulled out|bowed out|relented|retreated|reversed course|changed course|walked out|walked back';
/** "Lauten resigned … after …", "Ms. Lauten, an aide, had resigned as communications director after …": the cause follows within a short phrase. */
const OUTCOME_THEN_REASON = new RegExp(`^(?:,[^,;"“”]{3,60},)?\\s+(?:(?:had|has|have)\\s+)?(?:(?:later|quickly|abruptly|publicly|finally|also)\\s+)?(${OUTCOME_VERBS})\\b([^,;:"“”]{0,50}?)\\s*,?\\s*$`);

/**
 * "Why did Elizabeth Lauten resign?" / "Why did Donald Trump back off?" from a sentence in which a
 * named person resigns, apologises or withdraws because of, after or amid something: for a turn
 * like that, what came before it is its cause as reporters tell it. The answer is a sentence in
 * which that person does it, with the cause printed.
 */
function outcomeReasonQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  const asked = new Set<string>();
  for (const { sentence, spans } of facts) {
    if (isTitleCase(sentence.text)) continue;
    const reason = spans.find((span) => span.type === 'reason' && /^(?:because|due to|after|amid|following|over|in response to|in protest)\b/i.test(span.text));
    if (reason === undefined) continue;
    for (const subject of spans) {
      if (subject.type !== 'person' || subject.start > 40 || subject.end > reason.start) continue;
      const match = OUTCOME_THEN_REASON.exec(sentence.text.slice(subject.end, reason.start));
      const verb = match?.[1];
      if (verb === undefined) continue;
      // "what she did" in the phrase ("resigned as the aide who …") would need the reader to know more.
      if (/\b(?:who|which|that|it|them)\b/.test(match?.[2] ?? '')) continue;
      const actor = actors.get(surname(subject.text).toLowerCase());
      const name = personName(actor !== undefined && names.full(actor.name) ? actor.name : subject.text);
      if (!names.full(name)) continue;
      const [head, ...particle] = verb.split(' ');
      const base = infinitive(head ?? verb);
      if (base === '' || base === head) continue;
      const question = `Why did ${name} ${[base, ...particle].join(' ')}?`;
      if (asked.has(question)) continue;
      asked.add(question);
      out.push({ question, kind: 'reason', weight: sentence.sources.length + (actor?.mentions ?? 0), source: sentence.text, expect: reason.text, actor: surname(name), verb: head ?? verb });
      break;
    }
  }
  return out;
}

/**
 * Whether the Q&A's answer states the fact the question was made from: that sentence, or one with
 * the same span. Roles and quotes are bound to their person by the Q&A itself, and a date or place
 * of the thread's event may come from any sentence about that event.
 */
function sameFact(candidate: Candidate, text: string, highlight: string | undefined): boolean {
  if (candidate.headline === true) return headlineFact(candidate, text, highlight);
  // "When did the election take place?" is not answered by how long something has been so ("has represented the district since 1997").
  if (candidate.kind === 'date' && /^since\b/i.test(highlight ?? '')) return false;
  // "Who is the House Speaker?" is answered by the name it was made from, not by another name in its sentence.
  if (candidate.kind === 'entity' && candidate.expect !== '') return highlight !== undefined && surname(highlight) === surname(candidate.expect);
  // "What did Steele say about Afghanistan?" is answered by his words that name Afghanistan.
  if (candidate.topic !== undefined) return namesWord(ownWords(highlight ?? '').toLowerCase(), candidate.topic.toLowerCase());
  if (text === candidate.source || highlight === candidate.expect) return true;
  // "$1.8bn", "$1.8B" and "$1.8 billion" are one amount.
  if (candidate.kind === 'money' && highlight !== undefined && amountOf(highlight) !== null && amountOf(highlight) === amountOf(candidate.expect)) return true;
  if (candidate.kind === 'role' || candidate.kind === 'quote') return true;
  if ((candidate.kind === 'event' || candidate.kind === 'reason') && candidate.actor !== undefined && candidate.verb !== undefined) {
    // The verb in any tense: "announced", "announces", "announcing" share their first letters but the last two.
    const root = candidate.verb.slice(0, Math.max(4, candidate.verb.length - 2));
    // As a verb, not its noun: "Huckabee made the announcement in his hometown" says where, not what he announced.
    const forms = text.match(new RegExp(`\\b${root}\\w*`, 'gi')) ?? [];
    const verb = candidate.verb.toLowerCase();
    const added = (form: string) => (form.toLowerCase().startsWith(verb) ? form.slice(verb.length) : form.slice(root.length));
    return text.includes(candidate.actor) && forms.some((form) => !VERB_NOUN_ENDING.test(added(form)));
  }
  if (candidate.kind === 'date' || candidate.kind === 'place') {
    const event = /the (?:\S+ )?(\S+) (?:take place|was|were)\?$/.exec(candidate.question)?.[1] ?? /the (\S+)\?$/.exec(candidate.question)?.[1];
    return event !== undefined && new RegExp(`\\b${event}\\b`, 'i').test(text);
  }
  return false;
}

/** What a noun adds to a verb ("announce" → "announcement", "decide" → "decision", "approve" → "approval"); "offers", "offered" add none of these. */
const VERB_NOUN_ENDING = /(?:ment|ion|al|er|or|ance|ence)s?$/i;

/**
 * A headline candidate's answer: a sentence in which its actor does its verb (any tense), with a
 * span of the asked type; for "Who did X marry?", the very person the headline named.
 */
function headlineFact(candidate: Candidate, text: string, highlight: string | undefined): boolean {
  // "What did the study find?" is answered by a statement that names a study (any study word), never by a question.
  if (candidate.finding !== undefined) return new RegExp(`\\b(?:${candidate.finding})\\b`, 'i').test(text) && !/\?\s*$/.test(text);
  if (candidate.actor === undefined || candidate.verb === undefined) return false;
  // The actor does it, now or in the past: "Apple releases …", "Apple has released …", "Apple, which …, released …";
  // not "Google to release …" (not yet) nor "UberConference Launches Google Docs Add-on" (someone else).
  const root = candidate.verb.slice(0, Math.max(3, Math.min(candidate.verb.length - 2, 5)));
  const actor = escapeRegExp(candidate.actor);
  // A price or an index moves in any of its direction's words, and the thing may be qualified after its name ("oil futures slump").
  const acted =
    candidate.says !== undefined
      ? new RegExp(`(?<![\\p{L}\\p{N}])${actor}(?:['’]s)?(?:\\s+[\\p{L}\\p{N}$.-]+){0,${candidate.says.gap}}\\s+(?:${candidate.says.words})(?![\\p{L}])`, 'iu')
      : candidate.future === true
        ? new RegExp(`(?<![\\p{L}\\p{N}])${actor}(?:,[^,]{1,80},)?\\s+(?:(?:is|are)\\s+)?(?:to|will|set\\s+to|plans?\\s+to|agrees?\\s+to|expected\\s+to|aims?\\s+to)\\s+${root}`, 'iu')
        : new RegExp(`(?<![\\p{L}\\p{N}])${actor}(?:,[^,]{1,80},)?(?:\\s+(?:has|have|had|also|now|officially|finally|on\\s+\\p{Lu}\\p{Ll}+day))*\\s+${root}`, 'iu');
  if (!acted.test(text)) return false;
  // "What is SAC Capital's new name?" is answered by a sentence that gives the name, not by "SAC Capital takes new name".
  if (candidate.kind === 'event') return candidate.expect === '' || text.includes(candidate.expect.split(' ')[0]!);
  if (highlight === undefined) return false;
  if (candidate.kind === 'entity') return surname(highlight) === surname(candidate.expect);
  // "How much did McDonald's sales fall?" is answered by a percentage, not by the year it fell in.
  if (PERCENT.test(candidate.expect)) return PERCENT.test(highlight);
  // "How much did gas prices rise? → 10 cents": an answer gives a number of that unit.
  const unit = EXPECTED_UNIT.exec(candidate.expect)?.[1];
  if (unit !== undefined) return new RegExp(`${escapeRegExp(highlight)}\\s+${unit.replace(/s$/, '')}`, 'i').test(text);
  return true;
}

/** The unit a headline's move was asked with ("10 cents"), the same units headline-questions.ts reads. */
const EXPECTED_UNIT = new RegExp(`\\s(${MOVE_UNITS})$`, 'i');

const SCALES: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, mln: 1e6, million: 1e6, b: 1e9, bn: 1e9, bln: 1e9, billion: 1e9, t: 1e12, trillion: 1e12 };
/** The value of an amount as printed ("$1.8bn" → 1.8e9), or null when it is not one figure with an optional scale. */
export function amountOf(text: string): number | null {
  const match = /(\d[\d,]*(?:\.\d+)?)\s?(thousand|million|billion|trillion|bln|mln|bn|mn|[kmbt])?\b/i.exec(text);
  if (match?.[1] === undefined) return null;
  const value = Number(match[1].replace(/,/g, ''));
  const scale = match[2] === undefined ? 1 : (SCALES[match[2].toLowerCase()] ?? 1);
  return Number.isFinite(value) ? value * scale : null;
}

/** Verbs in their base form; compromise conjugates irregular ones ("sought" → "seek"). Memoised: a thread repeats its verbs. */
const infinitives = new Map<string, string>();
function infinitive(verb: string): string {
  let base = infinitives.get(verb);
  if (base === undefined) {
    base = nlp(verb).verbs().toInfinitive().text().trim();
    if (infinitives.size > 5_000) infinitives.clear();
    infinitives.set(verb, base);
  }
  return base;
}

export function clearQuestionCaches(): void {
  infinitives.clear();
}

/** Subject, past-tense verb and object at the start of a sentence: "Trump declared a national emergency". */
/** The person or organisation a sentence opens with: in its first 40 characters, after nothing but a title or a few lower-case words. */
function openingActor(sentence: string, spans: readonly Span[]): Span | undefined {
  const subject = spans.find((span) => span.type === 'person' || span.type === 'org');
  if (subject === undefined || subject.start > 40) return undefined;
  const lead = sentence.slice(0, subject.start).replace(SUBJECT_LEAD, '');
  if (lead.trim() !== '' && !spans.some((span) => span.type === 'role' && span.end <= subject.start)) return undefined;
  return subject;
}

function clauseOf(sentence: string, spans: readonly Span[], actors: Actors, names: NameCheck, appositive = false): { subject: Span; verb: string; object: string } | null {
  const subject = openingActor(sentence, spans);
  if (subject === undefined || THING_NAME.test(subject.text)) return null;
  const known = names.full(subject.text) || (subject.type === 'org' && /\s/.test(subject.text)) || (actors.get(surname(subject.text).toLowerCase())?.mentions ?? 0) >= 2;
  if (!known) return null;
  // "Witkoff, the U.S. special envoy, held talks with Putin …": an appositive between the subject and its verb, for the
  // when and where questions only ("Who resigned from Congress?" would take the sentence a why question answers better).
  const after = sentence.slice(subject.end);
  const skipped = appositive ? (/^,\s+(?:the|a|an)\s[^,;"“”]{3,80},/.exec(after)?.[0] ?? '') : '';
  const rest = /^\s+([a-z]+)\s+([^,;.:"“”]{6,60}?)(?=[,;.:"“”]|\s+(?:on|in|at|of|after|before|as|when|because|amid|during|but|and|which|while|to|that|was|were|is|would|will|last|this|next|early|late)\b|$)/.exec(after.slice(skipped.length));
  if (rest?.[1] === undefined || rest[2] === undefined || !PAST_VERB.test(rest[1]) || /^(?:said|told|added|noted|reported|wrote|asked)$/.test(rest[1])) return null;
  const object = naturalObject(rest[2], sentence.slice(subject.end + skipped.length + rest[0].length));
  if (object === null || COMPLEMENT_VERBS.test(rest[1])) return null;
  return { subject, verb: rest[1], object };
}

/** Names of things, not actors: "Who argued for preventive strikes?" is not answered by "the Bush Doctrine". */
const THING_NAME = /\b(?:Doctrine|Act|Bill|Plan|Amendment|Law|Rule|Program|Programme|Initiative|Treaty|Accord|Agreement|Report|Policy|Resolution)$/;
/** Verbs that need more than an object to say anything: "Who urged lawmakers?", "Who called the law?". */
const COMPLEMENT_VERBS = /^(?:urged|asked|called|named|labell?ed|dubbed|described|suggested|wanted|tried|planned|appeared|seemed|decided|declined|expected|agreed|concluded|found|maintained|claimed|insisted|believed|considered|became|remained|made|let|helped|forced|allowed|encouraged|referred|went|got|took|kept|sought)$/;
const DATE_WORDS = /\b(?:(?:on|early|late|last|this|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|tonight)(?:\s+(?:morning|afternoon|evening|night))?\b|\b(?:in|on|since|by)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?\b/g;
/** Lexicon tags a question cannot end on: "… several controversial?", "… confirmed Thursday it?". */
const DANGLING_TAGS = /^(?:Adjective|Comparative|Superlative|Gerund|Preposition|Conjunction|Determiner|Pronoun|Adverb|Possessive|Modal|Copula|Ordinal|Value|Cardinal|QuestionWord)$/;

/**
 * The object of a clause as a question can end on it, or null: dates are dropped ("Who agreed on
 * Friday?" says nothing), and an object that opens with a particle, a pronoun or "that", ends on
 * an adjective, a gerund, a function word or a cut name ("Mr", "U"), or was cut before "to"/"that"
 * (the rest of what was done) does not read as a question.
 */
function naturalObject(raw: string, after: string): string | null {
  // "issued a statement calling the tax deal “a steep price”": the object goes on inside the quotation.
  if (/^\s*(?:to|that)\b|^\s*["“]/.test(after)) return null;
  const object = raw.replace(DATE_WORDS, ' ').replace(/\s+/g, ' ').trim();
  // A day inside a title ("host 'Saturday Night Live'") is no date: cutting it leaves a stray quotation mark.
  if (/(?:^|\s)['"‘’“”](?:\s|$)/.test(object)) return null;
  const parts = object.split(' ');
  const first = parts[0] ?? '';
  const last = (parts.at(-1) ?? '').replace(/['’]s$/, '');
  if (object.length < 4 || parts.length > 9) return null;
  if (/^(?:back|by|up|down|out|off|on|in|over|that|it|them|him|her|this|those|these|itself|himself|herself|later|briefly|even|also|again)$/i.test(first)) return null;
  // "some of those questions" points back at a sentence the reader has not seen.
  if (/\b(?:those|these|such|it|them)\b/i.test(object)) return null;
  if (/^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|first|last|many|more|most|times)$/i.test(last) || /^\p{Lu}\.?$/u.test(last) || last.length < 2) return null;
  if (/^\p{Ll}/u.test(last) && (DANGLING_TAGS.test(lexiconTag(last) ?? '') || /ing$/.test(last))) return null;
  return object;
}

/** Verbs whose object is what the reader wants to know: "What did Huckabee announce?". */
const EVENT_VERBS = 'announced|unveiled|proposed|signed|vetoed|introduced|released|launched|ordered|pledged|vowed|promised|admitted|denied|rejected|approved|revealed|disclosed|confirmed|apologized for|apologised for|called for|demanded|offered|ruled out';
/** Verbs whose object is a person or a group: "Who did Arpaio endorse?". */
const WHOM_VERBS = 'endorsed|nominated|appointed|hired|fired|picked|chose|sued|defeated|unseated';
const EVENT_AFTER_SUBJECT = new RegExp(`^(?:,[^,;"“”]{3,100},)?\\s+(?:(?:on\\s+)?\\p{Lu}\\p{Ll}+day\\s+|(?:also|officially|formally|publicly|quickly|later|then|again)\\s+){0,2}(${EVENT_VERBS}|${WHOM_VERBS})\\b`, 'u');
const WHOM_VERB = new RegExp(`^(?:${WHOM_VERBS})$`);

/**
 * "What did Mike Huckabee announce?" / "Who did Joe Arpaio endorse?" from a sentence in which a
 * named actor does one of these things; the answer is that sentence.
 */
function eventQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck): Candidate[] {
  const out: Candidate[] = [];
  const asked = new Set<string>();
  for (const { sentence, spans } of facts) {
    for (const subject of spans) {
      if (subject.type !== 'person' || subject.start > 60) continue;
      const match = EVENT_AFTER_SUBJECT.exec(sentence.text.slice(subject.end));
      const verb = match?.[1];
      if (verb === undefined) continue;
      const actor = actors.get(surname(subject.text).toLowerCase());
      const name = personName(actor !== undefined && names.full(actor.name) ? actor.name : subject.text);
      if (!names.full(name) && (actor?.mentions ?? 0) < 3) continue;
      const [head, ...particle] = verb.split(' ');
      const base = infinitive(head ?? verb);
      if (base === '' || base === head) continue;
      const phrase = [base, ...particle].join(' ');
      const whom = WHOM_VERB.test(verb);
      const verbEnd = subject.end + (match?.index ?? 0) + (match?.[0].length ?? 0);
      // "Who did Arpaio endorse?" is answered by the person endorsed here; "What did Huckabee announce?" by this sentence.
      // Someone is endorsed or fired, not "fired off a tweet": the object is a person or a body with an organisation's name.
      const object = whom ? spans.find((span) => (span.type === 'person' || (span.type === 'org' && /\s/.test(span.text))) && span.start >= verbEnd && span.start <= verbEnd + 30) : undefined;
      if (whom && /^\s*(?:off|back|up|out)\b/.test(sentence.text.slice(verbEnd))) continue;
      if (whom && object === undefined) continue;
      const question = whom ? `Who did ${name} ${phrase}?` : `What did ${name} ${phrase}?`;
      if (asked.has(question)) continue;
      asked.add(question);
      // "What did Huckabee announce?" is answered by any sentence in which he announces; "Who did he endorse?" by whom he endorsed.
      out.push({ question, kind: whom ? 'entity' : 'event', weight: sentence.sources.length + (actor?.mentions ?? 0), source: sentence.text, expect: object?.text ?? '', ...(whom ? {} : { actor: surname(name), verb: head ?? verb }) });
      break;
    }
  }
  return out;
}

/** "When did Trump declare a national emergency?" / "Where did Witkoff meet Putin?" from a sentence stating it with a date or place. */
function whenWhereQuestions(facts: readonly SentenceFacts[], actors: Actors, names: NameCheck, fullNames: FullNames): Candidate[] {
  const out: Candidate[] = [];
  for (const { sentence, spans } of facts) {
    if (out.length >= 6) break;
    const date = spans.find((span) => span.type === 'date' && !/^(?:19|20)\d{2}$/.test(span.text));
    const place = spans.find((span) => span.type === 'place' && LOCATED.test(sentence.text.slice(Math.max(0, span.start - 12), span.start)));
    if (date === undefined && place === undefined) continue;
    const clause = clauseOf(sentence.text, spans, actors, names, true);
    if (clause === null) {
      out.push(...motionQuestions(sentence, spans, actors, names, fullNames));
      continue;
    }
    // "Zac Efron mobbed at airport" is passive: "When did Zac Efron mob at airport?" would misread it.
    if (sentence.headline === true && /ed$/.test(clause.verb) && PASSIVE_COMPLEMENT.test(clause.object)) continue;
    const base = infinitive(clause.verb);
    if (base === '' || base === clause.verb) continue;
    // "When did Huckabee run …?" names him as the thread does in full: "When did Mike Huckabee run …?".
    const full = clause.subject.type === 'person' && !/\s/.test(clause.subject.text) ? soleFullName(fullNames, clause.subject.text) : undefined;
    const subject = full !== undefined ? personName(full) : actorName(clause.subject);
    const asked = `${subject} ${base} ${clause.object}`;
    if (date !== undefined && !clause.object.includes(date.text)) out.push({ question: `When did ${asked}?`, kind: 'date', weight: sentence.sources.length, source: sentence.text, expect: date.text });
    if (place !== undefined && !clause.object.includes(place.text)) out.push({ question: `Where did ${asked}?`, kind: 'place', weight: sentence.sources.length, source: sentence.text, expect: place.text });
  }
  return out;
}

/** Verbs of going somewhere, whose place follows a preposition rather than an object: "landed in Moscow", "flew to Jeddah". */
const MOTION_AFTER_SUBJECT = /^(?:,[^,;"“”]{3,140},)?\s+(?:(?:has|had)\s+)?(landed|arrived|flew|travell?ed|returned|headed)\s+(in|to|at|into|for)\s+(the\s+)?$/;

/**
 * "When did Steve Witkoff land in Moscow?" / "Where did Steve Witkoff fly?" from "Special envoy Steve
 * Witkoff landed in Moscow on Thursday …", "Steve Witkoff, the White House special envoy …, flew to
 * Moscow on Thursday …": a named actor going to a place, which the clause questions cannot ask (their
 * object never opens with a preposition).
 */
function motionQuestions(sentence: IndexedSentence, spans: readonly Span[], actors: Actors, names: NameCheck, fullNames: FullNames): Candidate[] {
  const subject = openingActor(sentence.text, spans);
  if (subject === undefined) return [];
  const known = names.full(subject.text) || (actors.get(surname(subject.text).toLowerCase())?.mentions ?? 0) >= 2;
  if (!known) return [];
  let place: Span | undefined;
  let motion: RegExpExecArray | null = null;
  for (const span of spans) {
    if (span.type !== 'place' || span.start <= subject.end) continue;
    motion = MOTION_AFTER_SUBJECT.exec(sentence.text.slice(subject.end, span.start));
    if (motion === null) continue;
    place = span;
    break;
  }
  const verb = motion?.[1];
  if (place === undefined || verb === undefined || motion?.[2] === undefined) return [];
  const preposition = `${motion[2]}${motion[3] === undefined ? '' : ' the'}`;
  const base = infinitive(verb);
  if (base === '' || base === verb) return [];
  const full = subject.type === 'person' && !/\s/.test(subject.text) ? soleFullName(fullNames, subject.text) : undefined;
  const who = full !== undefined ? personName(full) : actorName(subject);
  const out: Candidate[] = [{ question: `Where did ${who} ${base}?`, kind: 'place', weight: sentence.sources.length, source: sentence.text, expect: place.text }];
  // The date of the trip: after the place ("landed in Moscow on Thursday"), never a date the sentence gives something else.
  const date = spans.find((span) => span.type === 'date' && span.start >= place.end && span.start - place.end <= 4 && !/^(?:19|20)\d{2}$/.test(span.text));
  if (date !== undefined) out.push({ question: `When did ${who} ${base} ${preposition} ${place.text}?`, kind: 'date', weight: sentence.sources.length, source: sentence.text, expect: date.text });
  return out;
}

/** Mentions in full a person needs before a bare surname opening a sentence is taken for them. */
const MIN_FULL_MENTIONS = 2;

/** The people a thread names in full, by surname, each full name with the sentences printing it. */
type FullNames = Map<string, Map<string, number>>;

function fullNamesOf(facts: readonly SentenceFacts[]): FullNames {
  const fullNames: FullNames = new Map();
  for (const { spans } of facts) {
    for (const span of spans) {
      if (span.type !== 'person' || !FULL_NAME.test(span.text) || !looksLikePersonName(span.text)) continue;
      const byName = fullNames.get(surname(span.text)) ?? new Map<string, number>();
      byName.set(span.text, (byName.get(span.text) ?? 0) + 1);
      fullNames.set(surname(span.text), byName);
    }
  }
  return fullNames;
}

/**
 * The one person a bare surname stands for: the full name the thread prints most for it, when the
 * thread names them in full at least twice and names nobody else of that surname ("Trump" is not
 * "Melania Trump" in a thread that also names Donald Trump).
 */
function soleFullName(fullNames: FullNames, bare: string): string | undefined {
  const people = [...(fullNames.get(bare)?.entries() ?? [])];
  const initials = new Set(people.map(([name]) => name.charAt(0)));
  if (initials.size !== 1 || people.reduce((sum, [, count]) => sum + count, 0) < MIN_FULL_MENTIONS) return undefined;
  return people.sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0];
}

/**
 * A surname that opens a sentence ("Lauten later apologized …", "Stone, 66, was taken …") is no
 * name span (any capitalised word may open a sentence), but in a thread that names that one person
 * in full it is them: the sentence gets a person span for it.
 */
function withOpeningSurnames(facts: readonly SentenceFacts[], fullNames: FullNames): SentenceFacts[] {
  return facts.map((fact) => {
    const opening = /^(\p{Lu}[\p{Ll}'’-]+)(?=[\s,])/u.exec(fact.sentence.text)?.[1];
    if (opening === undefined || fact.spans.some((span) => span.start === 0) || soleFullName(fullNames, opening) === undefined) return fact;
    return { ...fact, spans: [{ type: 'person' as const, start: 0, end: opening.length, text: opening }, ...fact.spans] };
  });
}

/** Kinds in the order a reader's curiosity runs; the final list takes them round-robin. */
const KIND_ORDER: Candidate['kind'][] = ['role', 'money', 'date', 'entity', 'event', 'number', 'quote', 'place', 'reason'];

export function suggestQuestions(index: readonly IndexedSentence[], limit = MAX_SUGGESTED): SuggestedQuestion[] {
  const statements = index.filter((sentence) => !isQuestionSentence(sentence.text));
  // Sentences printed by more outlets come first: they are the thread's shared facts.
  const read = [...statements].sort((a, b) => b.sources.length - a.sources.length || a.published - b.published).slice(0, MAX_SENTENCES_READ);
  const typed: SentenceFacts[] = read.map((sentence) => ({ sentence, spans: findSpans(sentence.text) }));
  const fullNames = fullNamesOf(typed);
  const facts = withOpeningSurnames(typed, fullNames);
  const names = namesOf(facts);
  const spansBySentence = new Map(facts.map((fact) => [fact.sentence, fact.spans]));
  const actors = mainActors(facts, names);
  const event = mainEvent(read);
  const candidates = [
    ...roleQuestions(facts, actors, names),
    ...titleHolderQuestions(facts, names),
    ...moneyQuestions(facts),
    ...dateAndPlaceQuestions(facts, event, actors, names),
    ...whenWhereQuestions(facts, actors, names, fullNames),
    ...entityQuestions(facts, actors, names),
    ...numberQuestions(facts),
    ...ageQuestions(facts, names),
    ...durationQuestions(facts),
    ...quoteQuestions(facts, event, actors, names),
    ...topicQuoteQuestions(facts, actors, names),
    ...reasonQuestions(facts, fullNames),
    ...outcomeReasonQuestions(facts, actors, names),
    ...eventQuestions(facts, actors, names),
    ...headlineQuestions(read, (sentence) => spansBySentence.get(sentence) ?? [], (actor) => (/\s/.test(actor) ? actor : soleFullName(fullNames, actor) ?? actor)),
  ];
  const byKind = new Map<Candidate['kind'], Candidate[]>();
  for (const candidate of candidates) {
    const list = byKind.get(candidate.kind) ?? [];
    list.push(candidate);
    byKind.set(candidate.kind, list);
  }
  for (const list of byKind.values()) list.sort((a, b) => b.weight - a.weight || a.question.localeCompare(b.question));

  const chosen: SuggestedQuestion[] = [];
  const askedKeys = new Set<string>();
  const answeredWith = new Set<string>();
  const answeredFacts = new Set<string>();
  const eventActorWords = new Set<string>();
  // Each try asks the Q&A once; the cap keeps a thread of many names within a bounded cost.
  let tries = 0;
  const take = (kinds: readonly Candidate['kind'][], maxTries: number) => {
  let progress = true;
  while (chosen.length < limit && progress && tries < maxTries) {
    progress = false;
    for (const kind of kinds) {
      if (chosen.length >= limit) break;
      const list = byKind.get(kind);
      while (list !== undefined && list.length > 0) {
        const candidate = list.shift();
        if (candidate === undefined) break;
        const key = candidate.question.toLowerCase();
        if (askedKeys.has(key)) continue;
        askedKeys.add(key);
        tries += 1;
        const answer = answerQuestion(candidate.question, index, { maxSentences: 1, minCoverage: 0.5 });
        const best = answer.sentences[0];
        // The Q&A must find the fact the question was made from (that sentence, or another stating the same span).
        if (answer.status !== 'answered' || best === undefined) continue;
        // Roles and quotes are bound to their person by the Q&A itself, so any answer about that person counts.
        if (!sameFact(candidate, best.text, best.highlight)) continue;
        // Two questions answered by one sentence are one question asked twice (and would print the sentence twice).
        if (answeredWith.has(best.text)) continue;
        // "How much is the Jos. A. Bank deal worth?" and "How much is the sale worth?" with one answer are one question.
        // One amount however printed ("$1.8bn", "$1.8 billion", "$1.8B") is one fact too.
        const amount = candidate.kind === 'money' && best.highlight !== undefined ? amountOf(best.highlight) : null;
        // "Why did copper fall?" and "Why did copper slip?" ask one thing, whatever cause each answer gives.
        const factKey =
          candidate.says !== undefined
            ? `says|${surname(candidate.actor ?? '').toLowerCase()}|${candidate.says.words}`
            : `${candidate.kind}|${amount ?? (best.highlight ?? best.text).toLowerCase().replace(/[^a-z0-9.]/g, '')}`;
        // "What did Neil Young unveil?" and "What did Neil Young launch?" ask one thing, as do "What did Sheryl Sandberg
        // launch?" and "What did Facebook COO Sheryl Sandberg launch?": one such headline question per actor.
        // Likewise one headline "Why did X …?" per actor: "Why did Honda make Acura a stand-alone division?" and "Why did Honda
        // split Acura into its own division?" ask one thing, each headline giving its own words for the purpose.
        // (A price's move is keyed by what moved, below.)
        const perActor = candidate.headline === true && (candidate.kind === 'event' || (candidate.kind === 'reason' && candidate.says === undefined));
        const actorWords = perActor ? (candidate.actor ?? '').toLowerCase().split(' ').map((word) => `${candidate.kind}|${word}`) : [];
        if (actorWords.some((word) => eventActorWords.has(word))) continue;
        for (const word of actorWords) eventActorWords.add(word);
        if (candidate.kind !== 'role' && candidate.kind !== 'quote' && candidate.kind !== 'topic' && answeredFacts.has(factKey)) continue;
        answeredFacts.add(factKey);
        answeredWith.add(best.text);
        chosen.push({ question: candidate.question, answer: best.text, sources: best.sources, ...(best.highlight !== undefined ? { highlight: best.highlight } : {}) });
        progress = true;
        break;
      }
    }
  }
  };
  take(KIND_ORDER, MAX_TRIES);
  // "What did Perry say about religion?" asks a speaker again, about one topic: only once the other kinds are spent.
  take(['topic'], tries + MAX_TOPIC_TRIES);
  return chosen;
}
