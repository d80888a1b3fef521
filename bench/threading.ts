import type { StreamRecord } from '../src/core/articles/stream-record.js';
import { normaliseDomain } from '../src/core/articles/stream-record.js';
import { createThreadingEngine } from '../src/core/threading/engine.js';
import { createThreadIndexer, type IndexableArticle } from '../src/core/threading/indexer.js';
import { readStreamFile } from '../src/feeds/stream-file.js';
import { createBenchRedis } from './bench-redis.js';
import { scanKeysUnder } from '../src/store/prefix-keys.js';
import { createRedisThreadStore } from '../src/store/redis-thread-store.js';

/**
 * Threading throughput of the pure engine (features, candidate lookup, scoring, index update,
 * merge planning) with 100k live articles in the index, and Redis memory per 100k threaded
 * articles. The stream cycles the UCI headlines: each cycle is shifted ten days later and carries a
 * cycle-specific marker word, so cycles form their own threads (as a real stream's new stories
 * would) instead of piling onto a few dozen giant ones. Nothing is archived during the run.
 */

const LIVE_ARTICLES = 100_000;
const BATCH = 100;
const CYCLE_SHIFT_MS = 10 * 24 * 3_600_000;
/** Per-article cost is sampled over this many articles at each index size. */
const WINDOW = 10_000;

function syntheticName(cycle: number, story: string): string {
  // Pronounceable, never an English word: stands in for the names a new story brings.
  const syllables = ['ka', 'lo', 'mi', 'ru', 'te', 'zo', 'ne', 'vi', 'sa', 'do'];
  let hash = cycle * 7_919;
  for (const char of story) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `${syllables[hash % 10]}${syllables[Math.floor(hash / 10) % 10]}${syllables[Math.floor(hash / 100) % 10]}${syllables[Math.floor(hash / 1000) % 10]}`;
}

function synthesise(records: StreamRecord[], total: number): IndexableArticle[] {
  const articles: IndexableArticle[] = [];
  for (let cycle = 0; articles.length < total; cycle++) {
    for (const record of records) {
      if (articles.length >= total) break;
      articles.push({
        id: `bench-${cycle}-${record.id}`,
        outlet: normaliseDomain(record.source),
        title: `${syntheticName(cycle, record.story ?? record.id)} ${record.title}`,
        summary: '',
        published: Date.parse(record.published) + cycle * CYCLE_SHIFT_MS,
        lean: 'unrated',
        country: '',
      });
    }
  }
  return articles;
}

function engineThroughput(articles: IndexableArticle[]) {
  const engine = createThreadingEngine({ archiveAfterMs: 10 * 365 * 24 * 3_600_000 });
  /** Elapsed ms and live threads whenever `offset` reaches a checkpoint. */
  const checkpoints = new Map<number, { ms: number; threads: number }>();
  const middle = Math.floor(articles.length / 2 / BATCH) * BATCH;
  const wanted = new Set([0, WINDOW, middle - WINDOW, middle, articles.length - WINDOW, articles.length]);
  const started = performance.now();
  for (let offset = 0; offset <= articles.length; offset += BATCH) {
    if (wanted.has(offset)) checkpoints.set(offset, { ms: performance.now() - started, threads: engine.threadCount() });
    if (offset === articles.length) break;
    for (const article of articles.slice(offset, offset + BATCH)) engine.commit(engine.decide(article).entry);
    for (const merge of engine.planMerges()) engine.commit(merge);
  }
  const at = (offset: number) => checkpoints.get(offset) ?? { ms: 0, threads: 0 };
  return {
    seconds: at(articles.length).ms / 1000,
    threads: at(articles.length).threads,
    firstWindowUs: ((at(WINDOW).ms - at(0).ms) * 1000) / WINDOW,
    threadsAfterFirstWindow: at(WINDOW).threads,
    middleWindowUs: ((at(middle).ms - at(middle - WINDOW).ms) * 1000) / WINDOW,
    threadsAtMiddle: at(middle).threads,
    lastWindowUs: ((at(articles.length).ms - at(articles.length - WINDOW).ms) * 1000) / WINDOW,
  };
}

async function redisMemory(articles: IndexableArticle[]) {
  const bench = createBenchRedis('threading');
  const { redis } = bench;
  try {
    const store = createRedisThreadStore(redis, bench.keys);
    const indexer = createThreadIndexer(store, { engine: { archiveAfterMs: 10 * 365 * 24 * 3_600_000 } });
    const started = performance.now();
    for (let offset = 0; offset < articles.length; offset += 1_000) await indexer.assign(articles.slice(offset, offset + 1_000));
    const seconds = (performance.now() - started) / 1000;

    let bytes = 0;
    let snapshotBytes = 0;
    let keys = 0;
    for await (const batch of scanKeysUnder(redis, bench.prefix, 2_000)) {
      const pipeline = redis.pipeline();
      for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, usage], index) => {
        const size = Number(usage ?? 0);
        bytes += size;
        if (batch[index]!.endsWith(':threading:snapshot')) snapshotBytes += size;
      });
      keys += batch.length;
    }
    return { seconds, bytes, snapshotBytes, keys };
  } finally {
    await bench.cleanup();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const { records } = await readStreamFile('data/streams/uci-news-2014-03.jsonl');
  const articles = synthesise(records, LIVE_ARTICLES);
  const engine = engineThroughput(articles);
  const memory = await redisMemory(articles);
  return {
    engineArticlesPerSec: Math.round(articles.length / engine.seconds),
    engineUsPerArticleFirst10k: Math.round(engine.firstWindowUs),
    threadsAfter10k: engine.threadsAfterFirstWindow,
    engineUsPerArticle40to50k: Math.round(engine.middleWindowUs),
    threadsAt50k: engine.threadsAtMiddle,
    engineUsPerArticleLast10kOf100k: Math.round(engine.lastWindowUs),
    threadsAt100k: engine.threads,
    redisPipelineArticlesPerSec: Math.round(articles.length / memory.seconds),
    redisMiBPer100kArticles: Math.round((memory.bytes / 1024 / 1024) * (100_000 / articles.length) * 10) / 10,
    redisSnapshotMiB: Math.round((memory.snapshotBytes / 1024 / 1024) * 10) / 10,
    redisKeys: memory.keys,
  };
}
