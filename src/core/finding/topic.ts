import { stripWirePrefix } from '../articles/text.js';
import { isCommonWord, lexiconTag, looksLikePersonName } from '../text/person-names.js';
import { stem } from '../text/stem.js';
import { ENGLISH_STOPWORDS } from '../text/stopwords.js';

/**
 * A thread's topic title ("Trump Putin Call", "GM Recall", "Flappy Bird") and the slug people type
 * for it (`trump-putin`, `gm-recall`, `flappy-bird`), from what the thread's headlines have in
 * common — never from one headline:
 *
 * 1. Every headline is split into words; multi-word names are found as collocations (two or three
 *    words that stand together in most headlines using them: "Flappy Bird", "Jos. A. Bank"; the
 *    pieces of a hyphenated word never written apart: "Wal-Mart"). A given name that mostly stands
 *    before a surname the headlines also use alone is part of that person ("Miley Cyrus").
 * 2. A unit (word or collocation) *recurs* when at least two headlines use it. Its coverage is the
 *    share of headlines that do.
 * 3. The topic is the recurring names with coverage close to the best name's (at most three,
 *    the actors), then the most recurring other word (the event; a noun before a headline verb or
 *    qualifier as shared: "Emergency", not "Declares"), at most four words in all.
 * 4. Names come in the order the headlines put them ("Trump … Putin" in most headlines →
 *    `trump-putin`), by how often each stands before the others.
 * 5. The slug is the names, plus the event word when the names alone are one word.
 *
 * A deterministic function of its input: headlines are de-duplicated and sorted first, so input
 * order and batch timing do not matter.
 */

export interface TopicSource {
  /** The thread's (core) headlines, any order. */
  headlines: readonly string[];
  /** Lower-case words the caller knows to be names (the engine's case statistics), any order. */
  names?: readonly string[];
  /** Domains of the thread's outlets: an outlet's name in a headline ("Benzinga's …") is not the story. */
  outlets?: readonly string[];
}

export interface Topic {
  /** 2–4 words for a reader ("Trump Putin Call"); '' when the headlines have no usable word. */
  title: string;
  /** The slug stem (`trump-putin`), ASCII, at most MAX_SLUG_LENGTH characters; 'story' when nothing is typeable. */
  slug: string;
}

const MAX_TOPIC_WORDS = 4;
const MAX_NAMES = 3;
const MAX_SLUG_WORDS = 3;
export const MAX_SLUG_LENGTH = 32;
/** A name joins the topic when it is in at least this share of the headlines the best name is in. */
const NAME_COVERAGE_SHARE = 0.75;
/** A name must be in at least this share of the headlines the most shared unit (name or word) is in. */
const NAME_MIN_SHARE_OF_BEST = 0.5;
/** The event word must be in at least half the headlines: the thread is about it, not one article. */
const EVENT_MIN_COVERAGE = 0.5;
/** Words standing together in at least this share of the headlines using either form one name. */
const COLLOCATION_MIN_SHARE = 0.75;
/** A person written in full ("Miley Cyrus") in at least this share of the headlines naming them is shown in full. */
const FULL_NAME_SHARE = 0.5;
/** A unit is a name when at least this share of its telling sightings say so. */
const NAME_EVIDENCE_SHARE = 0.5;
/** Title Case: this share of longer non-initial words is capitalised, so capitals say nothing. */
const TITLE_CASE_SHARE = 0.6;
/** Analysed headlines kept per namer (one per article in the pools of the live threads). */
const HEADLINE_CACHE_LIMIT = 50_000;
/** Words whose lexicon reading is kept (event candidates: a few per topic). */
const WORD_CACHE_LIMIT = 50_000;
/** Topics kept per namer, by their input sets (one or a few per live thread). */
const TOPIC_CACHE_LIMIT = 20_000;

/**
 * Words that say how a story is packaged or when it happened, not what it is about. Generic to
 * English news feeds.
 */
const PACKAGING_WORDS = new Set(
  `rss feed feeds update updates updated live liveblog blog blogs video videos photo photos pictures picture gallery slideshow
  exclusive report reports reported reporting breaking watch news latest analysis opinion editorial review reviews
  podcast interview infographic roundup recap highlights preview transcript listen read click here
  today tonight tomorrow yesterday week weeks weekend month months year years day days time times hour hours minute minutes
  monday tuesday wednesday thursday friday saturday sunday january february march april june july august september
  october november december jan feb mar apr jun jul aug sep sept oct nov dec first last next early late
  million millions billion billions trillion thousand thousands hundred hundreds percent pct bln mln bn`.split(/\s+/),
);

