import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { commandUpdate, privateChat, startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));
const CHAT_ID = 4242;

describe('the composed service with the telegram role (fake Bot API)', () => {
  let testRedis: TestRedis;
  let telegram: FakeTelegram;
  let app: App;

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-telegram');
    telegram = await startFakeTelegram();
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker', 'telegram']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
  });

  afterAll(async () => {
    await app.stop();
    await telegram.close();
    await testRedis.cleanup();
  });

  it('answers a command through the shared runner and times it in the command histogram', async () => {
    telegram.pushUpdate(commandUpdate('/help', privateChat(CHAT_ID), CHAT_ID));
    const reply = await telegram.waitForCall('sendMessage', (call) => Number(call.params['chat_id']) === CHAT_ID, 10_000);
    expect(String(reply.params['text'])).toMatch(/thread/);
    const metrics = await app.metrics.registry.metrics();
    expect(metrics).toMatch(/threadwatch_command_duration_seconds_count\{command="help",platform="telegram",outcome="ok"\} 1/);
  });

  it('delivers rank-change alerts for a top:N subscription made in Telegram after a stream is ingested', async () => {
    telegram.pushUpdate(commandUpdate('/subscribe top:3', privateChat(CHAT_ID), CHAT_ID));
    await telegram.waitForCall('sendMessage', (call) => /top 3/i.test(String(call.params['text'])), 10_000);
    const records = (await readStreamFile(UCI)).records.slice(0, 300);
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    await waitForIdle([app.queues['deliver-telegram']]);
    const alert = await telegram.waitForCall('sendMessage', (call) => String(call.params['text']).includes('🔔'), 10_000);
    expect(Number(alert.params['chat_id'])).toBe(CHAT_ID);
    expect((await app.metrics.totals()).alertsSent).toBeGreaterThan(0);
  });
});
