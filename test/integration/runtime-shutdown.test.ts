import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Source } from '../../src/config/sources.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/runtime/compose.js';
import { createKeys } from '../../src/store/keys.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow Times</title><link>https://slow.example.com/</link>
<item><title>Senate passes the budget after a long night</title><link>https://slow.example.com/budget</link><pubDate>Mon, 10 Mar 2014 10:00:00 GMT</pubDate></item>
</channel></rss>`;

describe('graceful shutdown', () => {
  let testRedis: TestRedis;
  let feedServer: Server;
  let feedUrl: string;
  let release: () => void = () => {};
  const requestArrived = new Promise<void>((resolve) => {
    release = resolve;
  });

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-shutdown');
    // Answers only after a pause, so the poll is still running when shutdown begins.
    feedServer = createServer((_req, res) => {
      release();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED), 400);
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://localhost:${(feedServer.address() as AddressInfo).port}/feed.xml`;
  });

  afterAll(async () => {
    await new Promise((resolve) => feedServer.close(resolve));
    await testRedis.cleanup();
  });

  it('lets the job a worker is running finish before stop() resolves', async () => {
    const source: Source = { id: 'slow-times', name: 'Slow Times', url: feedUrl, domain: 'slow.example.com', lean: 'center', country: 'US' };
    // The feed is on loopback, which feed polls refuse unless private addresses are allowed.
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', FEEDS_ALLOW_PRIVATE: 'true' });
    const app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [source] });
    await app.start();
    await app.queues['poll-source'].add('poll-source', { sourceId: source.id }, { jobId: 'slow-poll' });
    await requestArrived;

    await app.stop();

    const queue = new Queue('poll-source', { connection: testRedis.connect({ forWorker: true }), prefix: createKeys(testRedis.prefix).queuePrefix('poll-source') });
    try {
      const job = await queue.getJob('slow-poll');
      expect(await job!.getState()).toBe('completed');
      expect(job!.returnvalue).toMatchObject({ status: 'ok', stored: 1 });
    } finally {
      await queue.close();
    }
  });
});
