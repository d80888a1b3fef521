import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import type { HealthReport } from '../../src/runtime/health.js';
import type { Role } from '../../src/runtime/roles.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { freePort } from '../../src/store/redis-locator.js';
import { accountArticles, uciSlice } from '../helpers/failover.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { commandUpdate, faults, privateChat, startFakeTelegram, type FakeTelegram } from '../helpers/fake-telegram.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

/**
 * A platform that is unreachable or broken must cost only its own bot: the process starts, the
 * workers keep threading, /healthz says what is wrong, and the bot comes up by itself once the
 * platform is back. Each case runs the composed service against the loopback fakes.
 */

const CHAT_ID = 5151;
// Short backoff so recovery is quick here; the policy itself is tested in runtime-supervised-start.
const FAST_RETRY = { PLATFORM_RETRY_MAX_SECONDS: '0.3' };

interface Running {
  app: App;
  notices: string[];
  health(): Promise<{ code: number; report: HealthReport }>;
  metrics(): Promise<string>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startService(label: string, roles: Role[], env: Record<string, string>): Promise<Running & { testRedis: TestRedis }> {
  const testRedis = await createTestRedis(label);
  cleanups.push(() => testRedis.cleanup());
  const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: String(await freePort()), ...FAST_RETRY, ...env });
  const notices: string[] = [];
  const app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(roles), logger: createLogger(process.env['OUTAGE_LOG'] ?? 'silent'), sources: [], summaryDebounceMs: 50, notice: (line) => notices.push(line) });
  cleanups.push(() => app.stop());
  await app.start();
  const base = `http://127.0.0.1:${app.httpAddress()!.port}`;
  return {
    app,
    testRedis,
    notices,
    async health() {
      const response = await fetch(`${base}/healthz`);
      return { code: response.status, report: (await response.json()) as HealthReport };
    },
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
  };
}

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await read();
  }
  return last;
}

/** The workers keep doing their job: a slice of the stream is stored and every article threaded. */
async function expectWorkersThreading(app: App): Promise<void> {
  const records = await uciSlice(60);
  await ingestStream(app, records, { outlets: createOutletDirectory() });
  const account = await accountArticles(app, records);
  expect(account.lost).toEqual([]);
  expect(account.stored).toBeGreaterThan(0);
  expect(account.threaded).toBe(account.stored);
  expect((await app.stores.threads.listActiveThreadIds()).length).toBeGreaterThan(0);
}

/** What an operator sees in the terminal: one plain line per notice, never a stack trace. */
function expectPlainLines(notices: readonly string[]): void {
  for (const line of notices) {
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\bat .+:\d+:\d+/);
  }
}

describe('a Discord API that is unreachable at start-up', () => {
  it('leaves /healthz degraded with discord down (ECONNREFUSED) while the workers thread articles, and connects once Discord is back', async () => {
    const port = await freePort();
    const token = 'fake-token-unreachable';
    const service = await startService('out-dc-refused', ['worker', 'http', 'discord'], {
      DISCORD_TOKEN: token,
      DISCORD_API_BASE: `http://127.0.0.1:${port}/api`,
      DISCORD_SHARDS: '1',
    });

    const { code, report } = await service.health();
    expect(code).toBe(200);
    expect(report.status).toBe('degraded');
    expect(report.components['discord']).toMatchObject({ status: 'down', reason: `cannot reach the Discord API at http://127.0.0.1:${port}/api (ECONNREFUSED)` });
    await expectWorkersThreading(service.app);

    const fake: FakeDiscord = await startFakeDiscord({ token, port });
    cleanups.push(() => fake.close());
    const recovered = await eventually(service.health, ({ report: next }) => next.components['discord']?.status === 'ok', 'discord ok');
    expect(recovered.report.status).toBe('ok');
    expect(fake.identifyCount).toBeGreaterThan(0);
    expect(await service.metrics()).toMatch(/threadwatch_component_failures_total\{component="discord",call="start"\} [1-9]/);
    expect(service.notices[0]).toMatch(/^Discord bot: could not start: cannot reach the Discord API at .+ \(ECONNREFUSED\)\. Retrying in \d+ ms; everything else keeps running\.$/);
    expect(service.notices.at(-1)).toMatch(/^Discord bot: started after \d+ failed attempts?\.$/);
    expectPlainLines(service.notices);
  });
});

