import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));

describe('the composed service with the discord role (fake Discord)', () => {
  let testRedis: TestRedis;
  let discord: FakeDiscord;
  let app: App;

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-discord');
    discord = await startFakeDiscord();
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', DISCORD_TOKEN: discord.token, DISCORD_API_BASE: discord.apiBase, DISCORD_SHARDS: '1' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker', 'discord']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    await discord.close();
    await testRedis.cleanup();
  });

  it('posts rank-change alerts to a subscribed channel through the deliver-discord worker', async () => {
    const channelId = discord.channels.text.id;
    await app.stores.subscriptions.subscribe({ destination: { platform: 'discord', chatId: channelId, channelKind: 'text' }, target: 'top:3', slug: '', at: Date.now() });
    const records = (await readStreamFile(UCI)).records.slice(0, 300);
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    await waitForIdle([app.queues['deliver-discord']]);
    const posts = discord.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`);
    expect(posts.length).toBeGreaterThan(0);
    const totals = await app.metrics.totals();
    expect(totals.alertsSent).toBe(posts.length);
    expect(totals.jobFailures).toBe(0);
  });
});
