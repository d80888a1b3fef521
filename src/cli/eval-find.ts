import { randomBytes } from 'node:crypto';
import type { Invocation } from '../../commands/command.js';
import { articleFromStreamRecord } from '../core/articles/normalise.js';
import type { StreamRecord } from '../core/articles/stream-record.js';
import { foldedWords, isStopword } from '../core/finding/query.js';
import { stripWirePrefix } from '../core/articles/text.js';
import { words } from '../core/text/tokenise.js';
import { ENGLISH_STOPWORDS } from '../core/text/stopwords.js';
import { createOutletDirectory } from '../config/outlets.js';
import { readStreamFile } from '../feeds/stream-file.js';
import { boot } from '../runtime/boot.js';
import { createApp, type App } from '../runtime/compose.js';
import { ingestStream } from '../runtime/stream-ingest.js';
import { deleteKeysUnder } from '../store/prefix-keys.js';

/**
 * `eval-find FILE.jsonl`: can a reader find a story by the words they remember? The labelled
 * stream goes through the production pipeline (queues, threading, hourly ranking) on a private
 * Redis prefix, deleted afterwards. For every story of at least MIN_STORY_ARTICLES articles the
 * query is its two most distinctive headline words, lowercased, and `/thread w1-w2` and
 * `/thread w1 w2` run through the real command runner. A hit is a reply about a thread whose
 * articles are mostly (more than half) that story.
 *
 * Distinctive = highest TF-IDF over headlines: the share of the story's headlines that use the
 * word times ln(all headlines / headlines using it anywhere in the stream). A word every story
 * uses scores nothing; a word only this story uses, in most of its headlines, scores most. Stopwords
 * and bare numbers are not words a reader would type.
 *
 * It also counts public threads whose slug has none of the thread's three most frequent headline
 * names. Names are read from how the stream's headlines write them (nameLexicon), not taken from
 * the engine's facets: those are lower-cased where the engine guessed ("anu", "uk") and bounded by
 * salience, so they missed names every headline has ("Chrysler") and counted "us" as "US".
 */

const USAGE = 'usage: npm run -s cli -- eval-find FILE.jsonl   (a labelled stream: every line has a "story")';
export const MIN_STORY_ARTICLES = 20;
/** Names per thread checked against its slug. */
const TOP_NAMES = 3;
/** A name is the thread's when at least this many of its headlines use it… */
const MIN_NAME_HEADLINES = 2;
/** …and at least this share of them: a name in one headline in ten is a detail, not what the thread is about. */
const MIN_NAME_SHARE = 0.25;

function headlineWords(title: string): Set<string> {
  const out = new Set<string>();
  for (const token of words(title)) {
    if (token.word.length < 2 || ENGLISH_STOPWORDS.has(token.word) || !/\p{L}/u.test(token.word)) continue;
    out.add(token.word);
  }
  return out;
}

/** Story id → its two most distinctive headline words (see the module comment). */
export function distinctiveQueries(records: readonly StreamRecord[], minArticles = MIN_STORY_ARTICLES): Map<string, [string, string]> {
  const documentFrequency = new Map<string, number>();
  const byStory = new Map<string, Set<string>[]>();
  for (const record of records) {
    const present = headlineWords(record.title);
    for (const word of present) documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
    if (!record.story) continue;
    const list = byStory.get(record.story) ?? [];
    list.push(present);
    byStory.set(record.story, list);
  }
  const total = records.length;
  const queries = new Map<string, [string, string]>();
  for (const [story, headlines] of [...byStory].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (headlines.length < minArticles) continue;
    const inStory = new Map<string, number>();
    for (const present of headlines) for (const word of present) inStory.set(word, (inStory.get(word) ?? 0) + 1);
    const scored = [...inStory]
      .map(([word, count]) => ({ word, score: (count / headlines.length) * Math.log(total / (documentFrequency.get(word) ?? 1)) }))
      .sort((a, b) => b.score - a.score || (a.word < b.word ? -1 : 1));
    const [first, second] = scored;
    if (first && second) queries.set(story, [first.word, second.word]);
  }
  return queries;
}

