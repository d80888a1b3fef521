import { pathToFileURL } from 'node:url';
import type { Job } from 'bullmq';
import type { Invocation } from '../commands/command.js';
import { createCommandRunner } from '../commands/runner.js';
import { createRankThreadsProcessor } from '../jobs/rank-threads.js';
import type { Article } from '../src/core/article.js';
import type { ArticleStore } from '../src/core/articles/article-store.js';
import type { ThreadDigest } from '../src/core/digest.js';
import { LEANS } from '../src/core/lean.js';
import { createLogger } from '../src/logger.js';
import { createBenchRedis } from './bench-redis.js';
import { createRedisArticleStore } from '../src/store/redis-article-store.js';
import { createRedisDigestStore } from '../src/store/redis-digest-store.js';
import { createRedisRankingStore } from '../src/store/redis-ranking-store.js';
import { createRedisSourceStore } from '../src/store/redis-source-store.js';
import { createRedisSubscriptionStore } from '../src/store/redis-subscription-store.js';
import { createRedisThreadStore } from '../src/store/redis-thread-store.js';
import { percentile, round } from './figures.js';
import { HOUR_MS } from '../src/core/time.js';
import type { DigestStore } from '../src/core/summaries/digest-store.js';
import { EMPTY_FACETS } from '../src/core/thread.js';

/**
 * `/thread` latency through the command runner on the real Redis stores at 10k active ranked
 * threads: only precomputed state is read (stats, digest, a few article ids and articles).
 */

const THREADS = 10_000;
const WARMUP = 300;
const CALLS = 3_000;
const COUNTRIES = ['US', 'US', 'US', 'GB', 'CA', 'DE', 'IN', ''];
/** Half the threads have a summary (the usual path), half fall back to headlines per side (the heavier read). */
const WITH_DIGEST_EVERY = 2;

const invocation: Invocation = {
  platform: 'console',
  chatId: 'bench',
  userId: 'bench',
  isGroup: false,
  canManageSubscriptions: true,
  now: Date.UTC(2014, 3, 1),
};

export async function run(): Promise<Record<string, number | string>> {
  const bench = createBenchRedis('commands');
  const { redis, keys } = bench;
  try {
    const stores = {
      threads: createRedisThreadStore(redis, keys),
      articles: createRedisArticleStore(redis, keys, { retentionDays: 3650 }),
      ranking: createRedisRankingStore(redis, keys),
      subscriptions: createRedisSubscriptionStore(redis, keys),
      sources: createRedisSourceStore(redis, keys),
      digests: createRedisDigestStore(redis, keys),
    };
    const start = Date.UTC(2014, 2, 1);
    const end = start + 30 * 24 * HOUR_MS;

    const seedStarted = performance.now();
    const articleCount = await seedThreads(stores, start, end);
    const rank = createRankThreadsProcessor({
      threads: stores.threads,
      ranking: stores.ranking,
      subscriptions: stores.subscriptions,
      deliveries: { enqueue: async () => undefined },
      logger: createLogger(process.env['BENCH_LOG_LEVEL'] ?? 'silent'),
      alerts: { minRankChange: 3, minIntervalMs: HOUR_MS, threadTopN: 10, topIntervalMs: 0 },
    });
    // Two runs: the second gives every thread a rank change and a two-point history.
    for (const at of [end, end + HOUR_MS]) {
      const result = await rank({ data: { at } } as Job);
      if (result.status !== 'ranked') throw new Error(`ranking failed: ${JSON.stringify(result)}`);
    }
    const slugs: string[] = [];
    for (let offset = 0; offset < THREADS; offset += 1_000) {
      for (const stats of await stores.ranking.getTop(1_000, offset)) slugs.push(stats.slug);
    }
    if (slugs.length !== THREADS) throw new Error(`expected ${THREADS} ranked threads, got ${slugs.length}`);
    const seedMs = performance.now() - seedStarted;

    const runner = createCommandRunner(stores);
    const pick = (i: number) => slugs[(i * 7_919) % slugs.length]!;
    const timeLine = async (count: number, line: (i: number) => string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const started = performance.now();
        const reply = await runner.runLine(line(i), invocation);
        times.push(performance.now() - started);
        if (reply.tone === 'error') throw new Error(`"${line(i)}" failed: ${JSON.stringify(reply.blocks)}`);
      }
      return times;
    };

    await timeLine(WARMUP, (i) => `thread ${pick(i + 1)}`);
    const summary = await timeLine(CALLS, (i) => `thread ${pick(i)}`);
    const stats = await timeLine(CALLS, (i) => `thread ${pick(i + 13)} stats`);
    const perspectives = await timeLine(CALLS / 3, (i) => `thread ${pick(i + 29)} perspectives`);
    const top = await timeLine(CALLS / 3, () => 'top 10');

    return {
      threads: THREADS,
      seededArticles: articleCount,
      seedAndRankMs: round(seedMs),
      threadSummaryP50Ms: round(percentile(summary, 50)),
      threadSummaryP99Ms: round(percentile(summary, 99)),
      threadStatsP50Ms: round(percentile(stats, 50)),
      threadStatsP99Ms: round(percentile(stats, 99)),
      threadPerspectivesP99Ms: round(percentile(perspectives, 99)),
      topTenP99Ms: round(percentile(top, 99)),
      p99Ms: round(Math.max(percentile(summary, 99), percentile(stats, 99))),
    };
  } finally {
    await bench.cleanup();
  }
}

