import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/contracts.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { startCliProcess, type CliProcess } from '../helpers/cli-process.js';
import { accountArticles, uciSlice } from '../helpers/failover.js';
import { createTestRedis, testRedisEnv, type TestRedis } from '../helpers/redis.js';

/** Polls `check` every 100 ms until it is true. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('threading across several worker processes', () => {
  let testRedis: TestRedis;
  let app: App;
  const workers: CliProcess[] = [];
  const startWorker = () => {
    const worker = startCliProcess(['start', '--role', 'worker', '--no-console'], {
      ...testRedisEnv(),
      REDIS_PREFIX: testRedis.prefix,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      THREADING_LEASE_SECONDS: '2',
    });
    workers.push(worker);
    return worker;
  };
  const leaseHolderPid = async () => Number((await app.redis.get(app.keys.threadingState('lease')))?.split(':')[1] ?? 0);

  beforeAll(async () => {
    testRedis = await createTestRedis('handover');
    // This process only produces work (no roles); the worker processes consume it.
    app = await createApp({ config: loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' }), redisTarget: testRedis.target, roles: new Set(), logger: createLogger('silent') });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await app.stop();
    await testRedis.cleanup();
  });

  it('threads in one process only, hands over to a standby when that process is killed, and loses or repeats nothing', async () => {
    const first = startWorker();
    await first.waitForOutput(/took the threading lease/);
    expect(await leaseHolderPid()).toBe(first.child.pid);
    const second = startWorker();
    await second.waitForOutput(/threadwatch is running/);
    expect(await leaseHolderPid()).toBe(first.child.pid);

    const records = await uciSlice(600);
    const outlets = createOutletDirectory();
    const { stored } = await app.stores.articles.storeArticles(records.map((record) => articleFromStreamRecord(record, outlets.lookup(record.source))));
    const ids = stored.map((article) => article.id);
    const threadArticle = app.queues[QUEUES.threadArticle];
    for (let start = 0; start < ids.length; start += 25) await app.handOffToThreading(ids.slice(start, start + 25));

    // Kill the holder once it has threaded some batches, most likely in the middle of one.
    await until('a few batches threaded', async () => ((await threadArticle.getJobCounts('completed')).completed ?? 0) >= 4);
    // Until then the second process stood by: it never took the lease, so it never threaded.
    expect(second.output).not.toMatch(/took the threading lease/);
    await first.kill();
    await second.waitForOutput(/took the threading lease/);
    expect(await leaseHolderPid()).toBe(second.child.pid);
    // The reorder window holds the newest articles until the stream's watermark passes them; at the
    // end of a stream a flush releases them, as ingest and replay do.
    await waitForIdle([threadArticle]);
    await app.flushThreading();
    await waitForIdle([threadArticle]);

    const account = await accountArticles(app, records);
    expect(account.lost).toEqual([]);
    expect(account.threaded).toBe(stored.length);
    expect(account.countedInThreads).toBe(stored.length);
    expect(account.listedInThreads).toBe(stored.length);
    expect((await threadArticle.getJobCounts('failed')).failed ?? 0).toBe(0);

    // A graceful stop gives the lease back at once instead of leaving it to run out.
    expect(await second.stop()).toBe(0);
    expect(await app.redis.get(app.keys.threadingState('lease'))).toBeNull();
  }, 180_000);
});
