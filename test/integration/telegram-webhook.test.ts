import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { createTelegramBot, type TelegramBot } from '../../src/adapters/telegram/bot.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisSubscriptionStore } from '../../src/store/redis-subscription-store.js';
import { fakeDeps, referenceWorld } from '../helpers/command-fakes.js';
import { commandUpdate, privateChat, startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const SECRET = 'webhook-secret_123';

let fake: FakeTelegram;
let testRedis: TestRedis;
let bot: TelegramBot;
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  fake = await startFakeTelegram();
  testRedis = await createTestRedis('telegram-webhook');
  const keys = createKeys(testRedis.prefix);
  const logger = createLogger('silent');
  const subscriptions = createRedisSubscriptionStore(testRedis.redis, keys);
  const { world } = referenceWorld();
  const commandDeps = fakeDeps(world);
  const config = loadConfig({
    TELEGRAM_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_MODE: 'webhook',
    TELEGRAM_WEBHOOK_URL: 'https://bot.example.test/telegram/updates',
    TELEGRAM_WEBHOOK_SECRET: SECRET,
  });
  bot = createTelegramBot({
    config,
    runner: createCommandRunner({ ...commandDeps, subscriptions }, { logger }),
    pictures: { render: async () => null },
    subscriptions,
    redis: testRedis.redis,
    keys,
    logger,
  });
  await bot.start();
  const handle = bot.handleWebhook!;
  server = createServer((request, response) => {
    if (request.method === 'POST' && request.url === bot.webhookPath) void handle(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${bot.webhookPath}`;
});

afterAll(async () => {
  await bot?.stop();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await fake?.close();
  await testRedis?.cleanup();
});

const post = (body: unknown, secret?: string) =>
  fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
    body: JSON.stringify(body),
  });

describe('Telegram webhook mode', () => {
  it('registers the webhook with its secret token instead of polling', () => {
    const [registration] = fake.callsTo('setWebhook');
    expect(registration?.params['url']).toBe('https://bot.example.test/telegram/updates');
    expect(registration?.params['secret_token']).toBe(SECRET);
    expect(fake.calls.some((call) => call.method === 'getUpdates')).toBe(false);
    expect(bot.webhookPath).toBe('/telegram/updates');
  });

  it('rejects an update with a wrong or missing secret token and acts on none of it', async () => {
    expect((await post({ update_id: 1, ...commandUpdate('/help', privateChat(9001), 9001) }, 'wrong')).status).toBe(401);
    expect((await post({ update_id: 2, ...commandUpdate('/help', privateChat(9001), 9001) })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.callsTo('sendMessage').filter((call) => String(call.params['chat_id']) === '9001')).toEqual([]);
  });

  it('answers a command delivered with the right secret token', async () => {
    const response = await post({ update_id: 3, ...commandUpdate('/thread trump-putin', privateChat(9002), 9002) }, SECRET);
    expect(response.status).toBe(200);
    const message = await fake.waitForCall('sendMessage', (call) => String(call.params['chat_id']) === '9002');
    expect(message.params['text']).toContain('Trump Putin Call');
  });
});