type Stores = {
  threads: ReturnType<typeof createRedisThreadStore>;
  articles: ArticleStore;
  digests: DigestStore;
};

/** Threads of 3–14 articles over a month from up to 12 outlets across the spectrum, stored through the real write paths. */
async function seedThreads(stores: Stores, start: number, end: number): Promise<number> {
  let seq = await stores.threads.getSeq();
  let articleId = 0;
  let batch: Article[] = [];
  let assignments: { article: Article; threadId: string; t: number }[] = [];
  const flush = async () => {
    await stores.articles.storeArticles(batch);
    const results = await Promise.all(
      assignments.map(({ article, threadId, t }) =>
        stores.threads.applyAssignment({
          article: { id: article.id, outlet: article.outlet, published: article.published, lean: article.lean, country: article.country },
          threadId,
          facets: { ...EMPTY_FACETS, title: `Story ${t}` },
          slugBase: `story-${t}`,
          expectedSeq: seq++,
          logEntry: '{}',
        }),
      ),
    );
    const rejected = results.find((result) => result.status !== 'applied');
    if (rejected) throw new Error(`seeding failed: ${JSON.stringify(rejected)}`);
    batch = [];
    assignments = [];
  };
  const digestWrites: Promise<boolean>[] = [];
  for (let t = 0; t < THREADS; t += 1) {
    const size = 3 + ((t * 37) % 12);
    const outlets = 2 + (t % 11);
    const first = start + ((t * 7_919) % (end - start - 48 * HOUR_MS));
    for (let a = 0; a < size; a += 1) {
      const outletIndex = (t + a) % outlets;
      const article: Article = {
        id: `a${articleId++}`,
        sourceId: `outlet-${outletIndex}.example`,
        outlet: `outlet-${outletIndex}.example`,
        outletName: `Outlet ${outletIndex}`,
        title: `Story ${t}: development number ${a} in a headline of realistic length`,
        summary: 'A short summary sentence of the kind feeds carry, long enough to weigh something in Redis.',
        url: `https://outlet-${outletIndex}.example/story-${t}/${a}`,
        published: Math.min(end - 1, first + Math.floor(((a * a) / size) * 2 * HOUR_MS)),
        fetchedAt: end,
        lean: LEANS[(t + a) % LEANS.length]!,
        country: COUNTRIES[(t * 3 + a) % COUNTRIES.length]!,
        backlog: false,
      };
      batch.push(article);
      assignments.push({ article, threadId: `t${t}`, t });
    }
    if (t % WITH_DIGEST_EVERY === 0) digestWrites.push(stores.digests.put(digestFor(`t${t}`, t, end), []));
    if (batch.length >= 2_000) await flush();
  }
  await flush();
  await Promise.all(digestWrites);
  return articleId;
}

function digestFor(threadId: string, t: number, at: number): ThreadDigest {
  const text = (side: string) => ({ text: `What ${side} outlets report about story ${t}, in three or four sentences of summary text.`, sources: ['Outlet 1', 'Outlet 2'] });
  return {
    threadId,
    version: 1,
    generatedAt: at,
    generator: 'extractive',
    summary: text('all'),
    perspectives: { left: text('left-leaning'), center: text('center'), right: t % 4 === 0 ? null : text('right-leaning') },
    qa: [],
  };
}




if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await run(), null, 2));
}
