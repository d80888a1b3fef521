import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_FACETS } from '../../src/core/thread.js';
import { createRankThreadsProcessor, type DeliveryItem, type RankThreadsDeps } from '../../jobs/rank-threads.js';
import type { Lean } from '../../src/core/lean.js';
import type { ArticleFacts } from '../../src/core/threading/store-writes.js';
import { createLogger } from '../../src/logger.js';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { createRedisRankingStore } from '../../src/store/redis-ranking-store.js';
import { createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { seedThreads } from '../helpers/ranking-seed.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { HOUR_MS } from '../../src/core/time.js';

const T0 = Date.UTC(2014, 2, 10, 12, 0);

let testRedis: TestRedis;

beforeAll(async () => {
  testRedis = await createTestRedis('rank');
});

afterAll(async () => {
  await testRedis.cleanup();
});

/** Every test gets its own key space, so runs and rankings never leak between tests. */
function setup(label: string) {
  const keys: Keys = createKeys(`${testRedis.prefix}:${label}`);
  const threads = createRedisThreadStore(testRedis.redis, keys);
  const ranking = createRedisRankingStore(testRedis.redis, keys);
  const subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  const enqueued: DeliveryItem[][] = [];
  const deps: RankThreadsDeps = {
    threads,
    articles: { getArticle: async (id) => ({ url: `https://news.example/${id}` }) },
    ranking,
    subscriptions,
    deliveries: { enqueue: async (items) => void enqueued.push([...items]) },
    logger: createLogger('silent'),
    alerts: { minRankChange: 2, minIntervalMs: 0, threadTopN: 2, topIntervalMs: 0 },
  };
  const rank = createRankThreadsProcessor(deps);
  const run = (at?: number) => rank({ data: at === undefined ? {} : { at } } as Job);
  return { keys, threads, ranking, subscriptions, enqueued, run, deps };
}

/** The rank-change alert a delivery carries (these tests expect no digest). */
function rankAlert(item: DeliveryItem | undefined) {
  const alert = item?.payload.alert;
  if (!alert || alert.kind === 'digest') throw new Error(`expected a rank-change alert, got ${JSON.stringify(alert)}`);
  return alert;
}

let articleSeq = 0;
function articles(count: number, options: { start: number; outlets: string[]; lean?: Lean; leans?: Lean[]; country?: string; spacingMs?: number }): ArticleFacts[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `a${articleSeq++}`,
    outlet: options.outlets[i % options.outlets.length] ?? 'example.com',
    published: options.start + i * (options.spacingMs ?? 60_000),
    lean: options.leans?.[i % options.leans.length] ?? options.lean ?? 'center',
    country: options.country ?? 'US',
  }));
}

