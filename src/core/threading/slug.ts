import nlp from 'compromise';
import { stemOf } from './features.js';

/**
 * A slug is what people type (`/thread trump-putin`), so it is built from the two or three most
 * salient terms of the thread — names first, as ranked by the caller — in their plain spelling,
 * ASCII only, short. A third term is added only when it is nearly as salient as the second, so
 * slugs stay two words unless the story really has three protagonists.
 */

const MAX_SLUG_LENGTH = 32;
const THIRD_TERM_MIN_SHARE = 0.75;
const MIN_WORD_LENGTH = 3;

export function asciiSlugPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * @param ranked features with salience, best first (phrase features are `a_b`)
 * @param surfaceOf the readable form of a feature (stems like `airlin` are not typeable words)
 * @param headline the thread's title: chosen words follow its word order (`malaysia-airlines`,
 *   never `airlines-malaysia`); words it lacks keep their salience order after those it has
 */
export function slugFromTerms(
  ranked: readonly [string, number][],
  surfaceOf: (feature: string) => string | undefined,
  headline = '',
  mayBeThird: (feature: string) => boolean = () => true,
): string {
  const words: string[] = [];
  const weights: number[] = [];
  for (const [feature, weight] of ranked) {
    const isPhrase = feature.includes('_');
    // Lone one- or two-letter words ("us", "ch", "mt") read as noise in a slug; inside a phrase they
    // are part of a name ("mt-gox") and stay.
    const parts = feature
      .split('_')
      .map((part) => asciiSlugPart(surfaceOf(part) ?? part))
      .filter((part) => part.length >= (isPhrase ? 1 : MIN_WORD_LENGTH));
    const fresh = parts.filter((part) => !words.includes(part));
    if (fresh.length === 0) continue;
    if (words.length >= 2 && (words.length + fresh.length > 3 || weight < THIRD_TERM_MIN_SHARE * (weights[1] ?? weight))) break;
    if (words.length + fresh.length > 2 && !mayBeThird(feature)) continue;
    if (words.length + fresh.length > 3) continue;
    for (const part of fresh) {
      words.push(part);
      weights.push(weight);
    }
    if (words.length >= 3) break;
  }
  const headlineWords = headline.split(/[^\p{L}\p{N}]+/u).map(asciiSlugPart);
  const position = (word: string) => {
    const index = headlineWords.findIndex((candidate) => candidate === word || (candidate.startsWith(word) && word.length >= 4));
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const ordered = words.map((word, rank) => ({ word, rank, at: position(word) })).sort((a, b) => a.at - b.at || a.rank - b.rank);
  let slug = ordered.map((entry) => entry.word).join('-');
  if (slug.length > MAX_SLUG_LENGTH) slug = slug.slice(0, MAX_SLUG_LENGTH).replace(/-[^-]*$/, '');
  return slug === '' ? 'story' : slug;
}

/**
 * Words feeds put into headlines that say how an item is packaged, not what happened. Generic to
 * news feeds in English; IDF alone does not remove them from a small thread, where one outlet's
 * habit ("… | RSS", "LIVE: …") can be the rarest word of three headlines.
 */
const FEED_BOILERPLATE = new Set(
  `rss feed feeds update updates updated live liveblog blog blogs video videos photo photos pictures picture gallery slideshow
  exclusive report reports reported reporting says said say breaking watch news latest analysis opinion editorial review
  podcast interview infographic roundup recap highlights preview transcript listen read click here today week`.split(/\s+/),
);

/** Labels of a domain that are not the outlet's name. */
const DOMAIN_NOISE = new Set(['www', 'com', 'net', 'org', 'news', 'blogs', 'blog', 'feeds', 'rss', 'online', 'edu', 'gov', 'info', 'mobile', 'amp']);

/** How a part of speech scales a term's salience: names make slugs, verbs and adjectives rarely do. */
const ENTITY_FACTOR = 1.5;
const NOUN_FACTOR = 1;
const OTHER_FACTOR = 0.5;
const VERB_OR_ADJECTIVE_FACTOR = 0.3;
/** Share of the headlines using either word in which the two stand together, for a collocation. */
const COLLOCATION_MIN_SHARE = 0.75;
/** A two-word name is more specific than either word (the extractor's phrase boost). */
const COLLOCATION_PREFERENCE = 1.5;

export interface SlugSource {
  /** Thread features with salience (centroid weight × IDF), any order; phrase features are `a_b`. */
  terms: readonly [string, number][];
  /** Features the feature extractor marked as names. */
  names: ReadonlySet<string>;
  /** The thread's headlines, most representative first. */
  headlines: readonly string[];
  /** Domains of the thread's outlets: their names in headlines ("Benzinga's …") are not the story. */
  outlets: readonly string[];
  /** Plain spelling of a feature the headlines lack (a body-text term). */
  fallbackSurface?: (feature: string) => string | undefined;
}

interface StemUsage {
  surfaces: Map<string, number>;
  entity: number;
  noun: number;
  verbOrAdjective: number;
  occurrences: number;
  /** How many of the headlines use it. */
  headlines: number;
}

interface HeadlineUsage {
  usage: Map<string, StemUsage>;
  /** `a_b` → headlines where stem a is directly followed by stem b, both capitalised (a name's shape). */
  pairs: Map<string, number>;
  excluded: Set<string>;
}

function outletWords(outlets: readonly string[]): Set<string> {
  const words = new Set<string>();
  for (const domain of outlets) {
    const labels = domain.toLowerCase().split('.');
    // The last label is the TLD; a two-letter second-level label ("co.uk") is too.
    labels.pop();
    if ((labels.at(-1)?.length ?? 0) <= 2) labels.pop();
    for (const label of labels) {
      if (DOMAIN_NOISE.has(label) || label.length < 3) continue;
      words.add(label);
      for (const part of label.split('-')) if (part.length >= 3) words.add(part);
    }
  }
  return words;
}

/** Part-of-speech and spelling evidence per stem, from the thread's own headlines. */
function usageByStem(headlines: readonly string[], outletNames: Set<string>): HeadlineUsage {
  const usage = new Map<string, StemUsage>();
  const pairs = new Map<string, number>();
  const excluded = new Set<string>();
  for (const headline of headlines) {
    const seenStems = new Set<string>();
    const seenPairs = new Set<string>();
    let previousStem: string | null = null;
    // The tagged term arrays themselves (typed `docs`): half the cost of `.json()`.
    const terms = nlp(headline).docs.flat();
    // In a sentence-case headline a capital after the first word marks a name ("True Detective"
    // in "Why 'True Detective' works"); in Title Case it says nothing.
    const longer = terms.slice(1).filter((term) => term.text.replace(/[^\p{L}]/gu, '').length >= 4);
    const sentenceCase = longer.length > 0 && longer.filter((term) => /^\W*\p{Lu}/u.test(term.text)).length * 2 < longer.length;
    for (let index = 0; index < terms.length; index++) {
      const term = terms[index]!;
      const surface = term.text.replace(/['’]s$/i, '').replace(/[^\p{L}\p{N}]/gu, '');
      if (surface === '') {
        previousStem = null;
        continue;
      }
      const lower = surface.toLowerCase();
      const stem = stemOf(lower);
      const capitalised = /^\p{Lu}/u.test(surface);
      if (previousStem !== null && capitalised) seenPairs.add(`${previousStem}_${stem}`);
      // Punctuation ends a run of words: "Putin: Trump" is not a name.
      previousStem = capitalised && !/[^\s'’]/u.test(term.post ?? '') ? stem : null;
      // Outlet names, also when a headline writes them as two words ("Huffington Post").
      const next = terms[index + 1]?.text.replace(/[^\p{L}\p{N}]/gu, '').toLowerCase() ?? '';
      if (outletNames.has(lower) || (next !== '' && outletNames.has(lower + next))) {
        excluded.add(stem);
        if (next !== '' && outletNames.has(lower + next)) excluded.add(stemOf(next));
        previousStem = null;
        continue;
      }
      const tags = term.tags ?? new Set<string>();
      const entry = usage.get(stem) ?? { surfaces: new Map(), entity: 0, noun: 0, verbOrAdjective: 0, occurrences: 0, headlines: 0 };
      entry.occurrences += 1;
      if (!seenStems.has(stem)) {
        seenStems.add(stem);
        entry.headlines += 1;
      }
      entry.surfaces.set(lower, (entry.surfaces.get(lower) ?? 0) + 1);
      const capitalisedMidSentence = sentenceCase && index > 0 && /^\p{Lu}/u.test(surface);
      if (capitalisedMidSentence || tags.has('Person') || tags.has('Place') || tags.has('Organization') || tags.has('Acronym')) entry.entity += 1;
      else if (tags.has('Noun')) entry.noun += 1;
      else if (tags.has('Verb') || tags.has('Adjective') || tags.has('Adverb')) entry.verbOrAdjective += 1;
      usage.set(stem, entry);
    }
    for (const pair of seenPairs) pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  }
  return { usage, pairs, excluded };
}

function partOfSpeechFactor(usage: StemUsage | undefined, isName: boolean): number {
  if (isName || (usage !== undefined && usage.entity > 0 && usage.entity * 2 >= usage.occurrences)) return ENTITY_FACTOR;
  if (!usage) return OTHER_FACTOR;
  if (usage.noun + usage.entity >= usage.verbOrAdjective && usage.noun + usage.entity > 0) return NOUN_FACTOR;
  if (usage.verbOrAdjective > 0) return VERB_OR_ADJECTIVE_FACTOR;
  return OTHER_FACTOR;
}

function mostFrequentSurface(usage: StemUsage | undefined): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const [surface, count] of usage?.surfaces ?? []) {
    if (count > bestCount) {
      best = surface;
      bestCount = count;
    }
  }
  return best;
}

/**
 * The slug stem of a thread, built once when it becomes public: its most salient terms, re-weighted
 * by what the headlines say they are (names over nouns over verbs and adjectives, by compromise's
 * tagger plus the extractor's own name evidence), spelled as the headlines most often spell them,
 * minus the thread's own outlet names and feed boilerplate.
 */
export function slugForThread(source: SlugSource): string {
  const outletNames = outletWords(source.outlets);
  const { usage, pairs, excluded } = usageByStem(source.headlines, outletNames);
  const headlineCount = Math.max(1, source.headlines.length);
  // What the thread's articles have in common names it: a word in one headline of three is an
  // aside of that article (or the one word that pulled it in), not the story.
  const coverage = (part: string) => Math.max(1, usage.get(part)?.headlines ?? 0) / headlineCount;
  const isNoise = (part: string) => {
    const surface = mostFrequentSurface(usage.get(part)) ?? source.fallbackSurface?.(part) ?? part;
    return excluded.has(part) || outletNames.has(surface) || FEED_BOILERPLATE.has(surface) || FEED_BOILERPLATE.has(part);
  };
  const salienceOf = new Map(source.terms);
  const weigh = (feature: string, salience: number) => {
    const parts = feature.split('_');
    const factor = Math.min(...parts.map((part) => partOfSpeechFactor(usage.get(part), source.names.has(part) || source.names.has(feature))));
    return salience * factor * Math.min(...parts.map(coverage));
  };
  const ranked: [string, number][] = [];
  for (const [feature, salience] of source.terms) {
    if (feature.split('_').some(isNoise)) continue;
    ranked.push([feature, weigh(feature, salience)]);
  }
  // Collocations: two salient capitalised words that stand next to each other in most headlines
  // using them are one name ("Flappy Bird", "True Detective") and go into the slug together. Like
  // the extractor's phrase features, the name outranks each of its words.
  for (const [pair, count] of pairs) {
    if (count < 2 || salienceOf.has(pair)) continue;
    const [first = '', second = ''] = pair.split('_');
    const firstSalience = salienceOf.get(first);
    const secondSalience = salienceOf.get(second);
    if (firstSalience === undefined || secondSalience === undefined || first === second || isNoise(first) || isNoise(second)) continue;
    const together = count / Math.max(usage.get(first)?.headlines ?? 0, usage.get(second)?.headlines ?? 0, 1);
    if (together < COLLOCATION_MIN_SHARE) continue;
    ranked.push([pair, Math.max(weigh(first, firstSalience), weigh(second, secondSalience)) * COLLOCATION_PREFERENCE]);
  }
  ranked.sort((a, b) => b[1] - a[1]);
  // A third word must be common ground too: most headlines use it.
  const sharedByMost = (feature: string) => Math.min(...feature.split('_').map(coverage)) >= 0.5;
  return slugFromTerms(ranked, (part) => mostFrequentSurface(usage.get(part)) ?? source.fallbackSurface?.(part), source.headlines[0] ?? '', sharedByMost);
}
