import type { ThreadFacets } from '../thread.js';
import { createTopicNamer, type TopicSource } from '../finding/topic.js';
import { termsCosineWithThread, type Headline, type ThreadState } from './thread-state.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * What a thread is about, read from its core articles: the representative article (the most
 * central one: highest cosine with the thread's centroid), the headlines that name the thread, and
 * the names and key terms readers find it by.
 *
 * Each thread keeps its HEADLINE_POOL most central core headlines (strays never enter: they joined
 * weakly, see assignment.ts). Centrality is re-scored against the current centroid whenever the
 * thread is re-ranked, so the representative follows the story as it grows; an article that was
 * never among the most central of its time is unlikely to become the most central later, which is
 * what makes a bounded pool enough.
 */

/** Core headlines kept per thread (the topic builder and the slug read them). */
export const HEADLINE_POOL = 24;
/** Facet sizes (ThreadFacets). */
const FACET_NAMES = 8;
const FACET_TERMS = 12;
/** Spellings come from the most central headlines: they use the thread's words the way readers see them. */
const SPELLING_HEADLINES = 8;

/** Whether a UTF-16 code unit is what a regular expression's `\s` matches (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Whitespace-separated words, counted without building them (every re-rank re-scores the pool). */
function wordCount(title: string): number {
  let words = 0;
  let inWord = false;
  for (let index = 0; index < title.length; index++) {
    const space = isSpace(title.charCodeAt(index));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Labels like "Business Highlights" are not headlines; run-on feed titles are worse headlines. */
function lengthFactor(title: string): number {
  const words = wordCount(title);
  return words < 4 ? 0.5 : words > 20 ? 0.8 : 1;
}

function centrality(headline: Headline, thread: ThreadState, vocabulary: Vocabulary): number {
  return termsCosineWithThread(headline.terms, thread, vocabulary) * lengthFactor(headline.title);
}

function byCentrality(a: Headline, b: Headline): number {
  return b.centrality - a.centrality || (a.articleId < b.articleId ? -1 : a.articleId > b.articleId ? 1 : 0);
}

/** Offers a new core article's headline to the pool (scored against the current centroid). */
export function offerHeadline(thread: ThreadState, headline: Omit<Headline, 'centrality'>, vocabulary: Vocabulary): void {
  if (headline.title === '') return;
  const scored: Headline = { ...headline, centrality: 0 };
  scored.centrality = centrality(scored, thread, vocabulary);
  const pool = thread.headlines;
  if (pool.length >= HEADLINE_POOL && byCentrality(scored, pool[pool.length - 1]!) >= 0) return;
  let position = pool.length;
  while (position > 0 && byCentrality(scored, pool[position - 1]!) < 0) position--;
  pool.splice(position, 0, scored);
  if (pool.length > HEADLINE_POOL) pool.pop();
}

/** Re-scores the pool against the current centroid (on re-rank and after merges and moves). */
export function rescoreHeadlines(thread: ThreadState, vocabulary: Vocabulary): void {
  for (const headline of thread.headlines) headline.centrality = centrality(headline, thread, vocabulary);
  thread.headlines.sort(byCentrality);
  if (thread.headlines.length > HEADLINE_POOL) thread.headlines.length = HEADLINE_POOL;
}

export function dropHeadline(thread: ThreadState, articleId: string): void {
  thread.headlines = thread.headlines.filter((headline) => headline.articleId !== articleId);
}

/** The representative headline ('' for a thread of untitled articles). */
export function titleOf(thread: ThreadState): string {
  return thread.headlines[0]?.title ?? '';
}

/**
 * What the topic builder (and anything else naming a thread) reads: the core headlines, most
 * central first, with their outlets, and the names and key terms by salience as headlines spell them.
 */
export interface ThreadDescription {
  headlines: { articleId: string; title: string; outlet: string }[];
  names: string[];
  keyTerms: string[];
}

/** Words of a headline as it spells them, by lower case (first spelling wins); kept per title, titles recur across facet points. */
const titleSpellings = new Map<string, [string, string][]>();
const TITLE_SPELLINGS_LIMIT = 50_000;

function spellingsOf(title: string): [string, string][] {
  let spellings = titleSpellings.get(title);
  if (!spellings) {
    if (titleSpellings.size >= TITLE_SPELLINGS_LIMIT) titleSpellings.clear();
    spellings = [];
    for (const word of title.split(/[^\p{L}\p{N}'’.&-]+/u)) if (word !== '') spellings.push([word.toLowerCase(), word]);
    titleSpellings.set(title, spellings);
  }
  return spellings;
}

/** Features by salience (centroid weight × idf, computed once each), strongest first; ties by feature. */
function bySalience(thread: ThreadState, vocabulary: Vocabulary, features: Iterable<string>): string[] {
  const scored: { feature: string; salience: number }[] = [];
  for (const feature of features) scored.push({ feature, salience: (thread.centroid.get(feature) ?? 0) * vocabulary.idf(feature) });
  scored.sort((a, b) => b.salience - a.salience || (a.feature < b.feature ? -1 : 1));
  return scored.map((entry) => entry.feature);
}

export function describeThread(thread: ThreadState, vocabulary: Vocabulary): ThreadDescription {
  const spellings = new Map<string, string>();
  for (const headline of thread.headlines.slice(0, SPELLING_HEADLINES)) {
    for (const [lower, word] of spellingsOf(headline.title)) if (!spellings.has(lower)) spellings.set(lower, word);
  }
  const spell = (feature: string) =>
    feature
      .split('_')
      .map((part) => {
        const surface = vocabulary.surface(part) ?? part;
        return spellings.get(surface) ?? surface;
      })
      .join(' ');
  // Spelled strongest first until `limit` distinct spellings: the rest would be cut anyway.
  const spelled = (features: Iterable<string>, limit: number) => {
    const out = new Set<string>();
    for (const feature of bySalience(thread, vocabulary, features)) {
      if (out.size >= limit) break;
      out.add(spell(feature));
    }
    return [...out];
  };
  return {
    headlines: thread.headlines.map(({ articleId, title, outlet }) => ({ articleId, title, outlet })),
    names: spelled(thread.names, FACET_NAMES),
    keyTerms: spelled(thread.indexed, FACET_TERMS),
  };
}

/** Topic titles and slugs (src/core/finding/topic.ts); its cache of analysed headlines is shared, as headlines are. */
const topics = createTopicNamer();

function topicSourceOf(thread: ThreadState, description: ThreadDescription): TopicSource {
  return {
    headlines: description.headlines.map((headline) => headline.title),
    names: description.names,
    outlets: [...thread.outlets, ...description.headlines.map((headline) => headline.outlet)],
  };
}

/** A thread's facets and slug stem as of one commit (see captureFacets). */
export interface CapturedFacets {
  facets: () => ThreadFacets;
  /** The slug stem, from the same topic as the facets ('' for a thread that is not public). */
  slugBase: () => string;
}

/**
 * The facets written with every change of the thread, and the slug stem. This is the one place
 * that turns a thread into what readers see; the topic title comes from what the core headlines
 * have in common, and the slug from the same topic (names first, in the order the headlines say them).
 *
 * Captured in two steps: what the facets are built from is copied out of the thread now (cheap:
 * the core headlines, names and key terms as spelled), and the topic title — most of the cost — is
 * built when `facets` or `slugBase` is first called. A writer that learns a later commit of the
 * same batch supersedes these facets never calls it (indexer.ts).
 */
export function captureFacets(thread: ThreadState, vocabulary: Vocabulary): CapturedFacets {
  const description = describeThread(thread, vocabulary);
  const representative = thread.headlines[0];
  // Readers see public threads only: a thread gets its topic title on the commit that makes it
  // public (its slug comes from the same title), not for each of the many threads that stay private.
  const source = thread.slugIssued ? topicSourceOf(thread, description) : null;
  // Built once: the commit that makes a thread public asks for both the facets and the slug stem.
  let described: ReturnType<typeof topics.describe> | undefined;
  const topic = () => (source ? (described ??= topics.describe(source)) : null);
  let facets: ThreadFacets | undefined;
  return {
    facets: () =>
      (facets ??= {
        title: representative?.title ?? '',
        representativeArticleId: representative?.articleId ?? '',
        topic: topic()?.title ?? '',
        names: description.names,
        keyTerms: description.keyTerms,
      }),
    slugBase: () => topic()?.slug ?? '',
  };
}
