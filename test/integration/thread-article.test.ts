import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadArticleProcessor } from '../../jobs/thread-article.js';
import type { Article } from '../../src/core/article.js';
import { ConcurrentThreadingError, type ThreadChange } from '../../src/core/threading/indexer.js';
import { createKeys } from '../../src/store/keys.js';
import type { ThreadStore } from '../../src/core/threading/thread-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { uciArticles } from '../helpers/threading-stream.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const T0 = Date.UTC(2024, 2, 10, 12);

let testRedis: TestRedis;
let storeCount = 0;
beforeAll(async () => {
  testRedis = await createTestRedis('thread-article');
});
afterAll(async () => {
  await testRedis.cleanup();
});

function freshStore(): ThreadStore {
  storeCount += 1;
  return createRedisThreadStore(testRedis.redis, createKeys(`${testRedis.prefix}:${storeCount}`));
}

function makeArticle(id: string, title: string, outlet: string, published: number, extra: Partial<Article> = {}): Article {
  return {
    id,
    sourceId: outlet,
    outlet,
    outletName: outlet,
    title,
    summary: '',
    url: `https://${outlet}/${id}`,
    published,
    fetchedAt: published,
    lean: 'center',
    country: 'US',
    backlog: false,
    ...extra,
  };
}

/** The background every real stream has, so IDF separates stories from generic words. */
const background = [
  makeArticle('bg1', 'Stocks rise as oil prices fall', 'bg.com', T0 - 60 * MINUTE),
  makeArticle('bg2', 'Heavy snow closes schools across the Midwest', 'bg.com', T0 - 60 * MINUTE),
  makeArticle('bg3', 'Apple unveils new iPad at spring event', 'bg.com', T0 - 60 * MINUTE),
  makeArticle('bg4', 'Senate passes farm bill after long debate', 'bg.com', T0 - 60 * MINUTE),
  makeArticle('bg5', 'Wildfire forces evacuations in California', 'bg.com', T0 - 60 * MINUTE),
];
const gox = [
  makeArticle('g1', 'Mt. Gox bitcoin exchange files for bankruptcy', 'reuters.com', T0, { lean: 'center', country: 'GB' }),
  makeArticle('g2', 'Bitcoin exchange Mt. Gox seeks bankruptcy protection', 'nytimes.com', T0 + MINUTE, { lean: 'lean-left' }),
  makeArticle('g3', 'Mt. Gox bankruptcy: bitcoin exchange collapses', 'foxnews.com', T0 + 2 * MINUTE, { lean: 'right' }),
  makeArticle('g4', 'Mt. Gox CEO apologises as bitcoin exchange files for bankruptcy', 'cnn.com', T0 + 3 * MINUTE, { lean: 'left' }),
];

function articleSource(articles: Article[]) {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return { getArticles: async (ids: string[]) => ids.map((id) => byId.get(id) ?? null) };
}

function job(articleIds: string[]): Job {
  return { id: `job-${articleIds.join(',')}`, data: { articleIds } } as unknown as Job;
}

