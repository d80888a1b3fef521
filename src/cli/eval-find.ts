import { randomBytes } from 'node:crypto';
import type { Invocation } from '../../commands/command.js';
import { articleFromStreamRecord } from '../core/articles/normalise.js';
import type { StreamRecord } from '../core/articles/stream-record.js';
import { foldedWords } from '../core/finding/query.js';
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
 */

const USAGE = 'usage: npm run -s cli -- eval-find FILE.jsonl   (a labelled stream: every line has a "story")';
export const MIN_STORY_ARTICLES = 20;
/** Names per thread checked against its slug. */
const TOP_NAMES = 3;

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

export interface FindEvaluation {
  stories: number;
  /** Stories for which some public thread is mostly that story: the most a resolver can find. */
  findable: number;
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

  // Names: the thread's recurring names (facets), ranked by how many of its headlines use them.
  let slugsMissingNames = 0;
  const slugExamples: FindEvaluation['slugExamples'] = [];
  const articleTitles = new Map(records.map((record) => [articleFromStreamRecord(record, outlets.lookup(record.source)).id, record.title]));
  for (const entry of catalog) {
    const ids = await threads.getArticleIds(entry.threadId, { limit: 100_000, order: 'oldest' });
    const headlines = ids.map((id) => new Set(foldedWords(articleTitles.get(id) ?? '')));
    const frequency = (name: string) => {
      const parts = foldedWords(name);
      return headlines.filter((present) => parts.length > 0 && parts.every((part) => present.has(part))).length;
    };
    const top = [...new Set(entry.names)].map((name) => ({ name, count: frequency(name) })).filter((candidate) => candidate.count > 0);
    top.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
    const names = top.slice(0, TOP_NAMES).map((candidate) => candidate.name);
    if (names.length === 0) continue;
    const slugWords = new Set(entry.slug.split('-'));
    const joined = entry.slug.replace(/-/g, '');
    const named = names.some((name) => {
      const parts = foldedWords(name);
      return parts.some((part) => slugWords.has(part)) || joined.includes(parts.join(''));
    });
    if (!named) {
      slugsMissingNames += 1;
      if (slugExamples.length < 10) slugExamples.push({ slug: entry.slug, names });
    }
  }
  return { stories: queries.size, findable, hyphenHits, spaceHits, publicThreads: catalog.length, slugsMissingNames, misses, slugExamples };
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
        `(${result.findable} have a public thread that is mostly them); ` +
        `${result.slugsMissingNames} of ${result.publicThreads} public threads have a slug with none of their ${TOP_NAMES} most frequent headline names`,
    );
    console.log(
      JSON.stringify({
        stories: result.stories,
        findable: result.findable,
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