/** How the thread's outlets are named: each domain label ("wdrb" of wdrb.com) and each publisher name, joined ("losangelestimes"). */
function outletNamesOf(articles: readonly Pick<StreamRecord, 'source' | 'publisher'>[]): Set<string> {
  const out = new Set<string>();
  for (const { source, publisher } of articles) {
    const labels = source.toLowerCase().replace(/^www\d*\./, '').split('.');
    labels.pop();
    for (const label of labels) out.add(foldedWords(label).join(''));
    if (publisher) out.add(foldedWords(publisher).join(''));
  }
  return out;
}

/** Punctuation after which a headline starts over ("Titanfall: …", "… - WDRB 41"). */
const SEGMENT_BREAK = /\s*[,;:|!?()[\]"“”‘’]\s*|\s+[-–—]\s+|[–—]/u;
/** Capitals say nothing in a headline whose longer non-initial words are mostly capitalised (Title Case). */
const TITLE_CASE_SHARE = 0.6;

/** Months and weekdays are capitalised in English but are when, not who: from Intl, not a word list. */
const CALENDAR_WORDS = new Set(
  [
    ...Array.from({ length: 12 }, (_, month) => new Date(Date.UTC(2014, month, 1))),
    ...Array.from({ length: 7 }, (_, day) => new Date(Date.UTC(2014, 2, 10 + day))),
  ].flatMap((date) =>
    (['long', 'short'] as const).flatMap((width) => [
      new Intl.DateTimeFormat('en', { month: width, timeZone: 'UTC' }).format(date),
      new Intl.DateTimeFormat('en', { weekday: width, timeZone: 'UTC' }).format(date),
    ]).map((word) => word.toLowerCase()),
  ),
);

interface WrittenWord {
  /** Folded (query.ts), so it compares with slugs. */
  word: string;
  /** Written with a capital or a digit ("US", "iOS", "MH370"), not all lower case. */
  capital: boolean;
  /** Written as only a name is: an acronym ("OECD") or a capital inside ("iPhone", "KentuckyOne"). */
  nameShape: boolean;
  /** First word of the headline or of a segment of it, where capitals say nothing. */
  initial: boolean;
}

function writtenWords(title: string): { words: WrittenWord[]; caseless: boolean } {
  const out: WrittenWord[] = [];
  for (const segment of stripWirePrefix(title).split(SEGMENT_BREAK)) {
    let initial = true;
    for (const piece of segment.split(/[^\p{L}\p{N}'’.&-]+/u)) {
      const surface = piece.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (surface === '') continue;
      const letters = surface.replace(/[^\p{L}]/gu, '');
      const nameShape = (letters.length >= 2 && letters.length <= 6 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) || /\p{Ll}\p{Lu}/u.test(surface);
      const capital = /[\p{Lu}\p{N}]/u.test(surface);
      for (const word of foldedWords(surface)) out.push({ word, capital, nameShape, initial });
      initial = false;
    }
  }
  const longer = out.filter((token) => !token.initial && token.word.length >= 4);
  const shouted = out.length > 1 && out.every((token) => token.nameShape || !/\p{L}/u.test(token.word));
  const caseless = shouted || (longer.length > 0 && longer.filter((token) => token.capital).length >= TITLE_CASE_SHARE * longer.length);
  return { words: out, caseless };
}

/**
 * The words a stream writes as names, from how every headline writes them: a word is a name when at
 * least half of its telling sightings are capitalised, a telling sighting being one inside a
 * sentence-case headline (not its first word, not a Title Case or shouted headline) or a name's shape
 * anywhere (an acronym, a capital inside). A word no headline tells about ("Mindy", only ever
 * first or in Title Case) is a name when no headline writes it in lower case and two write it at all. Function words count only in a name's shape ("US", not "us"); amounts ("2M", "792p")
 * and dates are not names. This is the measure's own reading of the headlines,
 * independent of the engine's names and of the topic builder.
 */
export function nameLexicon(titles: readonly string[]): Set<string> {
  const sightings = new Map<string, { name: number; plain: number; seen: number; lower: number }>();
  for (const title of titles) {
    const { words: written, caseless } = writtenWords(title);
    for (const token of written) {
      if (/^\p{N}/u.test(token.word) || token.word.length < 2 || CALENDAR_WORDS.has(token.word)) continue;
      if (isStopword(token.word) && !token.nameShape) continue;
      const counts = sightings.get(token.word) ?? { name: 0, plain: 0, seen: 0, lower: 0 };
      counts.seen += 1;
      if (!token.capital) counts.lower += 1;
      if (token.nameShape || (!caseless && !token.initial)) {
        if (token.nameShape || token.capital) counts.name += 1;
        else counts.plain += 1;
      }
      sightings.set(token.word, counts);
    }
  }
  const isName = ({ name, plain, seen, lower }: { name: number; plain: number; seen: number; lower: number }) =>
    name + plain > 0 ? name >= plain && name > 0 : lower === 0 && seen >= 2;
  return new Set([...sightings].filter(([, counts]) => isName(counts)).map(([word]) => word));
}

/**
 * A thread's TOP_NAMES most frequent headline names: words of the stream's name lexicon, counted in
 * the thread's headlines that write them as names ("US" counts, "tell us" does not). A name must
 * recur, in MIN_NAME_HEADLINES headlines and MIN_NAME_SHARE of them at least: one headline's name
 * is not what a thread of several stories is about, and a thread without such a name ("Gas Prices")
 * has no name its slug could miss. An outlet's own name ("… - WDRB 41" from wdrb.com) is not the story.
 */
export function threadNames(lexicon: ReadonlySet<string>, articles: readonly Pick<StreamRecord, 'title' | 'source' | 'publisher'>[]): string[] {
  const outletNames = outletNamesOf(articles);
  const counts = new Map<string, number>();
  for (const article of articles) {
    const used = new Set<string>();
    for (const token of writtenWords(article.title).words) {
      if (!lexicon.has(token.word) || outletNames.has(token.word)) continue;
      if (isStopword(token.word) ? token.nameShape : token.capital) used.add(token.word);
    }
    for (const word of used) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, count]) => count >= Math.max(MIN_NAME_HEADLINES, MIN_NAME_SHARE * articles.length))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_NAMES)
    .map(([word]) => word);
}