describe('thread-article job', () => {
  it('threads a poll’s articles, makes the story public with a slug and announces the change', async () => {
    const store = freshStore();
    const announced: ThreadChange[][] = [];
    const process = createThreadArticleProcessor({ articles: articleSource([...background, ...gox]), store, onThreadsChanged: async (changes) => void announced.push(changes) });

    await process(job(background.map((a) => a.id)));
    const result = await process(job(gox.map((a) => a.id)));
    expect(result).toEqual({ assigned: 4, newThreads: 1, changedThreads: 1 });

    const [threadId] = await store.getArticleThreadIds(['g1']);
    expect(await store.getArticleThreadIds(gox.map((a) => a.id))).toEqual(gox.map(() => threadId));
    const record = await store.getThread(threadId!);
    expect(record).toMatchObject({ articleCount: 4, outletCount: 4, isPublic: true, status: 'active', version: 4, firstSeen: T0, lastUpdated: T0 + 3 * MINUTE });
    expect(record?.slug).toMatch(/gox/);
    expect(record?.leanCounts).toMatchObject({ center: 1, 'lean-left': 1, right: 1, left: 1 });
    expect(record?.countryCounts).toEqual({ GB: 1, US: 3 });
    expect(announced.at(-1)).toEqual([{ threadId, version: 4, becamePublic: true }]);
    expect(await store.resolveSlug(record!.slug!)).toEqual({ threadId });
  });

  it('changes nothing when the same job runs twice, but announces its threads again', async () => {
    const store = freshStore();
    const announced: ThreadChange[][] = [];
    const process = createThreadArticleProcessor({ articles: articleSource([...background, ...gox]), store, onThreadsChanged: async (changes) => void announced.push(changes) });
    await process(job(background.map((a) => a.id)));
    await process(job(gox.map((a) => a.id)));
    const [threadId] = await store.getArticleThreadIds(['g1']);
    const before = await store.getThread(threadId!);
    const seqBefore = await store.getSeq();

    const again = await process(job(gox.map((a) => a.id)));
    expect(again).toEqual({ assigned: 0, newThreads: 0, changedThreads: 1 });
    expect(await store.getThread(threadId!)).toEqual(before);
    expect(await store.getSeq()).toBe(seqBefore);
    expect(announced.at(-1)).toEqual([{ threadId, version: before!.version, becamePublic: false }]);
  });

  it('keeps two worker processes consistent: the second catches up before deciding', async () => {
    const store = freshStore();
    const articles = articleSource([...background, ...gox]);
    const noop = async () => {};
    // Two processors = two processes, each with its own in-memory index, sharing one store.
    const workerA = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop });
    const workerB = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop });
    await workerA(job(background.map((a) => a.id)));
    await workerA(job(['g1', 'g2']));
    await workerB(job(['g3']));
    await workerA(job(['g4']));
    const threadIds = await store.getArticleThreadIds(gox.map((a) => a.id));
    expect(new Set(threadIds).size).toBe(1);
    expect((await store.getThread(threadIds[0]!))?.articleCount).toBe(4);
  });

  it('loses and duplicates nothing when two workers write at the same time', async () => {
    const store = freshStore();
    const burst = Array.from({ length: 60 }, (_, i) =>
      makeArticle(`burst${i}`, i % 2 === 0 ? `Mt. Gox bitcoin exchange bankruptcy update ${i}` : `Crimea referendum vote on joining Russia ${i}`, `o${i % 6}.com`, T0 + i * 1_000),
    );
    const articles = articleSource([...background, ...burst]);
    const noop = async () => {};
    const workerA = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop });
    const workerB = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop });
    await workerA(job(background.map((a) => a.id)));
    const evens = burst.filter((_, i) => i % 4 < 2).map((a) => a.id);
    const odds = burst.filter((_, i) => i % 4 >= 2).map((a) => a.id);
    // A worker that keeps losing the race gives up with ConcurrentThreadingError; BullMQ retries it.
    const withRetries = async (run: () => Promise<unknown>) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await run();
        } catch (error) {
          if (!(error instanceof ConcurrentThreadingError) || attempt >= 8) throw error;
        }
      }
    };
    await Promise.all([withRetries(() => workerA(job(evens))), withRetries(() => workerB(job(odds)))]);

    const threadIds = await store.getArticleThreadIds(burst.map((x) => x.id));
    expect(threadIds.every((id) => id !== null)).toBe(true);
    const records = (await store.getThreads([...new Set(threadIds)] as string[])).filter((r) => r?.status === 'active');
    // Every article counted exactly once, in the thread the store says it is in.
    expect(records.reduce((sum, r) => sum + (r?.articleCount ?? 0), 0)).toBe(60);
    expect(await store.getSeq()).toBe(background.length + 60 + (await store.readLog(background.length + 60, 1_000)).length);
  });

  it('rebuilds its index from the store’s snapshot and log when a process starts', async () => {
    const store = freshStore();
    const articles = articleSource([...background, ...gox]);
    const noop = async () => {};
    const first = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop, snapshotEvery: 3 });
    await first(job(background.map((a) => a.id)));
    await first(job(['g1', 'g2']));
    // The snapshot covers the background batch; g1 and g2 exist only in the log after it.
    expect((await store.loadSnapshot())?.seq).toBe(5);
    expect(await store.firstLogSeq()).toBe(6);
    const restarted = createThreadArticleProcessor({ articles, store, onThreadsChanged: noop });
    await restarted(job(['g3', 'g4']));
    expect(new Set(await store.getArticleThreadIds(gox.map((a) => a.id))).size).toBe(1);
  });

  it('skips articles that are no longer stored', async () => {
    const store = freshStore();
    const process = createThreadArticleProcessor({ articles: articleSource(gox), store, onThreadsChanged: async () => {} });
    expect(await process(job(['g1', 'gone']))).toMatchObject({ assigned: 1 });
  });

  it('fails permanently on a malformed payload', async () => {
    const process = createThreadArticleProcessor({ articles: articleSource([]), store: freshStore(), onThreadsChanged: async () => {} });
    await expect(process({ id: 'bad', data: { articleIds: [] } } as unknown as Job)).rejects.toBeInstanceOf(UnrecoverableError);
  });

  it('archives threads idle longer than the archive period (stream time), keeping them readable', async () => {
    const store = freshStore();
    const late = Array.from({ length: 300 }, (_, i) => makeArticle(`late${i}`, `Unrelated later story ${i} about subject${i % 50}`, `o${i % 5}.com`, T0 + 30 * DAY + i * MINUTE));
    const process = createThreadArticleProcessor({ articles: articleSource([...gox, ...late]), store, onThreadsChanged: async () => {}, threading: { archiveAfterMs: 14 * DAY } });
    await process(job(gox.map((a) => a.id)));
    const [threadId] = await store.getArticleThreadIds(['g1']);
    await process(job(late.map((a) => a.id)));
    expect(await store.getThread(threadId!)).toMatchObject({ status: 'archived', articleCount: 4 });
    expect(await store.listArchivedThreadIds()).toContain(threadId);
    expect(await store.listActiveThreadIds()).not.toContain(threadId);
  });

  it('threads the same articles into the same threads whether they come in publish order or poll by poll, outlet by outlet', async () => {
    const stream = (await uciArticles(600)).map((a) => makeArticle(a.id, a.title, a.outlet, a.published));
    const window = 20 * MINUTE;
    const threadsOf = (store: ThreadStore) => store.getArticleThreadIds(stream.map((a) => a.id));

    // Ingest: the file in publish order, 100 per job, then a flush.
    const ingested = freshStore();
    const ingest = createThreadArticleProcessor({ articles: articleSource(stream), store: ingested, onThreadsChanged: async () => {}, reorderWindowMs: window });
    for (let start = 0; start < stream.length; start += 100) await ingest(job(stream.slice(start, start + 100).map((a) => a.id)));
    await ingest({ id: 'flush', data: { articleIds: [], flush: true } } as unknown as Job);

    // Polls: every 10 minutes of stream time each outlet's new articles arrive as one job, outlets in
    // reverse name order, so arrival order is far from publish order. A new processor midway (a
    // restart) finds what the window held in the store.
    const polled = freshStore();
    let poll = createThreadArticleProcessor({ articles: articleSource(stream), store: polled, onThreadsChanged: async () => {}, reorderWindowMs: window });
    const first = stream[0]!.published;
    const last = stream.at(-1)!.published;
    for (let at = first, step = 0; at < last + 20 * MINUTE; at += 10 * MINUTE, step++) {
      const due = stream.filter((a) => a.published <= at && a.published > at - 10 * MINUTE);
      const outlets = [...new Set(due.map((a) => a.outlet))].sort().reverse();
      for (const outlet of outlets) await poll(job(due.filter((a) => a.outlet === outlet).map((a) => a.id)));
      if (step === 5) poll = createThreadArticleProcessor({ articles: articleSource(stream), store: polled, onThreadsChanged: async () => {}, reorderWindowMs: window });
    }
    await poll({ id: 'flush', data: { articleIds: [], flush: true } } as unknown as Job);

    const expected = await threadsOf(ingested);
    expect(expected.every((threadId) => threadId !== null)).toBe(true);
    expect((await threadsOf(polled)).filter((threadId, index) => threadId !== expected[index])).toEqual([]);
    expect(await polled.heldArticles()).toEqual([]);
  }, 120_000);
});
