import { readFileSync } from 'node:fs';
import { createThreadFinder } from '../src/core/finding/finder.js';
import { topicOf } from '../src/core/finding/topic.js';
import { seededRandom } from '../src/core/seeded-random.js';
import type { CatalogEntry } from '../src/core/thread.js';
import { percentile, round } from './figures.js';

/**
 * The thread resolver at 10k live threads: `/thread <text>` resolution and autocomplete on the
 * same per-process index (src/core/finding), built from catalogue entries whose topics, names and
 * key terms come from real headlines (the UCI stream, recombined: 10k threads from 4.6k headlines).
 * The catalogue and rank sources are in memory, so the figures are the index's own cost; a real
 * process adds two small Redis reads per call (catalogue version and ranking time).
 */

const THREADS = 10_000;
const QUERIES = 5_000;
const WARMUP = 500;
const STREAM = new URL('../data/streams/uci-news-2014-03.jsonl', import.meta.url);

function catalogue(): CatalogEntry[] {
  const headlines = readFileSync(STREAM, 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { title: string }).title);
  const next = seededRandom(11);
  const pick = () => headlines[Math.floor(next() * headlines.length)]!;
  const entries: CatalogEntry[] = [];
  const slugs = new Set<string>();
  for (let index = 0; index < THREADS; index += 1) {
    const pool = [pick(), pick(), pick()];
    const topic = topicOf({ headlines: pool });
    let slug = topic.slug;
    for (let n = 2; slugs.has(slug); n += 1) slug = `${topic.slug}-${n}`;
    slugs.add(slug);
    const words = pool.join(' ').split(/\s+/).filter((word) => word.length > 3);
    entries.push({
      threadId: `t${index}`,
      slug,
      aliases: index % 20 === 0 ? [`old-${slug}`] : [],
      status: index % 10 === 0 ? 'archived' : 'active',
      lastUpdated: Date.UTC(2014, 2, 1) + index * 60_000,
      title: pool[0]!,
      representativeArticleId: `a${index}`,
      topic: topic.title,
      names: words.filter((word) => /^\p{Lu}/u.test(word)).slice(0, 8),
      keyTerms: words.slice(0, 12),
    });
  }
  return entries;
}

/** What readers type: exact slugs, the slug's words with spaces, one word, a typo, a prefix. */
function queries(entries: readonly CatalogEntry[]): string[] {
  const next = seededRandom(29);
  const out: string[] = [];
  for (let index = 0; index < QUERIES; index += 1) {
    const entry = entries[Math.floor(next() * entries.length)]!;
    const words = entry.slug.split('-');
    const word = words[0] ?? entry.slug;
    switch (index % 5) {
      case 0:
        out.push(entry.slug);
        break;
      case 1:
        out.push(words.join(' '));
        break;
      case 2:
        out.push(`${entry.topic} latest`);
        break;
      case 3:
        out.push(word.length > 4 ? word.slice(0, -2) + word.slice(-1) : word);
        break;
      default:
        out.push(word.slice(0, 4));
    }
  }
  return out;
}

export async function run(): Promise<Record<string, number | string>> {
  const entries = catalogue();
  const ranks = new Map(entries.filter((entry) => entry.status === 'active').map((entry, index) => [entry.threadId, index + 1]));
  let version = 1;
  let current = entries;
  const finder = createThreadFinder({
    catalog: { listCatalog: async () => current, catalogVersion: async () => String(version) },
    ranks: { getCurrentRanks: async () => ranks, getRankingInfo: async () => ({ at: 1, count: ranks.size }) },
  });
  const buildStarted = performance.now();
  await finder.current();
  const buildMs = performance.now() - buildStarted;

  const typed = queries(entries);
  for (const query of typed.slice(0, WARMUP)) await finder.find(query);
  const resolve: number[] = [];
  let found = 0;
  for (const query of typed) {
    const started = performance.now();
    const outcome = await finder.find(query);
    resolve.push(performance.now() - started);
    if (outcome.kind === 'found') found += 1;
  }
  const complete: number[] = [];
  for (const query of typed) {
    const partial = query.slice(0, Math.max(1, Math.ceil(query.length / 2)));
    const started = performance.now();
    await finder.complete(partial, 25);
    complete.push(performance.now() - started);
  }
  // A new thread becomes public: the index re-reads the catalogue and re-indexes only what changed.
  current = entries.map((entry, index) => (index < 100 ? { ...entry, topic: `${entry.topic} Update` } : entry));
  version += 1;
  const refreshStarted = performance.now();
  await finder.current();
  const refreshMs = performance.now() - refreshStarted;

  return {
    threads: THREADS,
    queries: typed.length,
    'resolve p50 ms': round(percentile(resolve, 50)),
    'resolve p99 ms': round(percentile(resolve, 99)),
    'complete p99 ms': round(percentile(complete, 99)),
    'queries resolved': `${Math.round((100 * found) / typed.length)} %`,
    'index build ms': round(buildMs),
    'refresh after 100 changes ms': round(refreshMs),
  };
}