/** Whether the slug has a word of one of the names, or a name written joined ("mtgox" for "Mt Gox"). */
export function slugNamesAny(slug: string, names: readonly string[]): boolean {
  const slugWords = new Set(slug.split('-'));
  const joined = slug.replace(/-/g, '');
  return names.some((name) => {
    const parts = foldedWords(name);
    return parts.some((part) => slugWords.has(part)) || joined.includes(parts.join(''));
  });
}

export interface FindEvaluation {
  stories: number;
  /** Stories for which some public thread is mostly that story: the most a resolver can find. */
  findable: number;
  /** Stories asked with the same words as an earlier one: one answer cannot be mostly both stories. */
  sharedQueries: number;
  hyphenHits: number;
  spaceHits: number;
  publicThreads: number;
  /** Public threads whose slug contains none of their three most frequent headline names. */
  slugsMissingNames: number;
  /** `want`: the slug of the public thread that is mostly the story, or null when none is. */
  misses: { story: string; query: string; got: string; want: string | null }[];
  slugExamples: { slug: string; names: string[] }[];
}

const EVAL_INVOCATION: Invocation = { platform: 'console', chatId: 'eval-find', userId: 'eval-find', isGroup: false, canManageSubscriptions: true, now: 0 };


export async function evaluateFinding(app: App, records: readonly StreamRecord[]): Promise<FindEvaluation> {
  const outlets = createOutletDirectory();
  const storyOf = new Map<string, string>();
  for (const record of records) if (record.story) storyOf.set(articleFromStreamRecord(record, outlets.lookup(record.source)).id, record.story);
  const threads = app.stores.threads;

  const queries = distinctiveQueries(records);
  const catalog = await threads.listCatalog();
  const shares = new Map<string, Map<string, number>>();
  for (const entry of catalog) {
    const ids = await threads.getArticleIds(entry.threadId, { limit: 100_000, order: 'oldest' });
    const counts = new Map<string, number>();
    for (const id of ids) {
      const story = storyOf.get(id);
      if (story) counts.set(story, (counts.get(story) ?? 0) + 1);
    }
    shares.set(entry.threadId, new Map([...counts].map(([story, count]) => [story, count / Math.max(1, ids.length)])));
  }
  const findable = [...queries.keys()].filter((story) => [...shares.values()].some((share) => (share.get(story) ?? 0) > 0.5)).length;
  const asked = [...queries.values()].map(([first, second]) => `${first} ${second}`);
  const sharedQueries = asked.length - new Set(asked).size;
  const mostlyAbout = (story: string) => catalog.find((entry) => (shares.get(entry.threadId)?.get(story) ?? 0) > 0.5)?.slug ?? null;
  let hyphenHits = 0;
  let spaceHits = 0;
  const misses: FindEvaluation['misses'] = [];
  for (const [story, [first, second]] of queries) {
    for (const query of [`${first}-${second}`, `${first} ${second}`]) {
      const reply = await app.runner.runLine(`thread ${query}`, EVAL_INVOCATION);
      const about = reply.data?.kind === 'thread' ? reply.data.thread : null;
      const hit = about !== null && (shares.get(about.threadId)?.get(story) ?? 0) > 0.5;
      const slug = about?.slug ?? null;
      if (hit && query.includes('-')) hyphenHits += 1;
      else if (hit) spaceHits += 1;
      else misses.push({ story, query, got: slug ?? reply.blocks.map((block) => (block.type === 'text' ? block.text : '')).join(' ').slice(0, 80), want: mostlyAbout(story) });
    }
  }

  // Names: the words the thread's headlines recur on as names (see threadNames).
  let slugsMissingNames = 0;
  const slugExamples: FindEvaluation['slugExamples'] = [];
  const lexicon = nameLexicon(records.map((record) => record.title));
  const recordOf = new Map(records.map((record) => [articleFromStreamRecord(record, outlets.lookup(record.source)).id, record]));
  for (const entry of catalog) {
    const ids = await threads.getArticleIds(entry.threadId, { limit: 100_000, order: 'oldest' });
    const articles = ids.map((id) => recordOf.get(id)).filter((record): record is StreamRecord => record !== undefined);
    const names = threadNames(lexicon, articles);
    if (names.length === 0) continue;
    if (!slugNamesAny(entry.slug, names)) {
      slugsMissingNames += 1;
      if (slugExamples.length < 10) slugExamples.push({ slug: entry.slug, names });
    }
  }
  return { stories: queries.size, findable, sharedQueries, hyphenHits, spaceHits, publicThreads: catalog.length, slugsMissingNames, misses, slugExamples };
}