/**
 * Headline verbs and evaluative words that never name an event on their own ("vows", "slams",
 * "big"). The event word is a noun people would say: call, recall, deal, crash, bankruptcy.
 */
const NOT_AN_EVENT = new Set(
  `vow vows vowed seek seeks sought urge urges urged warn warns warned slam slams slammed hit hits set sets get gets got
  take takes took make makes made see sees saw seen eye eyes face faces faced show shows showed win wins won lose loses lost
  rise rises rose fall falls fell jump jumps jumped drop drops dropped soar soars soared slip slips slipped climb climbs
  climbed gain gains gained plunge plunges plunged surge surges surged tumble tumbles tumbled sink sinks sank hold holds held
  keep keeps kept give gives gave go goes went come comes came move moves moved put puts need needs want wants look looks
  could would should will may might can cannot must big bigger biggest small top high higher low lower good bad best worst
  more most less least much many very still just now also back again amid ahead over after before near around
  new old major key huge massive little long short great possible likely real full open`.split(/\s+/),
);

/**
 * Lexicon tags of words that report or qualify rather than name an event ("Declares", "Denies",
 * "Former", "Destructive"). Many plurals are also present-tense verbs ("talks", "charges"), so such
 * a word is still the event when no other word is in as many headlines.
 */
const VERB_OR_QUALIFIER_TAG = /^(?:PresentTense|PastTense|Gerund|Participle|Adjective|Comparative|Superlative|Adverb)$/;

function lexiconTags(word: string): string[] {
  const tag: unknown = lexiconTag(word);
  return Array.isArray(tag) ? tag.filter((item): item is string => typeof item === 'string') : typeof tag === 'string' ? [tag] : [];
}

const verbOrQualifier = new Map<string, boolean>();

/** A headline verb or qualifier by the lexicon; an unknown "-s" word whose base the lexicon knows only as a verb ("apologizes") too. */
function readsAsVerbOrQualifier(lower: string): boolean {
  let known = verbOrQualifier.get(lower);
  if (known === undefined) {
    if (verbOrQualifier.size >= WORD_CACHE_LIMIT) verbOrQualifier.clear();
    known = lexiconSaysVerbOrQualifier(lower);
    verbOrQualifier.set(lower, known);
  }
  return known;
}

function lexiconSaysVerbOrQualifier(lower: string): boolean {
  const tags = lexiconTags(lower);
  if (tags.length > 0) return tags.every((tag) => VERB_OR_QUALIFIER_TAG.test(tag));
  const base = /(?:[sxz]|ch|sh)es$/.test(lower) ? [lower.slice(0, -1), lower.slice(0, -2)] : lower.endsWith('s') ? [lower.slice(0, -1)] : [];
  return base.some((form) => {
    const baseTags = lexiconTags(form);
    return baseTags.length > 0 && baseTags.every((tag) => tag === 'Infinitive');
  });
}

interface Token {
  surface: string;
  /** Lower case, apostrophes and dots removed: the spelling key. */
  lower: string;
  /** What occurrences are counted by (stemmed). */
  key: string;
  capitalised: boolean;
  nameEvidence: boolean;
  content: boolean;
  /** Index of the token's segment; tokens of different segments are never adjacent. */
  segment: number;
  /** A later piece of one hyphenated word ("Mart" of "Wal-Mart"): written joined to the token before. */
  joined: boolean;
}

interface AnalysedHeadline {
  tokens: Token[];
  titleCase: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’.&-][\p{L}\p{N}]+)*\.?/gu;
/** Punctuation that breaks a run of words: "Putin: Trump" and "Putin, Trump" are two names. */
const SEGMENT_BREAK = /\s*[,;:|!?()[\]"“”‘’]\s*|\s+[-–—]\s+|[–—]/u;
const DOTTED_ACRONYM = /^(?:\p{L}\.)+\p{L}?\.?$/u;

function isUpperCase(char: string): boolean {
  return char !== char.toLowerCase() && char === char.toUpperCase();
}

function hasLetterAndDigit(text: string): boolean {
  return /\p{N}/u.test(text) && /\p{L}/u.test(text);
}

function outletWords(outlets: readonly string[]): Set<string> {
  const words = new Set<string>();
  const noise = new Set(['www', 'com', 'net', 'org', 'news', 'blogs', 'blog', 'feeds', 'rss', 'online', 'edu', 'gov', 'info', 'mobile', 'amp']);
  for (const domain of outlets) {
    const labels = domain.toLowerCase().split('.');
    labels.pop();
    if ((labels.at(-1)?.length ?? 0) <= 2) labels.pop();
    for (const label of labels) {
      if (noise.has(label) || label.length < 3) continue;
      words.add(label.replace(/-/g, ''));
      for (const part of label.split('-')) if (part.length >= 3) words.add(part);
    }
  }
  return words;
}

const outletWordCache = new Map<string, readonly string[]>();
/** outletWords for a set of domains: the union of each domain's words, kept per domain. */
function outletWordsOf(outlets: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const domain of outlets) {
    let own = outletWordCache.get(domain);
    if (!own) {
      if (outletWordCache.size >= 50_000) outletWordCache.clear();
      own = [...outletWords([domain])];
      outletWordCache.set(domain, own);
    }
    for (const word of own) words.add(word);
  }
  return words;
}

