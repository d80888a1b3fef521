import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createThreadIndexer, type IndexableArticle, type ThreadingStore } from '../../src/core/threading/indexer.js';
import { createKeys } from '../../src/store/keys.js';
import { createMemoryThreadStore } from '../../src/store/memory-thread-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { createTestRedis, testRedisTarget, type TestRedis } from '../helpers/redis.js';
import { uciArticles } from '../helpers/threading-stream.js';

/**
 * Restart-exact and batch-invariant threading: whatever the batch sizes, wherever a process stops
 * (cleanly, by SIGKILL, in the middle of a merge pass), the index rebuilt from snapshot + log is the
 * index of a process that never stopped, so every article ends up in the same thread. Compared per
 * article (the store's article → thread entries) and as the engine's whole snapshot.
 */

const COUNT = 1_000;
let articles: IndexableArticle[];
let reference: { threads: (string | null)[]; snapshot: string; records: string };
let testRedis: TestRedis;

async function ingest(store: ThreadingStore, batch: number, from = 0, to = articles.length, snapshotEvery = 5_000) {
  const indexer = createThreadIndexer(store, { snapshotEvery });
  for (let offset = from; offset < to; offset += batch) await indexer.assign(articles.slice(offset, Math.min(offset + batch, to)));
  return indexer;
}

async function threadsOf(store: ThreadingStore): Promise<(string | null)[]> {
  return store.getArticleThreadIds(articles.map((article) => article.id));
}

/** What readers see of every thread the stream left (facets, slug, counts), in one comparable string. */
async function recordsOf(store: ThreadingStore): Promise<string> {
  const ids = [...new Set((await threadsOf(store)).filter((id): id is string => id !== null))].sort();
  const records = await store.getThreads(ids);
  return JSON.stringify(
    records.map((record) =>
      record ? [record.id, record.slug, record.title, record.topic, record.representativeArticleId, record.names, record.keyTerms, record.articleCount, record.status] : null,
    ),
  );
}

function differing(a: readonly (string | null)[], b: readonly (string | null)[]): string[] {
  return articles.filter((_, index) => a[index] !== b[index]).map((article) => article.id);
}

beforeAll(async () => {
  articles = await uciArticles(COUNT);
  const store = createMemoryThreadStore();
  const indexer = await ingest(store, 100);
  reference = { threads: await threadsOf(store), snapshot: indexer.snapshot(), records: await recordsOf(store) };
  testRedis = await createTestRedis('threading-restart');
});

afterAll(async () => {
  await testRedis.cleanup();
});

describe('threading is batch-invariant and restart-exact', () => {
  it('gives every article the same thread with batches of 1, 10 and 1000', async () => {
    for (const batch of [1, 10, 1_000]) {
      const store = createMemoryThreadStore();
      const indexer = await ingest(store, batch);
      expect(differing(await threadsOf(store), reference.threads), `batch ${batch}`).toEqual([]);
      expect(indexer.snapshot() === reference.snapshot, `batch ${batch}: same index`).toBe(true);
    }
  });

  it('leaves the same thread records (titles, topics, names, slugs) with batches of 1, 10 and 1000', async () => {
    // A batch writes only the last facets it has for a thread (indexer.ts): what the store holds
    // after each batch must still be what article-by-article writes leave.
    for (const batch of [1, 10, 1_000]) {
      const store = createMemoryThreadStore();
      await ingest(store, batch);
      expect(await recordsOf(store), `batch ${batch}`).toBe(reference.records);
    }
  });

  it('ingesting half, restarting from snapshot + log and ingesting the rest equals one uninterrupted run', async () => {
    const store = createMemoryThreadStore();
    // Snapshots every 400 entries: the restart restores one and replays the log after it.
    await ingest(store, 100, 0, COUNT / 2, 400);
    const restarted = await ingest(store, 100, COUNT / 2, COUNT, 400);
    expect(differing(await threadsOf(store), reference.threads)).toEqual([]);
    expect(restarted.snapshot() === reference.snapshot).toBe(true);
  });

  it('resumes a merge pass a crash interrupted, with the same result as an uninterrupted run', async () => {
    const store = createMemoryThreadStore();
    let merges = 0;
    let crashes = 0;
    // The process dies right after its third merge of a pass reached the store (every 3rd merge).
    const crashing: ThreadingStore = {
      ...store,
      async applyMerge(write) {
        const result = await store.applyMerge(write);
        if (++merges % 3 === 0) {
          crashes += 1;
          throw new Error('simulated crash in the middle of a merge pass');
        }
        return result;
      },
    };
    let offset = 0;
    while (offset < COUNT) {
      try {
        await ingest(crashing, 100, offset, COUNT, 400);
        offset = COUNT;
      } catch {
        // A new process starts over from the store; already-threaded articles are skipped.
        const threaded = await threadsOf(store);
        offset = threaded.findIndex((threadId) => threadId === null);
        if (offset < 0) offset = COUNT;
      }
    }
    const finished = await ingest(store, 100);
    expect(crashes).toBeGreaterThan(0);
    expect(differing(await threadsOf(store), reference.threads)).toEqual([]);
    expect(finished.snapshot() === reference.snapshot).toBe(true);
    expect(await recordsOf(store)).toBe(reference.records);
  });

  it('rebuilds its index after a write that threw (a dropped connection), so the retried batches equal one run', async () => {
    const store = createMemoryThreadStore();
    let writes = 0;
    let thrown = 0;
    // Three writes fail in flight, as a Redis connection drop makes them; each job is retried.
    const failing = new Set([150, 420, 777]);
    const flaky: ThreadingStore = {
      ...store,
      async applyAssignment(write) {
        if (failing.has(++writes)) {
          thrown += 1;
          throw new Error('Connection is closed.');
        }
        return store.applyAssignment(write);
      },
    };
    const indexer = createThreadIndexer(flaky, { snapshotEvery: 400 });
    for (let offset = 0; offset < COUNT; offset += 100) {
      const batch = articles.slice(offset, offset + 100);
      for (let attempt = 0; ; attempt++) {
        try {
          await indexer.assign(batch);
          break;
        } catch (error) {
          if (attempt > 3) throw error;
        }
      }
    }
    expect(thrown).toBeGreaterThan(0);
    expect(differing(await threadsOf(store), reference.threads)).toEqual([]);
    expect(indexer.snapshot() === reference.snapshot).toBe(true);
    expect(await recordsOf(store)).toBe(reference.records);
  });

  it('survives SIGKILL at random points of a worker process on Redis with the same threads as one run', async () => {
    const prefix = `${testRedis.prefix}:killed`;
    const keys = createKeys(prefix);
    const seed = Date.now() % 1_000;
    const targets = [0.15, 0.45, 0.75].map((share, index) => Math.round(COUNT * (share + (((seed * (index + 7)) % 100) / 1_000))));
    for (const target of targets) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/threading-child.ts', JSON.stringify(testRedisTarget()), prefix, String(COUNT), '50'], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      for (;;) {
        const seq = Number((await testRedis.redis.get(keys.threadingState('seq'))) ?? 0);
        if (seq >= target || child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
    }
    const store = createRedisThreadStore(testRedis.redis, keys);
    const finished = await ingest(store, 50, 0, COUNT, 300);
    expect(differing(await threadsOf(store), reference.threads), `seed ${seed}`).toEqual([]);
    expect(finished.snapshot() === reference.snapshot, `seed ${seed}: same index`).toBe(true);
    expect(await recordsOf(store), `seed ${seed}: same thread records`).toBe(reference.records);
  }, 120_000);
});