export async function main(args: string[]): Promise<number> {
  const [path, ...rest] = args;
  if (!path || rest.length > 0 || path.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  let records: StreamRecord[];
  try {
    records = (await readStreamFile(path)).records;
  } catch (error) {
    console.error(`eval-find: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (!records.some((record) => record.story)) {
    console.error(`eval-find: ${path} has no story labels`);
    return 1;
  }
  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn' });
  if (!booted.ok) return booted.exitCode;
  const { logger, redis } = booted;
  // A private prefix: the evaluation never touches a live install's data, and leaves nothing behind.
  const config = { ...booted.config, REDIS_PREFIX: `evalfind-${randomBytes(4).toString('hex')}` };
  const app = await createApp({ config, logger, redisTarget: redis.target, roles: new Set(['worker']), sources: [], summaryDebounceMs: 200 });
  try {
    await app.start();
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    const result = await evaluateFinding(app, records);
    const percent = (hits: number) => (result.stories === 0 ? 0 : Math.round((1000 * hits) / result.stories) / 10);
    for (const miss of result.misses) console.error(`miss  ${miss.query.padEnd(28)} → ${miss.got.padEnd(24)} (wanted ${miss.want ?? 'none: no public thread is mostly this story'})`);
    for (const example of result.slugExamples) console.error(`slug without its names  ${example.slug}  (${example.names.join(', ')})`);
    console.error(
      `${result.stories} stories of ≥ ${MIN_STORY_ARTICLES} articles: /thread w1-w2 ${percent(result.hyphenHits)} %, /thread w1 w2 ${percent(result.spaceHits)} % ` +
        `(${result.findable} have a public thread that is mostly them; ${result.sharedQueries} asked with the same words as another story); ` +
        `${result.slugsMissingNames} of ${result.publicThreads} public threads have a slug with none of their ${TOP_NAMES} most frequent headline names`,
    );
    console.log(
      JSON.stringify({
        stories: result.stories,
        findable: result.findable,
        sharedQueries: result.sharedQueries,
        hyphenHitRate: percent(result.hyphenHits),
        spaceHitRate: percent(result.spaceHits),
        publicThreads: result.publicThreads,
        slugsMissingNames: result.slugsMissingNames,
      }),
    );
    return 0;
  } finally {
    await deleteKeysUnder(app.redis, config.REDIS_PREFIX).catch(() => 0);
    await app.stop();
    await redis.stop();
  }
}
