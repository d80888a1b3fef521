import { isPartyStateTag } from './party-state.js';
import { isCommonWord, isFirstName, lexiconTag, looksLikePersonName, OFFICE_WORDS } from './person-names.js';
import { MAX_PLACE_WORDS, PLACE_NAMES } from './places.js';

/**
 * Typed spans of a sentence: the money amounts, numbers, dates, places, names and reasons in it.
 * Q&A uses them to prefer a sentence that holds the kind of answer asked for, and to mark it;
 * question generation uses them to know what a thread's sentences can answer. Rules, not a model:
 * news copy states amounts, dates and names in a few regular forms, and rules run in microseconds
 * per sentence (an NLP library such as compromise costs milliseconds per paragraph, too slow for a
 * 500-article thread).
 */

export type SpanType = 'person' | 'org' | 'money' | 'number' | 'date' | 'place' | 'reason' | 'role' | 'quote';

export interface Span {
  type: SpanType;
  start: number;
  end: number;
  text: string;
  /** For a role or a quote: the person it belongs to (the named person it describes, or the speaker). */
  subject?: string;
}

// "bln" and "mln" are the wires' (Reuters) abbreviations: "$19 bln loss".
const SCALE = '(?:million|billion|trillion|bn|mn|bln|mln|thousand|hundred)';
const CURRENCY_WORD = '(?:dollars|euros|pounds|yen|yuan|rubles|roubles|rupees|francs|pesos|won)';
const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|hundreds|thousands|millions|dozens|dozen|a dozen|half)';
const MONEY = new RegExp(
  `(?:US|C|A|HK)?[$€£¥₽]\\s?\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?(?:\\s?${SCALE}\\b|[mbk]\\b)?|\\b\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?\\s?${SCALE}?\\s?${CURRENCY_WORD}\\b`,
  'gi',
);
const NUMBER = new RegExp(
  `\\b\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?(?:\\s?(?:%|percent|per cent)|\\s${SCALE}\\b)?|\\b${NUMBER_WORD}(?:\\s${SCALE})?\\b(?=\\s+[a-z])`,
  'gi',
);
/** "45th", "27th": which one of a series ("the 45th president", "the 27th District"); "first" and "second" are too common to type. */
const ORDINAL = /\b\d{1,3}(?:st|nd|rd|th)\b(?=\s+[\p{Ll}\p{Lu}])/gu;
/** "97-1", "134 to 63", "234-193": a vote's tally, read as one number in a sentence about a vote or seats. */
const TALLY = /\b\d{1,3}(?:\s?[-–]\s?|\s(?:to)\s|-to-)\d{1,3}\b(?![-–]\d|\s?(?:percent|%|a\.m|p\.m))/g;
const VOTE_WORDS = /\b(?:vote|votes|voted|voting|tally|ballot|ballots|seat|seats|margin|passed|approved|override|overrode|confirmed|rejected|defeated|won)\b/i;
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const DATE = new RegExp(
  [
    `\\b${MONTH}\\s\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s\\d{4})?\\b`,
    `\\b\\d{1,2}\\s${MONTH}(?:\\s\\d{4})?\\b`,
    // "until Feb. 15" is one date: a month abbreviation's dot does not end it before its day.
    `\\b(?:(?:in|since|by|until|from|during) )?(?:early |late |mid-?)?${MONTH}(?:\\s\\d{4})?\\b(?!\\.?\\s\\d)`,
    `\\b(?:in|since|by|until|from|during) (?:early |late |mid-?)?(?:19|20)\\d{2}\\b`,
    `\\b(?:(?:last|next|this|on|early|late)\\s)?${WEEKDAY}(?:\\s(?:morning|afternoon|evening|night))?\\b`,
    `\\b(?:last|next|this|earlier this|later this)\\s(?:week|weekend|month|year|spring|summer|fall|autumn|winter)\\b`,
    `\\b(?:yesterday|today|tomorrow|tonight)\\b`,
    // When something happened, counted back from now: "15 years ago", "two weeks ago".
    `\\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\\d{1,4}) (?:days?|weeks?|months?|years?|decades?) ago\\b`,
    // When something is due, counted from now: "in two weeks", "within a month".
    `\\b(?:in|within) (?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\\d{1,2}) (?:days?|weeks?|months?|years?)\\b`,
    `\\b\\d{1,2}(?::\\d{2})?\\s?(?:a\\.m\\.|p\\.m\\.|am\\b|pm\\b)`,
    `\\b(?:19|20)\\d{2}\\b`,
    // "he wished it was 1825": an earlier year, unless it counts something ("1700 troops").
    `\\b1[6-8]\\d{2}\\b(?![\\s-]+(?:[a-z]+s\\b|percent\\b|[A-Z]))`,
    // Holidays are days: "on Thanksgiving", "by Christmas Eve" (and nobody's name: "Thanksgiving turkeys").
    `\\b(?:Christmas(?: Eve| Day)?|Thanksgiving(?: Day)?|Easter(?: Sunday)?|Hanukkah|Halloween|Passover|New Year['’]s(?: Eve| Day)?|Memorial Day|Labor Day|Independence Day|Election Day|Veterans Day|Valentine['’]s Day)\\b`,
  ].join('|'),
  'g',
);
/** Clauses that give a reason or cause. */
const REASON = /\b(?:because(?: of)?|due to|owing to|as a result of|in order to|in response to|in protest|after|amid|following|over concerns?|so that|since|citing|blamed)\b[^.;!?,]*/gi;