describe('rank-threads job', () => {
  it('ranks public active threads by virality and stores the stats commands read', async () => {
    const { threads, ranking, run } = setup('basic');
    await seedThreads(threads, [
      { id: 'hot', title: 'Hot story', slugBase: 'hot-story', articles: articles(12, { start: T0 - 2 * HOUR_MS, outlets: ['a.com', 'b.com', 'c.com', 'd.com'], leans: ['left', 'center', 'right'] }) },
      { id: 'warm', title: 'Warm story', slugBase: 'warm-story', articles: articles(4, { start: T0 - 5 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
      { id: 'cold', title: 'Cold story', slugBase: 'cold-story', articles: articles(3, { start: T0 - 72 * HOUR_MS, outlets: ['a.com', 'e.com'] }) },
      { id: 'stray', title: 'Stray item', slugBase: 'stray-item', articles: articles(2, { start: T0 - HOUR_MS, outlets: ['a.com'] }) },
    ]);

    expect(await run(T0)).toEqual({ status: 'ranked', at: T0, ranked: 3, alerts: 0 });
    const top = await ranking.getTop(10);
    expect(top.map((stats) => [stats.slug, stats.rank, stats.rankChange])).toEqual([
      ['hot-story', 1, null],
      ['warm-story', 2, null],
      ['cold-story', 3, null],
    ]);
    expect(top[0]!.virality).toBeGreaterThan(top[1]!.virality);
    expect(top[1]!.virality).toBeGreaterThan(top[2]!.virality);
    expect(await ranking.getRankingInfo()).toEqual({ at: T0, count: 3 });
    expect(await ranking.getStats('stray')).toBeNull();
    expect((await ranking.getTop(2, 1)).map((stats) => stats.threadId)).toEqual(['warm', 'cold']);
    expect(await ranking.getRankHistory('hot', 10)).toEqual([{ at: T0, rank: 1, virality: top[0]!.virality }]);
  });

  it('stores stats that can be recomputed by hand from the thread’s articles', async () => {
    const { threads, ranking, run } = setup('by-hand');
    const seeded = [
      ...articles(3, { start: T0 - 30 * 24 * HOUR_MS - 5 * HOUR_MS, outlets: ['nyt.com'], lean: 'lean-left', country: 'US' }),
      ...articles(2, { start: T0 - 3 * HOUR_MS, outlets: ['fox.com'], lean: 'right', country: 'US' }),
      ...articles(2, { start: T0 - 2 * HOUR_MS, outlets: ['bbc.co.uk'], lean: 'center', country: 'GB' }),
      ...articles(1, { start: T0 - HOUR_MS, outlets: ['blog.example'], lean: 'unrated', country: '' }),
    ];
    await seedThreads(threads, [{ id: 'hand', title: 'By hand', slugBase: 'by-hand', articles: seeded }]);
    await run(T0);
    const stats = await ranking.getStats('hand');
    expect(stats).toMatchObject({
      rank: 1,
      ageDays: 30,
      articleCount: 8,
      outletCount: 4,
      // 3 / 2 / 2 of 7 is 42.86 / 28.57 / 28.57: the two tenths left after rounding down go to the larger remainders.
      leaning: { left: 42.8, center: 28.6, right: 28.6, counts: { left: 3, center: 2, right: 2 }, ratedCount: 7, unratedCount: 1 },
      regions: { us: 71.4, nonUs: 28.6, unknownCount: 1, top: [{ country: 'US', count: 5, percent: 71.4 }, { country: 'GB', count: 2, percent: 28.6 }] },
      blindspot: null,
      computedAt: T0,
    });
  });

  it('reports Δrank against the previous run (+1 = climbed one place) and appends rank history', async () => {
    const { threads, ranking, run } = setup('delta');
    await seedThreads(threads, [
      { id: 'x', title: 'X', slugBase: 'x', articles: articles(6, { start: T0 - 3 * HOUR_MS, outlets: ['a.com', 'b.com', 'c.com'] }) },
      { id: 'y', title: 'Y', slugBase: 'y', articles: articles(3, { start: T0 - 4 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
    ]);
    await run(T0);
    await seedThreads(threads, [{ id: 'y', title: 'Y', slugBase: 'y', articles: articles(20, { start: T0 + HOUR_MS, outlets: ['a.com', 'b.com', 'c.com', 'd.com', 'e.com'], leans: ['left', 'right'] }) }]);
    await run(T0 + 2 * HOUR_MS);
    expect((await ranking.getTop(2)).map((stats) => [stats.threadId, stats.rank, stats.rankChange])).toEqual([
      ['y', 1, 1],
      ['x', 2, -1],
    ]);
    expect((await ranking.getRankHistory('y', 10)).map((point) => [point.at, point.rank])).toEqual([
      [T0, 2],
      [T0 + 2 * HOUR_MS, 1],
    ]);
    expect((await ranking.getRankHistory('y', 1)).map((point) => point.at)).toEqual([T0 + 2 * HOUR_MS]);
  });

  it('a retried run neither shifts the previous ranking nor appends history twice, and re-enqueues the same alerts', async () => {
    const { threads, ranking, subscriptions, enqueued, run } = setup('retry');
    await seedThreads(threads, [
      { id: 'p', title: 'P', slugBase: 'p', articles: articles(8, { start: T0 - 2 * HOUR_MS, outlets: ['a.com', 'b.com', 'c.com'] }) },
      { id: 'q', title: 'Q', slugBase: 'q', articles: articles(5, { start: T0 - 3 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
      { id: 'r', title: 'R', slugBase: 'r', articles: articles(3, { start: T0 - 4 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
    ]);
    await run(T0);
    await subscriptions.subscribe({ destination: { platform: 'telegram', chatId: '7' }, target: 'r', slug: 'r', at: T0 });
    await seedThreads(threads, [{ id: 'r', title: 'R', slugBase: 'r', articles: articles(30, { start: T0 + HOUR_MS, outlets: ['a.com', 'b.com', 'c.com', 'd.com'], leans: ['left', 'center', 'right'] }) }]);

    const first = await run(T0 + 2 * HOUR_MS);
    expect(first).toMatchObject({ status: 'ranked', alerts: 1 });
    const firstDeliveries = enqueued.at(-1)!;
    expect(firstDeliveries.map((item) => [item.platform, rankAlert(item).kind, rankAlert(item).rank, rankAlert(item).previousRank])).toEqual([
      ['telegram', 'became-first', 1, 3],
    ]);
    const newestArticleId = (await threads.getArticleIds('r', { limit: 1, order: 'newest' }))[0];
    expect(rankAlert(firstDeliveries[0]).url).toBe(`https://news.example/${newestArticleId}`);
    const statsAfterFirst = await ranking.getStats('r');

    const retry = await run(T0 + 2 * HOUR_MS);
    expect(retry).toEqual({ status: 'already-ranked', at: T0 + 2 * HOUR_MS, alerts: 1 });
    expect(enqueued.at(-1)).toEqual(firstDeliveries);
    expect(await ranking.getStats('r')).toEqual(statsAfterFirst);
    expect(statsAfterFirst?.rankChange).toBe(2);
    expect(await ranking.getRankHistory('r', 10)).toHaveLength(2);
  });

  it('ignores a run older than the committed one', async () => {
    const { threads, ranking, run } = setup('stale');
    await seedThreads(threads, [{ id: 's', title: 'S', slugBase: 's', articles: articles(3, { start: T0 - HOUR_MS, outlets: ['a.com', 'b.com'] }) }]);
    await run(T0);
    expect(await run(T0 - HOUR_MS)).toEqual({ status: 'stale', at: T0 - HOUR_MS, committedAt: T0 });
    expect(await ranking.getRankingInfo()).toEqual({ at: T0, count: 1 });
    expect(await ranking.getRankHistory('s', 10)).toHaveLength(1);
  });

  it('commits a run once when two workers race on it', async () => {
    const { threads, ranking, run } = setup('race');
    await seedThreads(threads, [
      { id: 'm', title: 'M', slugBase: 'm', articles: articles(4, { start: T0 - HOUR_MS, outlets: ['a.com', 'b.com'] }) },
      { id: 'n', title: 'N', slugBase: 'n', articles: articles(3, { start: T0 - 2 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
    ]);
    await run(T0);
    const results = await Promise.all([run(T0 + HOUR_MS), run(T0 + HOUR_MS)]);
    expect(results.map((result) => result.status).sort()).toEqual(['already-ranked', 'ranked']);
    expect(await ranking.getRankHistory('m', 10)).toHaveLength(2);
    expect((await ranking.getStats('m'))?.rankChange).toBe(0);
  });

  it('marks a thread that left the ranking as unranked but keeps its last stats', async () => {
    const { threads, ranking, run } = setup('archived');
    await seedThreads(threads, [
      { id: 'old', title: 'Old', slugBase: 'old', articles: articles(3, { start: T0 - 3 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
      { id: 'live', title: 'Live', slugBase: 'live', articles: articles(3, { start: T0 - HOUR_MS, outlets: ['a.com', 'b.com'] }) },
    ]);
    await run(T0);
    await threads.archiveThreads(['old']);
    await run(T0 + HOUR_MS);
    expect(await ranking.getStats('old')).toMatchObject({ threadId: 'old', rank: null, rankChange: null, articleCount: 3, computedAt: T0 + HOUR_MS });
    expect((await ranking.getTop(10)).map((stats) => stats.threadId)).toEqual(['live']);
  });

  it('moves subscribers of a merged thread to the surviving thread', async () => {
    const { threads, subscriptions, run } = setup('merge');
    await seedThreads(threads, [
      { id: 'into', title: 'Survivor', slugBase: 'survivor', articles: articles(4, { start: T0 - 2 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
      { id: 'from', title: 'Absorbed', slugBase: 'absorbed', articles: articles(3, { start: T0 - 3 * HOUR_MS, outlets: ['a.com', 'b.com'] }) },
    ]);
    await run(T0);
    const destination = { platform: 'discord' as const, chatId: 'chan-1' };
    await subscriptions.subscribe({ destination, target: 'from', slug: 'absorbed', at: T0 });
    const merged = await threads.applyMerge({ from: 'from', into: 'into', facets: { ...EMPTY_FACETS, title: 'Survivor' }, slugBase: 'survivor', expectedSeq: await threads.getSeq(), logEntry: '{}' });
    expect(merged.status).toBe('applied');
    await run(T0 + HOUR_MS);
    expect((await subscriptions.listForChat('discord', 'chan-1')).map((s) => [s.target, s.slug])).toEqual([['into', 'survivor']]);
  });

  it('ranks at the current time when the payload has none, and rejects a malformed payload permanently', async () => {
    const { run, deps } = setup('now');
    const result = await run();
    expect(result.status).toBe('ranked');
    const rank = createRankThreadsProcessor(deps);
    await expect(rank({ data: { at: 'yesterday' } } as unknown as Job)).rejects.toThrow(/invalid rank-threads payload/);
  });
});
