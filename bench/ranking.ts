import { pathToFileURL } from 'node:url';
import type { Job } from 'bullmq';
import { createRankThreadsProcessor, type DeliveryItem } from '../jobs/rank-threads.js';
import { LEANS } from '../src/core/lean.js';
import { createLogger } from '../src/logger.js';
import { createBenchRedis } from './bench-redis.js';
import { createRedisRankingStore } from '../src/store/redis-ranking-store.js';
import { createRedisSubscriptionStore } from '../src/store/redis-subscription-store.js';
import { createRedisThreadStore } from '../src/store/redis-thread-store.js';
import { median, percentile, round } from './figures.js';
import { HOUR_MS } from '../src/core/time.js';
import { EMPTY_FACETS } from '../src/core/thread.js';

/**
 * Ranking 10k public threads (seeded through the real thread store's write path) and reading the
 * precomputed stats the way `/thread` and `/top` do.
 */

const THREADS = 10_000;
const RANK_RUNS = 3;
const READS = 5_000;
const COUNTRIES = ['US', 'US', 'US', 'GB', 'CA', 'DE', 'IN', ''];

export async function run(): Promise<Record<string, number | string>> {
  const bench = createBenchRedis('ranking');
  const { redis, keys } = bench;
  try {
    const threads = createRedisThreadStore(redis, keys);
    const ranking = createRedisRankingStore(redis, keys);
    const subscriptions = createRedisSubscriptionStore(redis, keys);
    const start = Date.UTC(2014, 2, 1);
    const end = start + 30 * 24 * HOUR_MS;

    const seedStarted = performance.now();
    const articleCount = await seedThreads(threads, start, end);
    const seedMs = performance.now() - seedStarted;

    // A realistic mix of subscribers: some to single threads, some to top:N.
    for (let i = 0; i < 500; i++) {
      await subscriptions.subscribe({ destination: { platform: 'telegram', chatId: `chat-${i}` }, target: `t${(i * 17) % THREADS}`, slug: '', at: start });
    }
    for (let i = 0; i < 100; i++) {
      await subscriptions.subscribe({ destination: { platform: 'discord', chatId: `chan-${i}` }, target: `top:${1 + (i % 20)}`, slug: '', at: start });
    }

    const rank = createRankThreadsProcessor({
      threads,
      ranking,
      subscriptions,
      deliveries: { enqueue: async (_items: readonly DeliveryItem[]) => undefined },
      logger: createLogger(process.env['BENCH_LOG_LEVEL'] ?? 'silent'),
      alerts: { minRankChange: 3, minIntervalMs: 60 * 60_000, threadTopN: 10, topIntervalMs: 0 },
    });
    const rankTimes: number[] = [];
    for (let i = 0; i < RANK_RUNS; i++) {
      const started = performance.now();
      const result = await rank({ data: { at: end + i * HOUR_MS } } as Job);
      rankTimes.push(performance.now() - started);
      if (result.status !== 'ranked' || result.ranked !== THREADS) throw new Error(`unexpected ranking result ${JSON.stringify(result)}`);
    }

    const statsReads = await timeEach(READS, (i) => ranking.getStats(`t${(i * 7919) % THREADS}`));
    const topReads = await timeEach(1_000, () => ranking.getTop(10));
    const historyReads = await timeEach(1_000, (i) => ranking.getRankHistory(`t${(i * 31) % THREADS}`, 100));

    return {
      threads: THREADS,
      seededArticles: articleCount,
      seedMs: round(seedMs),
      rankMsFor10kThreads: round(median(rankTimes)),
      rankMsFor10kThreadsMax: round(Math.max(...rankTimes)),
      statsReadP50Ms: round(percentile(statsReads, 50)),
      statsReadP99Ms: round(percentile(statsReads, 99)),
      topTenReadP99Ms: round(percentile(topReads, 99)),
      rankHistoryReadP99Ms: round(percentile(historyReads, 99)),
    };
  } finally {
    await bench.cleanup();
  }
}

/** Threads of 3–40 articles spread over a month, from 2–12 outlets across the spectrum. */
async function seedThreads(threads: ReturnType<typeof createRedisThreadStore>, start: number, end: number): Promise<number> {
  let seq = await threads.getSeq();
  let articleId = 0;
  let pending: Promise<{ status: string }>[] = [];
  for (let t = 0; t < THREADS; t++) {
    const size = 3 + ((t * 37) % 38);
    const outlets = 2 + (t % 11);
    const first = start + ((t * 7_919) % (end - start - 48 * HOUR_MS));
    for (let a = 0; a < size; a++) {
      const published = Math.min(end - 1, first + Math.floor(((a * a) / size) * 2 * HOUR_MS));
      pending.push(
        threads.applyAssignment({
          article: { id: `a${articleId++}`, outlet: `outlet-${(t + a) % outlets}.example`, published, lean: LEANS[(t + a) % LEANS.length]!, country: COUNTRIES[(t * 3 + a) % COUNTRIES.length]! },
          threadId: `t${t}`,
          facets: { ...EMPTY_FACETS, title: `Story ${t}` },
          slugBase: `story-${t}`,
          expectedSeq: seq++,
          logEntry: '{}',
        }),
      );
      if (pending.length >= 5_000) pending = await settle(pending);
    }
  }
  await settle(pending);
  return articleId;
}

async function settle(pending: Promise<{ status: string }>[]): Promise<Promise<{ status: string }>[]> {
  const results = await Promise.all(pending);
  const rejected = results.find((result) => result.status !== 'applied');
  if (rejected) throw new Error(`seeding failed: ${JSON.stringify(rejected)}`);
  return [];
}

async function timeEach(count: number, read: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await read(i);
    times.push(performance.now() - started);
  }
  return times;
}





if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