/** Surface pieces of one matched word: hyphenated compounds of long words split ("Trump-Putin"), short-part ones stay ("T-Mobile"). */
function piecesOf(raw: string): string[] {
  let surface = raw.replace(/['’][sS]$/u, '');
  if (DOTTED_ACRONYM.test(surface)) return [surface.replace(/\./g, '')];
  surface = surface.replace(/\.$/, '');
  if (!surface.includes('-')) return [surface];
  const parts = surface.split('-').filter(Boolean);
  return parts.every((part) => part.length >= 3) ? parts : [surface];
}

/** Words of one headline with their case evidence; names known to the caller count as evidence. */
function analyse(headline: string): AnalysedHeadline {
  const text = stripWirePrefix(headline);
  const raw: { surface: string; segment: number; initial: boolean; joined: boolean }[] = [];
  text.split(SEGMENT_BREAK).forEach((part, segment) => {
    let first = true;
    for (const match of part.matchAll(WORD)) {
      piecesOf(match[0]).forEach((surface, piece) => {
        raw.push({ surface, segment, initial: first && raw.every((token) => token.segment !== segment), joined: piece > 0 });
        first = false;
      });
    }
  });
  // Title Case or shouting: capitals carry no signal about names in this headline.
  const longer = raw.filter((token) => !token.initial && token.surface.length >= 4);
  const titleCase = longer.length === 0 || longer.filter((token) => isUpperCase(token.surface[0] ?? '')).length >= TITLE_CASE_SHARE * longer.length;
  // Shouted: every word in capitals, so "US" there may be "us".
  const shouted = raw.length > 1 && raw.every((token) => !/\p{Ll}/u.test(token.surface));
  const tokens = raw.map(({ surface, segment, initial, joined }): Token => {
    const lower = surface.toLowerCase().replace(/['’.]/g, '');
    const letters = surface.replace(/[^\p{L}]/gu, '');
    const capitalised = isUpperCase(surface[0] ?? '');
    const acronym = letters.length >= 2 && letters.length <= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase() && !/\p{Ll}/u.test(surface);
    const innerCapital = /\p{Ll}\p{Lu}/u.test(surface);
    // Amounts, ordinals and resolutions ("2M", "2nd", "792p") recur across stories; codes that start
    // with a letter ("MH370", "G20") are names.
    const numeric = /^\p{N}/u.test(lower);
    const nameEvidence = acronym || innerCapital || hasLetterAndDigit(lower) || (capitalised && !initial && !titleCase);
    // A function word written as an acronym outside a shouted headline is a name ("US", "IT", "WHO").
    const content = !numeric && (lower.length >= 2 || acronym) && (!ENGLISH_STOPWORDS.has(lower) || (acronym && !shouted)) && !PACKAGING_WORDS.has(lower);
    return { surface, lower, key: /\p{N}/u.test(lower) || acronym ? lower : stem(lower), capitalised, nameEvidence, content, segment, joined };
  });
  return { tokens, titleCase };
}

/** A usable word of a headline with its relative position (0 = first usable word). */
interface UsableToken {
  key: string;
  /** The key again: what the unit is counted by (as for runs). */
  id: string;
  surface: string;
  lower: string;
  capitalised: boolean;
  nameEvidence: boolean;
  position: number;
}

/** Two or three adjacent words of one segment, a possible collocation. */
interface Run {
  keys: string[];
  /** keys joined by spaces. */
  id: string;
  /** Surfaces joined as written: by a hyphen within one word ("Wal-Mart"), by a space otherwise. */
  surface: string;
  /** Relative position of its first word among the headline's usable words. */
  position: number;
  titleCase: boolean;
  /** Every content word is capitalised (otherwise some is not). */
  allCapitalised: boolean;
  /** Some content word carries name evidence of its own. */
  proven: boolean;
  /** Lower-case spellings of the content words without name evidence of their own. */
  unproven: string[];
}

/**
 * What one headline contributes to the units, apart from the names the caller knows: its usable
 * words and its runs. Tokens of the thread's outlet names are left out first, so runs never span them.
 */
interface Contributions {
  usable: UsableToken[];
  grams: Run[];
}

function contributionsFrom(allTokens: readonly Token[], titleCase: boolean, outletNames: ReadonlySet<string>): Contributions {
  const tokens = outletNames.size === 0 ? allTokens : allTokens.filter((token) => !outletNames.has(token.lower));
  const contentTokens = tokens.filter((token) => token.content);
  const order = new Map(contentTokens.map((token, index) => [token, index]));
  const span = Math.max(1, contentTokens.length);
  const usable = contentTokens.map((token, index): UsableToken => ({
    key: token.key,
    id: token.key,
    surface: token.surface,
    lower: token.lower,
    capitalised: token.capitalised,
    nameEvidence: token.nameEvidence,
    position: index / span,
  }));
  const runs: Run[] = [];
  // Two or three adjacent words of one segment (a single capital letter may stand inside: "Jos. A. Bank").
  for (let start = 0; start < tokens.length; start++) {
    const first = tokens[start]!;
    if (!first.content) continue;
    for (let length = 2; length <= 3 && start + length <= tokens.length; length++) {
      const run = tokens.slice(start, start + length);
      const last = run.at(-1)!;
      if (run.some((token) => token.segment !== first.segment) || !last.content) continue;
      if (length === 3 && !(run[1]!.content || (run[1]!.capitalised && run[1]!.lower.length === 1))) continue;
      const keys = run.map((token) => token.key);
      const words = run.filter((token) => token.content);
      runs.push({
        keys,
        id: keys.join(' '),
        surface: run.map((token, index) => (index === 0 ? '' : token.joined ? '-' : ' ') + token.surface).join(''),
        position: order.get(first)! / span,
        titleCase,
        allCapitalised: words.every((token) => token.capitalised),
        proven: words.some((token) => token.nameEvidence),
        unproven: words.filter((token) => !token.nameEvidence).map((token) => token.lower),
      });
    }
  }
  return { usable, grams: runs };
}

interface Unit {
  /** Keys of its words, in order. */
  keys: string[];
  occurrences: number;
  /** Sightings that show it is a name (a capital mid-sentence, an acronym, a known name)… */
  nameSightings: number;
  /** …and sightings in lower case, which show it is not. Capitals at a headline's start or in Title Case show neither. */
  plainSightings: number;
  /** Surface sequence → count. */
  surfaces: Map<string, number>;
  /** Headlines using it (their index) → relative position (0 = first word) of its first sighting there. */
  positions: Map<number, number>;
  /** displayOf's answers, once the unit is complete. */
  display: { asName?: string; asWord?: string };
}

function newUnit(keys: string[]): Unit {
  return { keys, occurrences: 0, nameSightings: 0, plainSightings: 0, surfaces: new Map(), positions: new Map(), display: {} };
}

/** `evidence`: 1 shows a name, -1 shows a plain word, 0 shows nothing. */
function sight(unit: Unit, headline: number, surface: string, position: number, evidence: number): void {
  unit.occurrences += 1;
  if (evidence > 0) unit.nameSightings += 1;
  else if (evidence < 0) unit.plainSightings += 1;
  unit.surfaces.set(surface, (unit.surfaces.get(surface) ?? 0) + 1);
  if (!unit.positions.has(headline)) unit.positions.set(headline, position);
}

/** How a reader would see the unit written (kept on the unit: topics ask for it often). */
function displayOf(unit: Unit, isName: boolean): string {
  const key = isName ? 'asName' : 'asWord';
  return (unit.display[key] ??= computeDisplay(unit, isName));
}

/** The unit's usual surface; lower-case words get a capital. */
function computeDisplay(unit: Unit, isName: boolean): string {
  let best = '';
  let bestCount = -1;
  for (const [surface, count] of [...unit.surfaces].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    // Shouted and sentence-initial spellings say little; prefer the spelling of mid-sentence use.
    const shouted = surface.length > 3 && surface === surface.toUpperCase() && !isName;
    const weight = count * (shouted ? 0.2 : 1);
    if (weight > bestCount) {
      best = surface;
      bestCount = weight;
    }
  }
  // Of one stem's forms an event reads best in its shortest common one ("Recall", not "Recalls").
  if (!isName && unit.keys.length === 1) {
    const total = unit.occurrences;
    for (const [surface, count] of unit.surfaces) {
      if (count >= 0.2 * total && surface.length < best.length && surface.toLowerCase().startsWith(surface.toLowerCase().slice(0, 3))) best = surface;
    }
  }
  return best
    .split(' ')
    .map((word) => {
      const letters = word.replace(/[^\p{L}]/gu, '');
      if (letters.length > 3 && letters === letters.toUpperCase() && !isName) word = word.toLowerCase();
      // Only all-lower-case words get a capital: "iOS" and "eBay" keep their spelling.
      return word === word.toLowerCase() ? (word[0] ?? '').toUpperCase() + word.slice(1) : word;
    })
    .join(' ');
}

/** A slug word from a surface: ASCII, lower case, no apostrophes ("Men's" → "men", "T-Mobile" → "t-mobile"). */
export function asciiSlugPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’.]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Sorts units into the order the headlines name them: by how many others each precedes, then mean position. */
function spokenOrder(units: Unit[]): Unit[] {
  const meanPosition = (unit: Unit) => [...unit.positions.values()].reduce((sum, value) => sum + value, 0) / Math.max(1, unit.positions.size);
  const wins = new Map<Unit, number>();
  for (const a of units) {
    let won = 0;
    for (const b of units) {
      if (a === b) continue;
      let before = 0;
      let after = 0;
      for (const [headline, position] of a.positions) {
        const other = b.positions.get(headline);
        if (other === undefined) continue;
        if (position < other) before++;
        else if (position > other) after++;
      }
      if (before > after) won++;
    }
    wins.set(a, won);
  }
  return [...units].sort((a, b) => (wins.get(b) ?? 0) - (wins.get(a) ?? 0) || meanPosition(a) - meanPosition(b) || compareKeys(a, b));
}

/** Some sighting shows a name, and at least as many of the telling sightings do as not. */
function looksLikeName(unit: Unit): boolean {
  return unit.nameSightings > 0 && unit.nameSightings >= NAME_EVIDENCE_SHARE * (unit.nameSightings + unit.plainSightings);
}

function compareKeys(a: Unit, b: Unit): number {
  const ka = a.keys.join(' ');
  const kb = b.keys.join(' ');
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export interface TopicNamer {
  describe(source: TopicSource): Topic;
}

/**
 * A topic namer with its own cache of analysed headlines: a thread's pool changes by one headline
 * per article, so each headline is analysed once however often the topic is recomputed.
 */
export function createTopicNamer(): TopicNamer {
  const cache = new Map<string, AnalysedHeadline & { plain: Contributions; withoutOutlets: Map<string, Contributions> }>();
  const contributionsOf = (headline: string, outletNames: ReadonlySet<string>): Contributions => {
    let entry = cache.get(headline);
    if (!entry) {
      if (cache.size >= HEADLINE_CACHE_LIMIT) cache.clear();
      const analysed = analyse(headline);
      entry = { ...analysed, plain: contributionsFrom(analysed.tokens, analysed.titleCase, new Set()), withoutOutlets: new Map() };
      cache.set(headline, entry);
    }
    // An outlet's name in its own headline ("Benzinga's …"): its runs are rebuilt without it, once
    // per set of such words (outlet names share words with headlines: "News", "Times", "Post").
    if (outletNames.size === 0) return entry.plain;
    let named = '';
    for (const token of entry.tokens) if (outletNames.has(token.lower)) named += `${token.lower}\u0000`;
    if (named === '') return entry.plain;
    let rebuilt = entry.withoutOutlets.get(named);
    if (!rebuilt) entry.withoutOutlets.set(named, (rebuilt = contributionsFrom(entry.tokens, entry.titleCase, outletNames)));
    return rebuilt;
  };
  // Threads are re-described with every article, but most articles change neither the headline
  // pool nor the names: the topic is a function of their sets, so it is kept by them.
  const topics = new Map<string, Topic>();
  return {
    describe: (source) => {
      const key = [[...source.headlines].sort().join('\n'), [...(source.names ?? [])].sort().join('\n'), [...new Set(source.outlets ?? [])].sort().join('\n')].join('\u0000');
      let topic = topics.get(key);
      if (!topic) {
        if (topics.size >= TOPIC_CACHE_LIMIT) topics.clear();
        topic = describeTopic(source, contributionsOf);
        topics.set(key, topic);
      }
      return topic;
    },
  };
}

const defaultNamer = createTopicNamer();

/** The topic of a set of headlines (see the module comment). */
export function topicOf(source: TopicSource): Topic {
  return defaultNamer.describe(source);
}

// Helpers of describeTopic at module level: closures made per call cost more than the work they do.

const usableOf = (contribution: Contributions): readonly { id: string }[] => contribution.usable;
const gramsOf = (contribution: Contributions): readonly { id: string }[] => contribution.grams;

/** In how many headlines each id occurs (`lists`: one list of ids per headline). */
function headlineCounts(lists: readonly (readonly { id: string }[])[]): Map<string, { last: number; headlines: number }> {
  const counts = new Map<string, { last: number; headlines: number }>();
  for (let index = 0; index < lists.length; index++) {
    for (const { id } of lists[index]!) {
      const seen = counts.get(id);
      if (!seen) counts.set(id, { last: index, headlines: 1 });
      else if (seen.last !== index) {
        seen.last = index;
        seen.headlines += 1;
      }
    }
  }
  return counts;
}

function allKnown(lowers: readonly string[], knownNames: ReadonlySet<string>): boolean {
  for (const lower of lowers) if (!knownNames.has(lower)) return false;
  return true;
}

function someKnown(lowers: readonly string[], knownNames: ReadonlySet<string>): boolean {
  for (const lower of lowers) if (knownNames.has(lower)) return true;
  return false;
}

function byCoverage(a: Unit, b: Unit): number {
  return b.positions.size - a.positions.size || b.occurrences - a.occurrences || b.keys.length - a.keys.length || compareKeys(a, b);
}

function wordCount(unit: Unit): number {
  return displayOf(unit, true).split(' ').length;
}

function isEventWord(unit: Unit): boolean {
  const lower = displayOf(unit, false).toLowerCase();
  return unit.keys.length === 1 && !NOT_AN_EVENT.has(lower) && !/(?:ed|ing)$/.test(lower);
}

/**
 * "Miley Cyrus" in two headlines, "Cyrus" alone in a third: the given name is part of the person,
 * not a unit of its own (it would trail the topic as its event: "Cyrus Miley"). It is absorbed when
 * it stands before the surname in most of its headlines, is never written in lower case and is no
 * common English word, the surname is a name, and the run reads as a person's name; the surname then
 * stands for the person, shown in full when the headlines often write it so (`fullNames`).
 */
function absorbGivenNames(gram: Unit, members: readonly Unit[], absorbed: Set<string>, fullNames: Map<Unit, Unit>): void {
  const surname = members.at(-1)!;
  if (gram.positions.size >= COLLOCATION_MIN_SHARE * surname.positions.size || !looksLikeName(surname) || surname.plainSightings > 0) return;
  const given = members.slice(0, -1);
  for (const unit of given) {
    const standsBefore = gram.positions.size >= COLLOCATION_MIN_SHARE * unit.positions.size && unit.plainSightings === 0;
    if (!standsBefore || isCommonWord(displayOf(unit, true))) return;
  }
  if (!looksLikePersonName(displayOf(gram, true))) return;
  for (const unit of given) absorbed.add(unit.keys[0]!);
  if (gram.positions.size >= FULL_NAME_SHARE * surname.positions.size) fullNames.set(surname, gram);
}

function writtenAsOneWord(gram: Unit): boolean {
  for (const surface of gram.surfaces.keys()) if (surface.includes(' ')) return false;
  return true;
}

/** How a unit reads in the title: a surname as the person's full name when that is how headlines write it. */
function shown(unit: Unit, asName: boolean, fullNames: ReadonlyMap<Unit, Unit>): string {
  const fullName = fullNames.get(unit);
  return fullName ? displayOf(fullName, true) : displayOf(unit, asName);
}

function describeTopic(source: TopicSource, contributionsOf: (headline: string, outletNames: ReadonlySet<string>) => Contributions): Topic {
  const headlines = [...new Set(source.headlines.map((headline) => headline.trim()).filter(Boolean))].sort();
  const knownNames = new Set((source.names ?? []).flatMap((name) => name.toLowerCase().split(/[\s_]+/)));
  const outletNames = outletWordsOf(source.outlets ?? []);
  const count = headlines.length;
  if (count === 0) return { title: '', slug: 'story' };
  const minHeadlines = count >= 3 ? 2 : 1;

  const contributions = headlines.map((headline) => contributionsOf(headline, outletNames));
  // Only units in enough headlines can matter (see `recurring` and the collocations below), and
  // most words and runs of a thread are in one headline: count first, build units for the rest.
  const wordCounts = headlineCounts(contributions.map(usableOf));
  const gramCounts = headlineCounts(contributions.map(gramsOf));
  // With no word in minHeadlines headlines, the topic falls back to all words.
  let wordMinimum = 1;
  for (const seen of wordCounts.values()) {
    if (seen.headlines >= minHeadlines) {
      wordMinimum = minHeadlines;
      break;
    }
  }
  const gramMinimum = Math.max(2, minHeadlines);

  const words = new Map<string, Unit>();
  const grams = new Map<string, Unit>();
  contributions.forEach(({ usable, grams: runs }, index) => {
    for (const token of usable) {
      if (wordCounts.get(token.key)!.headlines < wordMinimum) continue;
      let unit = words.get(token.key);
      if (!unit) words.set(token.key, (unit = newUnit([token.key])));
      sight(unit, index, token.surface, token.position, token.nameEvidence || knownNames.has(token.lower) ? 1 : token.capitalised ? 0 : -1);
    }
    for (const run of runs) {
      if (gramCounts.get(run.id)!.headlines < gramMinimum) continue;
      let unit = grams.get(run.id);
      if (!unit) grams.set(run.id, (unit = newUnit(run.keys)));
      // A name when its words are capitalised and one of them is known to be a name; in Title Case,
      // where capitals say nothing, each of its words must be.
      const name = run.titleCase ? allKnown(run.unproven, knownNames) : run.allCapitalised && (run.proven || someKnown(run.unproven, knownNames));
      sight(unit, index, run.surface, run.position, name ? 1 : run.allCapitalised ? 0 : -1);
    }
  });

  // Collocations: adjacent words that mostly stand together are one name and replace their words.
  const absorbed = new Set<string>();
  const collocations: Unit[] = [];
  /** Surname unit → the person's full name, when headlines often write it in full. */
  const fullNames = new Map<Unit, Unit>();
  const byStrength = [...grams.values()]
    .filter((gram) => gram.positions.size >= Math.max(2, minHeadlines))
    .sort((a, b) => b.keys.length - a.keys.length || b.positions.size - a.positions.size || compareKeys(a, b));
  for (const gram of byStrength) {
    const members = gram.keys.map((key) => words.get(key)).filter((unit): unit is Unit => unit !== undefined);
    if (members.length === 0 || gram.keys.some((key) => absorbed.has(key))) continue;
    const widest = Math.max(...members.map((unit) => unit.positions.size));
    if (gram.positions.size < COLLOCATION_MIN_SHARE * widest) {
      if (members.length === gram.keys.length) absorbGivenNames(gram, members, absorbed, fullNames);
      continue;
    }
    // Pieces of one hyphenated word that the headlines never write apart are one word, name or not ("Wal-Mart").
    if (!looksLikeName(gram) && !(gram.positions.size >= widest && writtenAsOneWord(gram))) continue;
    collocations.push(gram);
    for (const key of gram.keys) absorbed.add(key);
  }

  const units = [...collocations, ...[...words.values()].filter((unit) => !absorbed.has(unit.keys[0]!))];
  const isName = looksLikeName;
  const recurring = units.filter((unit) => unit.positions.size >= minHeadlines);

  // A name the thread mentions now and then ("Antarctic" in 3 of 24 volcano headlines) is not
  // what it is about: names must reach half the coverage of the thread's most shared unit.
  const bestCoverage = recurring.reduce((best, unit) => Math.max(best, unit.positions.size), 0);
  const nameCandidates = recurring.filter((unit) => isName(unit) && unit.positions.size >= NAME_MIN_SHARE_OF_BEST * bestCoverage).sort(byCoverage);
  const names: Unit[] = [];
  let used = 0;
  const bestNameCoverage = nameCandidates[0]?.positions.size ?? 0;
  for (const unit of nameCandidates) {
    if (names.length >= MAX_NAMES || unit.positions.size < NAME_COVERAGE_SHARE * bestNameCoverage) break;
    if (used + wordCount(unit) > MAX_TOPIC_WORDS - (names.length === 0 ? 0 : 1)) continue;
    names.push(unit);
    used += wordCount(unit);
  }
  // People are shown in full ("Miley Cyrus"), the most shared first, while that leaves a word for the
  // event; by surname otherwise, so a full name never pushes another actor out of the topic.
  let expanding = true;
  for (const unit of names) {
    const fullName = fullNames.get(unit);
    if (!fullName) continue;
    const extra = displayOf(fullName, true).split(' ').length - wordCount(unit);
    expanding &&= used + extra <= MAX_TOPIC_WORDS - 1;
    if (expanding) used += extra;
    else fullNames.delete(unit);
  }
  const others = recurring.filter((unit) => !names.includes(unit) && !isName(unit)).sort(byCoverage);
  const events = others.filter((unit) => unit.positions.size >= EVENT_MIN_COVERAGE * count && (count >= 2 || names.length === 0) && isEventWord(unit));
  // "Trump Declares" and "Emergency" are in every headline: the event is the word people would say.
  // A headline verb is the event only while the names are one actor ("Stacy Keibler Marries"); beside
  // two or more, the actors already say what the story is and the verb reads as a fragment
  // ("Chiquita Fyffes Banana Create").
  const event = events.find((unit) => !readsAsVerbOrQualifier(displayOf(unit, false).toLowerCase())) ?? (names.length >= 2 ? undefined : events[0]);

  let chosen: Unit[];
  if (names.length > 0) {
    chosen = spokenOrder(names);
    if (event && used < MAX_TOPIC_WORDS) chosen.push(event);
  } else {
    // No recurring name: the most shared words, in the order the headlines use them.
    const pool = (recurring.length > 0 ? recurring : units).filter((unit) => !NOT_AN_EVENT.has(displayOf(unit, false).toLowerCase())).sort(byCoverage);
    const picked: Unit[] = [];
    let wordsSoFar = 0;
    for (const unit of pool) {
      if (picked.length >= 3 || wordsSoFar + wordCount(unit) > 3) break;
      picked.push(unit);
      wordsSoFar += wordCount(unit);
    }
    chosen = spokenOrder(picked);
  }
  if (chosen.length === 0) return { title: '', slug: 'story' };

  const displays = chosen.map((unit) => shown(unit, isName(unit), fullNames));
  const slug = slugFrom(chosen, displays, names, others);
  // One word is a label, not a topic ("Cosmos", "Comcast"): the next most shared recurring word joins
  // it, the way the slug takes one. The slug was fixed from `chosen` above and stays as it was.
  const written = displays.join(' ');
  const titled = written.includes(' ') ? chosen : withSecondWord(chosen, recurring, fullNames);
  const title = titled === chosen ? written : titled.map((unit) => shown(unit, isName(unit), fullNames)).join(' ');
  return { title, slug };
}

/** `chosen` (one word) and the most shared other recurring unit, in spoken order; `chosen` itself when none reads as a topic word. */
function withSecondWord(chosen: Unit[], recurring: readonly Unit[], fullNames: ReadonlyMap<Unit, Unit>): Unit[] {
  const shownSoFar = new Set(chosen.map((unit) => shown(unit, true, fullNames).toLowerCase()));
  const second = [...recurring]
    .sort(byCoverage)
    .find((unit) => {
      if (chosen.includes(unit) || wordCount(unit) !== 1) return false;
      const lower = displayOf(unit, false).toLowerCase();
      return !NOT_AN_EVENT.has(lower) && !readsAsVerbOrQualifier(lower) && !shownSoFar.has(displayOf(unit, true).toLowerCase());
    });
  return second ? spokenOrder([...chosen, second]) : chosen;
}

/** Names first (in spoken order), then the event word while the slug has fewer than two words. */
function slugFrom(chosen: readonly Unit[], displays: readonly string[], names: readonly Unit[], others: readonly Unit[]): string {
  const parts: string[] = [];
  let wordCount = 0;
  const add = (display: string): boolean => {
    const part = asciiSlugPart(display);
    // "US" names a story in a title, but typed it is "us", a word the resolver drops: not a slug word.
    if (part === '' || parts.includes(part) || ENGLISH_STOPWORDS.has(part)) return false;
    // Typed, "Metro-North" is two words and "T-Mobile" one (the way headlines are split, piecesOf).
    const words = display.split(/\s+/).flatMap(piecesOf).length;
    if (wordCount > 0 && wordCount + words > MAX_SLUG_WORDS) return false;
    parts.push(part);
    wordCount += words;
    return true;
  };
  chosen.forEach((unit, index) => {
    if (names.includes(unit) || names.length === 0) add(displays[index]!);
    else if (wordCount < 2) add(displays[index]!);
  });
  // A one-word slug reads as a collision waiting to happen: the next most shared word joins it.
  for (const unit of others) {
    if (wordCount >= 2) break;
    if (!chosen.includes(unit)) add(displayOf(unit, false));
  }
  let slug = parts.join('-');
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '');
  return slug === '' ? 'story' : slug;
}