/**
 * A purpose clause: "… makes Acura a stand-alone division to boost its luxury lineup", "recalls SUVs
 * to fix a brake pedal problem". Only after a noun or a pronoun (a verb or an adjective before "to"
 * takes an infinitive that is no purpose: "plans to boost", "likely to fix"), and only with verbs of
 * an aim, so "a bill to fund the government" counts and "a trip to Paris" does not.
 */
const PURPOSE = /(?<=\b[\p{L}\d'’-]+\s)to\s+(?:boost|spur|fix|revitali[sz]e|revive|cut|reduce|save|lower|raise|fund|help|avoid|prevent|protect|stop|block|expand|attract|lure|woo|win|compete|combat|fight|address|settle|ease|improve|strengthen|accelerate|bolster|shore up|offset|speed|streamline|simplify|tackle|curb|counter|meet|satisfy|appease|resolve|replace)\b[^.;!?,]*/giu;
/** Words before "to" that make what follows a complement, not a purpose: "plans to cut", "set to boost", "in order to" is read by REASON. */
const NOT_PURPOSE_BEFORE = /(?:^|\s)(?:plans?|planned|planning|wants?|wanted|agreed?|agrees|set|expected|aims?|aimed|tries|tried|trying|decided|decides|going|has|have|had|need|needs|needed|able|unable|likely|unlikely|ready|enough|order|bid|effort|efforts|attempt|attempts|move|moves|moved|vote|voted|votes|seeks?|sought|hopes?|hoped|promised|promises|pledged|pledges|vowed|vows|threatened|threatens|refused|refuses|failed|fails|began|begins|continues|continued|struggled|struggles|working|looking|push|pushes|pushed|proposal|proposed|proposes|plan|promise|pledge|chance|way|ways|time|right|power|ability|authority|opportunity|pressure|is|are|was|were|be|been|being|used|helps?|helped|urged|urges|asked|asks|allowed|allows|called|calls|forced|would|will|to|not|said|says)\s+$/iu;
/** Nouns that say what a person does: a sentence naming someone next to one of these says their role. */
const ROLE_NOUNS =
  'envoy|president|vice president|secretary|minister|prime minister|chancellor|spokesman|spokeswoman|spokesperson|chief|ceo|chairman|chairwoman|chair|director|adviser|advisor|official|senator|governor|ambassador|negotiator|founder|co-founder|host|leader|head|executive|analyst|commander|general|judge|justice|attorney|lawyer|lawmaker|representative|congressman|congresswoman|candidate|aide|mayor|king|queen|prince|emperor|pope|owner|investor|developer|creator|designer|author|actor|actress|singer|star|coach|player|captain|economist|professor|researcher|scientist|doctor|officer|prosecutor|speaker|strategist|diplomat|emissary|mediator|partner|member|manager|editor|reporter|correspondent|commentator|activist|billionaire|businessman|businesswoman|magnate|banker|chief executive|press secretary|tycoon|whip|nominee|staffer|lobbyist|sheriff|pastor|bishop|rabbi|anchor|pundit|columnist|blogger|contributor|treasurer|commissioner|superintendent|publisher|organizer|organiser|chaplain|consultant|fundraiser|donor';
/** Words that qualify a role noun ("special envoy", "former deputy secretary"). */
const ROLE_MODIFIERS = 'special|former|top|chief|senior|deputy|acting|longtime|foreign|national|security|economic|trade|press|assistant|vice|lead|then|current|interim|executive|managing|general|state|federal|presidential|prime|defense|defence|finance|interior|health|energy|climate|commerce';
const ROLE_WORDS = new Set(ROLE_NOUNS.split('|').filter((noun) => !noun.includes(' ')));
/** A title or role word before a name ("Sen.", "Agent", "President-elect", "Editor-in-Chief"). */
function isTitleWord(word: string): boolean {
  const head = word.replace(/-elect$/, '');
  return TITLES.test(head) || isRoleWord(head) || isRoleWord(head.split('-')[0] ?? head) || /^(?:Vice|Agent|Deputy|Acting)$/.test(head);
}

export function isRoleWord(word: string): boolean {
  return ROLE_WORDS.has(word.toLowerCase());
}

/** An alternation whose words match capitalised or not, leaving the rest of the pattern case-sensitive. */
export function eitherCase(alternation: string): string {
  return alternation.replace(/\b([a-z])/g, (letter) => `[${letter.toUpperCase()}${letter}]`);
}
const ROLE_NOUN = new RegExp(`\\b(?:${ROLE_NOUNS})s?\\b`, 'i');

const CAPITALISED = /^(?:\p{Lu}[\p{L}'’.&-]*|\p{Lu}\.)$/u;
const CONNECTORS = new Set(['of', 'de', 'van', 'von', 'der', 'la', 'le', 'del', 'da', 'bin', 'al', '&', 'and', 'the', 'for']);
const ORG_WORDS =
  /\b(?:Inc|Corp|Corporation|Co|Company|Ltd|LLC|Group|Holdings|Bank|Party|Department|Ministry|Agency|Administration|Council|Committee|Commission|Court|Congress|Senate|House|Parliament|University|College|Institute|Association|Federation|Union|Foundation|Fund|Authority|Board|Bureau|Service|Office|Organization|Organisation|Airlines|Motors|News|Times|Post|Journal|Network|Kremlin|Pentagon|NATO|UN|EU|FBI|CIA|NASA|FDA|SEC|GOP|Fed|Reserve|Microsoft|Google|Apple|Facebook|Twitter|Amazon|Security|Constitution|Act|Amendment|Street|Avenue|Road|Bridge|Center|Centre|Park|River|Island|Museum|Church|Hospital|School|Airport|Station|Conference|Summit|Games|Cup|League|Club|Day|Week|Bill|Plan|Program|Project|Street|Law|LLP)\b/;
const TITLES = /^(?:President|Sen|Senator|Rep|Representative|Gov|Governor|Secretary|Minister|Mr|Mrs|Ms|Dr|Prof|Gen|Judge|Justice|Speaker|Chancellor|Premier|King|Queen|Prince|Pope|Mayor|Envoy|Ambassador|Chairman|CEO|Spokesman|Spokeswoman|Spokesperson|Leader|Director|Commissioner|Attorney|General|Officer|Sgt|Lt|Col|Capt|Adm|Then|Former|Congressman|Congresswoman|Councilman|Councilwoman|Sheriff|Chief|Coach|Host|Justice|Lawmaker)\.?$/;
/** Capitalised words that open sentences or name calendar items: never a name on their own. */
const NOT_NAMES = new Set(
  'The A An In On At For But And Or If When While After Before As By With From This That These Those It Its He She They We I You His Her Their Our Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December Mr Mrs Ms There Here What Who Why How Where Which According Still Yet So Also However Meanwhile Earlier Later Last Next One Two Three No Not Some Many Most All Both Each Every Other Such Then Now Today Yesterday Tomorrow Though Although Despite During Since Because Under Over Among Even Just Only Instead Unlike Like Until Unless Whether Perhaps Indeed Already Again Further Rather Thus Hence Although Russian Ukrainian American British Chinese French German Israeli Iranian Syrian European Japanese Korean Mexican Canadian Indian Saudi Turkish Palestinian Italian Spanish Australian'.split(' '),
);

/** Party members ("Democrat", "Republicans"): a name ending in one describes someone rather than naming them. */
const PARTY_WORDS = /^(?:Democrats?|Republicans?|Democratic|Independents?|Libertarians?|Conservatives?|Liberals?|Tories|Tory|Socialists?)$/;

interface RawWord {
  text: string;
  start: number;
  end: number;
}

function rawWords(sentence: string): RawWord[] {
  const list: RawWord[] = [];
  for (const match of sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’.&-]*/gu)) {
    let text = match[0];
    // A sentence-final period belongs to the sentence, an initial's ("A.") or acronym's to the word.
    if (text.endsWith('.') && !/^(?:\p{Lu}\.)+$/u.test(text) && !/^(?:Jr|Sr|St|Jos|Mt|Ft|Gen|Sen|Rep|Gov|Dr|Mr|Mrs|Ms|Inc|Corp|Co|Ltd)\.$/.test(text)) text = text.slice(0, -1);
    if (text.endsWith("'s") || text.endsWith('’s')) text = text.slice(0, -2);
    // "CBS' “Face the Nation”": the possessive of a name ending in s is the name.
    else if (/^\p{Lu}\p{L}*[sS]['’]$/u.test(text)) text = text.slice(0, -1);
    list.push({ text, start: match.index, end: match.index + text.length });
  }
  return list;
}

/** Words of four letters or more a Title Case headline capitalises: nearly all of them. */
const TITLE_CASE_SHARE = 0.8;

/** A headline in Title Case ("Trump Bows Out as Moderator of GOP Debate"): its capitals mark no names. */
function isTitleCase(list: readonly RawWord[]): boolean {
  const long = list.filter((word) => /^\p{L}{4,}/u.test(word.text));
  return long.length >= 3 && long.filter((word) => /^\p{Lu}/u.test(word.text)).length / long.length > TITLE_CASE_SHARE;
}

/** Runs of capitalised words (with inner "of", "de", initials): the names of people, organisations and places. */
function nameSpans(sentence: string): Span[] {
  const list = rawWords(sentence);
  // In a Title Case headline ("Reserves Right to Run for President") a capital after "to" or "in" says nothing about a place.
  const titleCase = isTitleCase(list);
  const spans: Span[] = [];
  let index = 0;
  while (index < list.length) {
    const word = list[index];
    // "R-Va.", "D-Ill.": a party and a state, not a name.
    if (word === undefined || !CAPITALISED.test(word.text) || NOT_NAMES.has(word.text) || isTitleWord(word.text) || isPartyStateTag(word.text)) {
      index += 1;
      continue;
    }
    let last = index;
    let next = index + 1;
    while (next < list.length) {
      const candidate = list[next];
      if (candidate === undefined) break;
      const gap = sentence.slice(list[next - 1]?.end ?? 0, candidate.start);
      // "Men's Wearhouse": a possessive between two capitalised words stays inside the name, unless
      // a person's name follows ("Salesforce's Marc Benioff": the company's, then the person).
      const possessive = /^['’]s\s+$/.test(gap);
      if (!/^\s+$/.test(gap) && !(possessive && CAPITALISED.test(candidate.text))) break;
      if (possessive && isFirstName(candidate.text) && CAPITALISED.test(list[next + 1]?.text ?? '')) break;
      // "RNC Chair Reince Priebus": a title or role word ends one name and leads into the next.
      if (isTitleWord(candidate.text)) break;
      // Inside a name a lone capital is an initial ("Jos A Bank"), not the article "A".
      if (CAPITALISED.test(candidate.text) && (!NOT_NAMES.has(candidate.text) || /^\p{Lu}$/u.test(candidate.text))) last = next;
      else if (!CONNECTORS.has(candidate.text) || last !== next - 1) break;
      next += 1;
    }
    // "Secretary of State John Kerry", "Director of National Intelligence James Clapper": the office
    // words after a title's "of" (or before a known first name) belong to the title, not the name.
    const ofTitle = list[index - 1]?.text === 'of' && isTitleWord(list[index - 2]?.text ?? '');
    while (index < last && OFFICE_WORDS.has(list[index]?.text ?? '') && (ofTitle || list.slice(index + 1, last + 1).some((part) => isFirstName(part.text)))) index += 1;
    // "Watch Edward Snowden …", "Coach Bill Belichick": a common word before a known first name opens
    // the person's name rather than belonging to it (the lexicon knows "Watch" as a noun, so it passes
    // as a name word otherwise). A name word ("Mary Jane Smith") or an organisation stays.
    if (last - index >= 2 && isCommonWord(list[index]!.text) && isFirstName(list[index + 1]!.text) && looksLikePersonName(sentence.slice(list[index + 1]!.start, list[last]!.end))) index += 1;
    const first = list[index];
    const end = list[last];
    if (first !== undefined && end !== undefined) {
      const text = sentence.slice(first.start, end.end);
      const previous = list[index - 1];
      const following = list[last + 1];
      // "Former New York City Mayor …": a title before a name that itself leads into a role word titles the role, not the name.
      const titled = previous !== undefined && TITLES.test(previous.text) && !(following !== undefined && (TITLES.test(following.text) || isRoleWord(following.text)));
      const before = sentence.slice(0, first.start);
      const words = last - index + 1;
      // A single capitalised word opening the sentence (or a clause after a dash, colon or quote) may be any word.
      // Unless a speech verb follows: "Peskov said …" names its speaker ("Officials said" does not: plurals stay out).
      const speaks = SPEAKS_AFTER.test(sentence.slice(end.end)) && !/[^s]s$/.test(text);
      const atStart = words === 1 && !titled && !speaks && (index === 0 || /(?:--|[—–:"“])\s*$/.test(before));
      // "Illinois Democrat", "Senate Republicans": a party member described, not named.
      // "Americans", "Russians": a people, named by the plural of a word that never names anyone.
      const party = (PARTY_WORDS.test(end.text) && !ORG_WORDS.test(text)) || (words === 1 && /s$/.test(text) && NOT_NAMES.has(text.slice(0, -1)));
      if (!atStart && !party) {
        let type: SpanType = 'person';
        // "to Joseph Sellers" is a person: a known first name outweighs the preposition before it.
        const firstNamed = words >= 2 && isFirstName(first.text);
        // "spokesman Bill Burton", "Mayor Bill de Blasio": a name whose first name is also an organisation
        // word, and that has no other, is a person; "Bill and Melinda Gates Foundation" is not.
        const orgWord = ORG_WORDS.exec(text);
        const onlyFirstName = orgWord !== null && orgWord.index === 0 && words >= 2 && (firstNamed || titled || (previous !== undefined && isTitleWord(previous.text))) && !PARTY_WORDS.test(end.text) && !ORG_WORDS.test(text.slice(orgWord[0].length));
        if (PLACE_NAMES.has(text.toLowerCase()) && !titled) type = 'place';
        // "New York City", "Kansas City", "Maricopa County": a name ending in a word for a town or a county is a place.
        else if (words >= 2 && /^(?:City|County|Township|Province)$/.test(end.text)) type = 'place';
        // "Face the Nation", "Alliance for Justice": nobody's name has "the" or "for" inside it; a title's or a body's does.
        else if (/\s(?:the|for)\s/.test(text)) type = 'org';
        else if ((orgWord !== null && !onlyFirstName) || /^\p{Lu}{2,6}$/u.test(text)) type = 'org';
        else if (!firstNamed && !titleCase && /\b(?:in|at|near|from|to|across|outside)\s+(?:the\s+)?$/i.test(before) && words <= MAX_PLACE_WORDS && !titled) type = 'place';
        // "the Rubio Doctrine", "the Clinton Global Initiative": a thing named after a person is not that person.
        else if (words >= 2 && !firstNamed && /\b[Tt]he\s+$/.test(before)) type = 'org';
        // "a Navy sailor", "a Ramadan dinner": one capitalised word after "a" qualifies a noun; nobody is called "a Smith".
        else if (words === 1 && !titled && /\b[Aa]n?\s+$/.test(before)) type = 'org';
        spans.push({ type, start: first.start, end: end.end, text });
      }
    }
    index = last + 1;
  }
  return spans;
}

function regexSpans(sentence: string, pattern: RegExp, type: SpanType): Span[] {
  const spans: Span[] = [];
  for (const match of sentence.matchAll(pattern)) {
    const text = match[0].trim();
    if (text === '') continue;
    spans.push({ type, start: match.index, end: match.index + match[0].trimEnd().length, text });
  }
  return spans;
}

/** A role noun inside a complement ("critic of the president", "an adviser to the governor"): someone else's role, not the subject's. */
const ROLE_IN_COMPLEMENT = /\b(?:of|to|for|with|against|about|by|toward|towards)\s+(?:(?:the|a|an|his|her|their|its)\s+)?(?:[\p{L}’'-]+\s+){0,2}$/u;

/** Whether an appositive says what its person does: its first role noun is not inside a complement ("an outspoken critic of the president" is no president). */
function headsWithRole(appositive: string): boolean {
  const role = ROLE_NOUN.exec(appositive);
  return role !== null && !ROLE_IN_COMPLEMENT.test(appositive.slice(0, role.index));
}

/** Role phrases: "Steve Witkoff, a special envoy, …", "special envoy Steve Witkoff", "Witkoff, who …". */
function roleSpans(sentence: string, names: readonly Span[]): Span[] {
  const spans: Span[] = [];
  for (const name of names) {
    if (name.type !== 'person') continue;
    // Abbreviation dots ("a top adviser to Mr. Reid") do not end the appositive; same length, so offsets hold.
    const after = sentence.slice(name.end).replace(/\b(Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Jr|Sr|Inc|Corp|Co|Ltd|U\.S|U\.N)\./g, (abbreviation) => `${abbreviation.slice(0, -1)}_`);
    const appositive = /^,\s+((?:(?:a|an|the|who|whose|his|her|its|their)\s+)?[^,;.]{3,90}?)(?:,|;|\.|$)/u.exec(after);
    // "Witkoff, a special envoy," or "Witkoff, who is the envoy,": the appositive must name what the person does.
    if (appositive?.[1] !== undefined && headsWithRole(appositive[1]) && (!/^who\s/.test(appositive[1]) || /^who (?:is|was|has been|serves as|served as) /.test(appositive[1]))) {
      const start = name.end + appositive[0].indexOf(appositive[1]);
      spans.push({ type: 'role', start, end: start + appositive[1].length, text: sentence.slice(start, start + appositive[1].length), subject: name.text });
      continue;
    }
    const before = sentence.slice(Math.max(0, name.start - 60), name.start);
    // The title must touch the name ("special envoy Steve Witkoff"), not end a clause before it.
    const title = TITLE_BEFORE.exec(before);
    if (title?.[1] !== undefined) {
      // "While former House Speaker Newt Gingrich": a capitalised word that opens a clause is no part of the title.
      let text = title[1];
      let start = name.start - before.length + title.index;
      for (let lead = /^(\p{Lu}\p{Ll}*)\s+/u.exec(text); lead?.[1] !== undefined && NOT_NAMES.has(lead[1]); lead = /^(\p{Lu}\p{Ll}*)\s+/u.exec(text)) {
        start += lead[0].length;
        text = text.slice(lead[0].length);
      }
      spans.push({ type: 'role', start, end: start + text.length, text, subject: name.text });
      continue;
    }
    const predicate = ROLE_PREDICATE.exec(after);
    if (predicate?.[1] !== undefined) {
      const start = name.end + predicate[0].indexOf(predicate[1]);
      spans.push({ type: 'role', start, end: start + predicate[1].length, text: predicate[1], subject: name.text });
    }
  }
  return spans;
}

const SPEECH_VERB = '(?:said|says|told|added|wrote|argued|warned|insisted|declared|stated|explained|tweeted|confirmed|noted|stressed|acknowledged|claimed|asserted|cautioned|predicted|suggested|announced|posted)';
const QUOTATION = /["“]([^"”]{10,})["”]/g;
/**
 * Single quotation marks, as headlines (and British copy) quote: an opening mark at a word's start,
 * a closing one not followed by a letter, so "McDonald's" and "Americans' habits" are apostrophes.
 * Read only in a sentence without double quotes, where they cannot be a quotation inside a quotation.
 */
const SINGLE_QUOTATION = /(?<![\p{L}\p{N}])['‘]([^'‘’"“”]{10,}?)['’](?![\p{L}\p{N}])/gu;
/** The present-tense speech verbs of headlines, which drop the quotation marks: "RBS might have to move, says Carney". */
const HEADLINE_SPEECH = '(?:says|said|warns|claims|insists|admits|tells|told)';

/**
 * Quotations with their speaker: "…," said Jim Manley / Jim Manley said "…" / "…," Manley told reporters.
 * The speaker is the person named next to the speech verb, never a name inside the quote.
 */
function quoteSpans(sentence: string, names: readonly Span[]): Span[] {
  const spans: Span[] = [];
  const quotations = /["“”]/.test(sentence) ? sentence.matchAll(QUOTATION) : sentence.matchAll(SINGLE_QUOTATION);
  for (const match of quotations) {
    // A phrase in quotes ("the “Rubio Doctrine,”") names a thing; speech runs to four words or more.
    if ((match[1] ?? '').trim().split(/\s+/).length < 4) continue;
    const end = match.index + match[0].length;
    // A person or an organisation speaks ("…," the Log Cabin Republicans said); a place does not.
    const speaker = names.find((name) => {
      if (name.type !== 'person' && name.type !== 'org') return false;
      // "…," said Jim Manley / "…," Jim Manley said / "…," Mr. Steele said / "…," Monika Bickert, head of …, said
      if (name.start >= end) return SPEAKER_AFTER.test(sentence.slice(end, name.start)) && (SAID_BEFORE.test(sentence.slice(end, name.start)) || SAID_AFTER.test(sentence.slice(name.end)) || SAID_AFTER_APPOSITIVE.test(sentence.slice(name.end)));
      // Jim Manley said: "…"
      return SPEAKER_BEFORE.test(sentence.slice(name.end, match.index));
    });
    if (speaker !== undefined) spans.push({ type: 'quote', start: match.index, end, text: match[0], subject: speaker.text });
  }
  if (spans.length === 0) spans.push(...attributedStatements(sentence, names));
  // Reported speech: "Jim Manley said Republicans should show their sincerity …".
  if (spans.length === 0) {
    for (const name of names) {
      if (name.type !== 'person') continue;
      // After a closed quotation the words that follow "said" are the reporter's ("…,” Mr. Steele said in a speech Thursday night").
      if (/["”][^"“”]{0,20}$/.test(sentence.slice(0, name.start))) continue;
      const reported = REPORTED.exec(sentence.slice(name.end));
      if (reported?.[1] === undefined) continue;
      // "said in a speech", "said at a hearing", "told reporters": where or to whom it was said, not what.
      if (NOT_SPEECH.test(reported[1]) || LISTENER_NAME.test(reported[1])) continue;
      const start = name.end + reported[0].length - reported[1].length;
      spans.push({ type: 'quote', start, end: start + reported[1].length, text: reported[1], subject: name.text });
      break;
    }
  }
  return spans;
}

/** A statement long enough to be one: four words or more, and not a question. */
function statementAt(sentence: string, start: number, end: number): Span | null {
  const raw = sentence.slice(start, end);
  // Quotation marks stay: "Fed risks falling 'behind the curve'" keeps its closing mark.
  const text = raw.replace(/^[\s,:;-]+|[\s,:;.-]+$/gu, '');
  if (text.split(/\s+/).length < 4 || /\?$/.test(text) || !hasVerb(text)) return null;
  const at = start + raw.indexOf(text);
  return { type: 'quote', start: at, end: at + text.length, text };
}

const VERB_TAG = /^(?:Modal|Copula|PresentTense|PastTense|Verb|Auxiliary|Gerund|Infinitive|Participle)$/;
const CONTRACTION = /\b(?:I|we|you|he|she|it|they|that|there|what)['’](?:m|re|s|d|ll|ve)\b|n['’]t\b/i;

/** Whether words say something ("Taper pace may be too slow"), not name it ("Her Top 5 SNL Moments"): a verb the lexicon knows. */
function hasVerb(text: string): boolean {
  if (CONTRACTION.test(text)) return true;
  return text.split(/[^\p{L}'’]+/u).some((word) => {
    const tag = lexiconTag(word);
    return (Array.isArray(tag) ? tag : [tag]).some((one) => typeof one === 'string' && VERB_TAG.test(one));
  });
}

/** Between the speaker and the colon: nothing, or where they spoke ("Lena Dunham at SXSW 2014: …"). */
const SPEAKER_VENUE = /^(?:\s+(?:at|on|in|to)\s+[^:;,.!?"“”]{2,30})?\s*:\s+/u;
/** After a statement, its speaker with the verb: "…, says Carney", "…, says creator Dong Nguyen", "… -Noyer", or "…, Snowden tells SXSW". */
const VERB_THEN_SPEAKER = new RegExp(`(?:,\\s*|\\s+)${HEADLINE_SPEECH}\\s+(?:(?:${ROLE_MODIFIERS})\\s+)*(?:(?:${ROLE_NOUNS})\\s+)?$`, 'i');
const SPEAKER_THEN_VERB = new RegExp(`^\\s+${HEADLINE_SPEECH}(?:\\s+[^\\s,;:]+){0,3}[.!]?$`);

/**
 * Who can be a headline's speaker: a person's full name with a known first name ("Lena Dunham"),
 * or one word no dictionary knows as a common word ("Carney", "Snowden", "Google"). Title Case
 * headlines capitalise every word, so a capitalised run there ("Games Inbox", "TV Review", "Top
 * Banana") is no evidence of a name, and a colon after it is a section label, not speech.
 */
function speakerName(text: string): boolean {
  if (!/\s/.test(text)) return /^\p{Lu}[\p{Ll}]+$|^\p{Lu}{2,5}$/u.test(text) && !isCommonWord(text);
  return looksLikePersonName(text) && isFirstName(text.split(/\s+/)[0] ?? '');
}

/** A title right before a name: "creator Dong Nguyen", "spokesman Josh Earnest". */
const ROLE_BEFORE = new RegExp(`\\b(?:${ROLE_NOUNS})\\s+$`, 'i');

/** "Fed's Plosser", "Google's Sundar Pichai": the person after an organisation's possessive. */
const OWNER = /^(\p{Lu}[\p{L}&.-]*['’]s\s+)/u;

/**
 * The ways a headline attributes a statement without quotation marks:
 * - "Lena Dunham: Female stars of Girls are being typecast" (a speaker at the start, a colon, the statement);
 * - "RBS might have to move, says Carney", "… -Noyer" (the wire's dash), "…, Snowden tells SXSW".
 * The same forms close body sentences ("…, said Smith."). The span's subject is the person, without
 * the organisation of a possessive ("Plosser" of "Fed's Plosser").
 */
function attributedStatements(sentence: string, names: readonly Span[]): Span[] {
  for (const name of names) {
    if (name.type !== 'person' && name.type !== 'org') continue;
    const owner = OWNER.exec(name.text);
    const speaker = owner === null ? name : { ...name, start: name.start + owner[0].length, text: name.text.slice(owner[0].length) };
    // A title before the name says it is a person's ("says creator Dong Nguyen"), whatever the first-name list knows.
    if (!speakerName(speaker.text) && !(ROLE_BEFORE.test(sentence.slice(0, name.start)) && looksLikePersonName(speaker.text))) continue;
    // The opening speaker: first in the sentence, or after an organisation's possessive.
    // The opening speaker, before a colon: a person named in full, or an organisation's person ("Fed's Plosser").
    if (name.start === 0 && (owner !== null || /\s/.test(speaker.text))) {
      const colon = SPEAKER_VENUE.exec(sentence.slice(name.end));
      if (colon !== null) {
        const statement = statementAt(sentence, name.end + colon[0].length, sentence.length);
        if (statement !== null) return [{ ...statement, subject: speaker.text }];
      }
    }
    const before = sentence.slice(0, name.start);
    const after = sentence.slice(name.end);
    const wire = /\s-$/.test(before) && /^[.!]?$/.test(after.trim());
    const verbFirst = VERB_THEN_SPEAKER.exec(before);
    const verbAfter = /,\s*$/.test(before) && SPEAKER_THEN_VERB.test(after);
    if (!wire && !(verbFirst !== null && /^[.!]?$/.test(after.trim())) && !verbAfter) continue;
    const cut = wire ? before.length - 1 : verbFirst !== null ? verbFirst.index : before.length;
    const statement = statementAt(sentence, 0, cut);
    if (statement !== null) return [{ ...statement, subject: speaker.text }];
  }
  return [];
}

/** Whom something was told ("told reporters", "told the Times"): not part of what was said. */
const LISTENER = '(?:reporters|journalists|lawmakers|supporters|the\\s+(?:crowd|audience|paper|newspaper|committee|\\p{Lu}\\p{L}+))';
/** Where it was said, before "that" ("said in a statement that …"). */
const MEDIUM = '(?:in|during)\\s+(?:a|an|his|her|its|their)\\s+(?:\\p{Ll}+\\s+){0,2}(?:statement|interview|letter|memo|post|tweet|speech|video|email|op-ed)';
/** "…said (on Monday) (that) <clause>": the clause is what the person said. */
const REPORTED = new RegExp(
  `^(?:,[^,]{0,80},)?\\s+(?:(?:has|had|also)\\s+)?${SPEECH_VERB}(?:\\s+${LISTENER})?(?:\\s+(?:on\\s+)?\\p{Lu}\\p{Ll}+day)?(?:\\s+${MEDIUM}(?=\\s+that\\b))?(?:\\s+that)?\\s+([^;]{20,}?)[.;]?$`,
  'u',
);

const SPEAKS_AFTER = new RegExp(`^\\s+(?:(?:has|had|also)\\s+)?${SPEECH_VERB}\\b`);
/** Between a closing quote and its speaker: a speech verb ("said") or a courtesy title ("Mr.", "Sen."), or nothing. */
const SPEAKER_AFTER = new RegExp(`^[,\\s]*(?:${SPEECH_VERB}\\s+)?(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Representative|Governor|Secretary)\\.?\\s+)?$`);
/** "…," Monika Bickert, head of Global Policy Management at Facebook, said: the speaker's appositive before the verb. */
const SAID_AFTER_APPOSITIVE = new RegExp(`^,[^,;"“”]{3,90},\\s+${SPEECH_VERB}\\b`);
/**
 * A reported clause that opens with a preposition or a listener says where or to whom something was
 * said, not what; one that opens with a quoted term of up to three words ("wrote “Progressivism” on
 * it") names a word, as a short quotation does everywhere here.
 */
const NOT_SPEECH = /^(?:(?:in|at|on|during|after|before|to|from|with|by|for|through|via|reporters|journalists|(?:his|her|their) voice)\b|["“][^"”\s]+(?:\s[^"”\s]+){0,2}[,.]?["”])/i;
const SAID_BEFORE = new RegExp(`${SPEECH_VERB}\\s+$`);
/** Whom something was told, by name, then where or nothing ("Fox told Jorge Ramos in an interview for Fusion"): a listener, not what was said. */
const LISTENER_NAME = /^\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,2}(?:\s+(?:in|at|on|during|after|before|for|about)\b|[,.]?$)/u;
const SAID_AFTER = new RegExp(`^[,\\s]*(?:\\p{L}+\\s+){0,6}?${SPEECH_VERB}\\b`, 'u');
const SPEAKER_BEFORE = new RegExp(`^\\s+(?:\\p{Ll}+\\s+){0,3}${SPEECH_VERB}(?:\\s+\\p{Ll}+){0,4}[,:]?\\s*$`, 'u');

/** "special envoy" right before a name (built once: these patterns are large); "NRA CEO" too, the acronym in capitals. */
const TITLE_BEFORE = new RegExp(`(?<![\\p{L}])((?:\\p{Lu}[\\p{L}]*[’']s\\s+)?(?:(?:\\p{Lu}[\\p{L}.-]*|${eitherCase(ROLE_MODIFIERS)})\\s+){0,3}(?:${eitherCase(ROLE_NOUNS)}|CEO|CFO|COO))\\s+$`, 'u');
/** "… is a longtime adviser to …" right after a name. */
const ROLE_PREDICATE = new RegExp(`^\\s+(?:is|was|became|serves as|served as|has been|will be)\\s+((?:a|an|the|his|her)\\s+[^,;.]{0,60}?\\b(?:${ROLE_NOUNS})s?\\b[^,;.]{0,40})`, 'iu');

/** Every typed span of a sentence. Money wins over the number inside it; dates over bare numbers. */
export function findSpans(sentence: string): Span[] {
  const cached = spanCache.get(sentence);
  if (cached !== undefined) return cached;
  const spans = computeSpans(sentence);
  // A thread's sentences are typed again for every question asked of them; the cache is bounded.
  if (spanCache.size >= SPAN_CACHE_LIMIT) spanCache.clear();
  spanCache.set(sentence, spans);
  return spans;
}

const spanCache = new Map<string, Span[]>();
const SPAN_CACHE_LIMIT = 20_000;

export function clearSpanCache(): void {
  spanCache.clear();
}

function computeSpans(sentence: string): Span[] {
  const money = regexSpans(sentence, MONEY, 'money');
  const dates = regexSpans(sentence, DATE, 'date');
  const tallies = VOTE_WORDS.test(sentence) ? regexSpans(sentence, TALLY, 'number').filter((span) => !dates.some((date) => span.start < date.end && date.start < span.end)) : [];
  const taken = [...money, ...dates, ...tallies];
  const overlaps = (span: Span) => taken.some((other) => span.start < other.end && other.start < span.end);
  // "one of the president's lawyers" counts nothing.
  // "9/11" and "24/7" name things; they count nothing.
  const ordinals = regexSpans(sentence, ORDINAL, 'number').filter((span) => !overlaps(span));
  taken.push(...ordinals);
  const numbers = regexSpans(sentence, NUMBER, 'number').filter(
    (span) => !overlaps(span) && !(/^one$/i.test(span.text) && /^\s+of\b/.test(sentence.slice(span.end))) && !/^\/\d/.test(sentence.slice(span.end)) && !/\d\/$/.test(sentence.slice(0, span.start)),
  );
  const names = nameSpans(sentence).filter((span) => !dates.some((date) => span.start >= date.start && span.end <= date.end));
  const reasons = regexSpans(sentence, REASON, 'reason').filter((span) => span.text.split(/\s+/).length >= 3);
  for (const purpose of regexSpans(sentence, PURPOSE, 'reason')) {
    if (purpose.text.split(/\s+/).length >= 3 && !NOT_PURPOSE_BEFORE.test(sentence.slice(0, purpose.start)) && !reasons.some((reason) => purpose.start < reason.end && reason.start < purpose.end)) reasons.push(purpose);
  }
  return [...money, ...dates, ...tallies, ...ordinals, ...numbers, ...names, ...roleSpans(sentence, names), ...quoteSpans(sentence, names), ...reasons].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Whether a sentence names a person together with a word saying what they do. */
export function mentionsRole(sentence: string): boolean {
  return ROLE_NOUN.test(sentence);
}