describe('a Discord API that answers 500s or malformed bodies', () => {
  it('reports each failure in plain words (no reset_after TypeError), keeps the workers threading, and recovers by itself', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    fake.setOutage('error-500');
    const service = await startService('out-dc-broken', ['worker', 'http', 'discord'], { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_SHARDS: '1' });

    const down = await service.health();
    expect(down.report.status).toBe('degraded');
    expect(down.report.components['discord']).toMatchObject({ status: 'down', reason: expect.stringMatching(/^the Discord API answered 500 .*GET \/api\/v10\/gateway\/bot$/) });

    // The answer that used to crash the process with `Cannot read properties of undefined (reading 'reset_after')`.
    fake.setOutage('malformed');
    const malformed = await eventually(service.health, ({ report }) => /could not read/.test(report.components['discord']?.reason ?? ''), 'malformed answer reported');
    expect(malformed.report.components['discord']?.reason).toBe("the Discord API sent an answer threadwatch could not read (Cannot read properties of undefined (reading 'reset_after'))");
    await expectWorkersThreading(service.app);

    fake.setOutage(undefined);
    await eventually(service.health, ({ report }) => report.status === 'ok', 'discord recovered');
    expect(service.notices.filter((line) => line.startsWith('Discord bot: could not start'))).toHaveLength(2);
    expectPlainLines(service.notices);
  });

  it('shows a running bot as degraded while the REST API answers 500, and ok again once it answers', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const service = await startService('out-dc-run', ['http', 'discord'], { DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_SHARDS: '1' });
    expect((await service.health()).report.components['discord']?.status).toBe('ok');

    fake.setOutage('error-500');
    fake.slashCommand('help');
    const degraded = await eventually(service.health, ({ report }) => report.components['discord']?.status === 'degraded', 'discord degraded');
    expect(degraded.code).toBe(200);
    expect(degraded.report.components['discord']?.reason).toMatch(/^the Discord API answers 500 \(POST \/interactions\//);

    fake.setOutage(undefined);
    const interaction = fake.slashCommand('help');
    await fake.waitForRequest((request) => request.path.includes(interaction.token) && request.status < 300);
    await eventually(service.health, ({ report }) => report.components['discord']?.status === 'ok', 'discord ok again');
    expect(await service.metrics()).toMatch(/threadwatch_component_failures_total\{component="discord",call="rest"\} [1-9]/);
  });
});

describe('a Bot API that refuses setMyCommands', () => {
  it('runs the Telegram bot anyway, answering commands, with a warning in /healthz until the command list goes through', async () => {
    const telegram: FakeTelegram = await startFakeTelegram();
    cleanups.push(() => telegram.close());
    telegram.fail({ method: 'setMyCommands', times: 3, failure: faults.serverError() });
    const service = await startService('out-tg-cmds', ['worker', 'http', 'telegram'], { TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });

    const { report } = await service.health();
    expect(report.status).toBe('degraded');
    expect(report.components['telegram']).toMatchObject({
      status: 'degraded',
      reason: 'setMyCommands failed (the Bot API refused setMyCommands: 500 Internal Server Error): the command list in Telegram may be missing or out of date; retrying',
    });
    telegram.pushUpdate(commandUpdate('/help', privateChat(CHAT_ID), CHAT_ID));
    const reply = await telegram.waitForCall('sendMessage', (call) => Number(call.params['chat_id']) === CHAT_ID, 10_000);
    expect(String(reply.params['text'])).toMatch(/thread/);

    await telegram.waitForCall('setMyCommands', () => true, 20_000);
    await eventually(service.health, ({ report: next }) => next.status === 'ok', 'telegram ok');
    expect(telegram.callsTo('setChatMenuButton')).toHaveLength(1);
    expect(await service.metrics()).toMatch(/threadwatch_component_failures_total\{component="telegram",call="setMyCommands"\} 3/);
  });
});

describe('a Bot API that answers 500 for everything', () => {
  it('at start-up: telegram down while the workers thread; then up by itself, and degraded → ok across an outage while polling', async () => {
    const telegram = await startFakeTelegram();
    cleanups.push(() => telegram.close());
    telegram.setOutage(faults.serverError());
    const service = await startService('out-tg-500', ['worker', 'http', 'telegram'], { TELEGRAM_TOKEN: telegram.token, TELEGRAM_API_ROOT: telegram.apiRoot });

    const down = await service.health();
    expect(down.code).toBe(200);
    expect(down.report.components['telegram']).toMatchObject({ status: 'down', reason: 'the Bot API refused getMe: 500 Internal Server Error' });
    await expectWorkersThreading(service.app);

    telegram.setOutage(undefined);
    await eventually(service.health, ({ report }) => report.status === 'ok', 'telegram started');
    telegram.pushUpdate(commandUpdate('/help', privateChat(CHAT_ID), CHAT_ID));
    await telegram.waitForCall('sendMessage', (call) => Number(call.params['chat_id']) === CHAT_ID, 10_000);

    // While running: getUpdates fails, the runner keeps retrying, and the bot answers again afterwards.
    telegram.setOutage(faults.serverError());
    const degraded = await eventually(service.health, ({ report }) => report.components['telegram']?.status === 'degraded', 'telegram degraded');
    expect(degraded.report.components['telegram']?.reason).toMatch(/^getUpdates fails \(the Bot API refused getUpdates: 500 Internal Server Error\); retrying every 1 s$/);
    telegram.setOutage(undefined);
    await eventually(service.health, ({ report }) => report.status === 'ok', 'telegram polling again');
    const before = telegram.callsTo('sendMessage').length;
    telegram.pushUpdate(commandUpdate('/help', privateChat(CHAT_ID), CHAT_ID));
    await telegram.waitForCall('sendMessage', () => telegram.callsTo('sendMessage').length > before, 10_000);
    expectPlainLines(service.notices);
  });
});
