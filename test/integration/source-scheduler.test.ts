import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/contracts.js';
import type { Source } from '../../src/config/sources.js';
import { retireUnconfiguredSources, syncSourceSchedulers } from '../../src/runtime/source-scheduler.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisArticleStore } from '../../src/store/redis-article-store.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const source = (id: string, pollMinutes?: number): Source => ({
  id,
  name: id,
  url: `https://${id}.example.com/feed.xml`,
  domain: `${id}.example.com`,
  lean: 'center',
  country: 'US',
  ...(pollMinutes === undefined ? {} : { pollMinutes }),
});

describe('source schedulers', () => {
  let testRedis: TestRedis;
  let queue: Queue;

  beforeAll(async () => {
    testRedis = await createTestRedis('source-scheduler');
    queue = new Queue(QUEUES.pollSource, { connection: testRedis.connect({ forWorker: true }), prefix: createKeys(testRedis.prefix).queuePrefix(QUEUES.pollSource) });
  });
  afterAll(async () => {
    await queue.close();
    await testRedis.cleanup();
  });

  it('creates one job scheduler per source with the poll interval and a poll-source payload', async () => {
    await syncSourceSchedulers(queue, [source('alpha'), source('beta', 3)], { POLL_INTERVAL_MINUTES: 10 });
    const schedulers = await queue.getJobSchedulers(0, -1);
    const byKey = new Map(schedulers.map((s) => [s.key, s]));
    expect([...byKey.keys()].sort()).toEqual(['source:alpha', 'source:beta']);
    expect(byKey.get('source:alpha')).toMatchObject({ every: 600_000, name: QUEUES.pollSource, template: { data: { sourceId: 'alpha' } } });
    expect(byKey.get('source:beta')?.every).toBe(180_000);
  });

  it('is idempotent when the same file is synced again', async () => {
    await syncSourceSchedulers(queue, [source('alpha'), source('beta', 3)], { POLL_INTERVAL_MINUTES: 10 });
    expect(await queue.getJobSchedulersCount()).toBe(2);
  });

  it('removes the schedulers of sources that left the file and updates changed intervals', async () => {
    const result = await syncSourceSchedulers(queue, [source('alpha', 20), source('gamma')], { POLL_INTERVAL_MINUTES: 10 });
    expect(result.removed).toEqual(['beta']);
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers.map((s) => s.key).sort()).toEqual(['source:alpha', 'source:gamma']);
    expect(schedulers.find((s) => s.key === 'source:alpha')?.every).toBe(1_200_000);
  });

  it('forgets the health of sources no longer configured, handing their waiting articles to threading first', async () => {
    const keys = createKeys(testRedis.prefix);
    const sources = createRedisSourceStore(testRedis.redis, keys);
    const articles = createRedisArticleStore(testRedis.redis, keys, { retentionDays: 1 });
    const at = Date.UTC(2026, 10, 22);
    for (const id of ['alpha', 'replay-example-com']) await sources.recordSuccess(source(id), { at, etag: undefined, lastModified: undefined, articlesStored: 1 });
    await testRedis.redis.sadd(keys.sourcePendingHandOff('replay-example-com'), 'article-1', 'article-2');
    const handedOff: string[] = [];

    const retired = await retireUnconfiguredSources({ sources, articles, handOff: async (ids) => void handedOff.push(...ids) }, [source('alpha')]);

    expect(retired).toEqual(['replay-example-com']);
    expect(handedOff.sort()).toEqual(['article-1', 'article-2']);
    expect((await sources.listHealth()).map((health) => health.sourceId)).toEqual(['alpha']);
    expect(await articles.pendingHandOff('replay-example-com')).toEqual([]);
  });
});
