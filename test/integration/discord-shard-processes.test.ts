import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../jobs/contracts.js';
import { loadConfig } from '../../src/config/config.js';
import type { Alert } from '../../src/core/alert.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { startCliProcess, type CliProcess } from '../helpers/cli-process.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { createTestRedis, testRedisEnv, type TestRedis } from '../helpers/redis.js';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Two `--role discord` processes with two gateway shards each, against the loopback fake Discord
// holding one guild on each of the four shards.
describe('Discord sharding across processes', () => {
  let testRedis: TestRedis;
  let fake: FakeDiscord;
  let app: App;
  const processes: CliProcess[] = [];
  const start = (args: string[]) => {
    const child = startCliProcess(['start', ...args, '--no-console'], {
      ...testRedisEnv(),
      REDIS_PREFIX: testRedis.prefix,
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_BASE: fake.apiBase,
    });
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    testRedis = await createTestRedis('dshards');
    fake = await startFakeDiscord({ guildPerShard: 4 });
    app = await createApp({ config: loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' }), redisTarget: testRedis.target, roles: new Set(), logger: createLogger('silent') });
  });
  afterAll(async () => {
    await Promise.all(processes.map((child) => child.kill()));
    await app?.stop();
    await fake?.close();
    await testRedis?.cleanup();
  });

  it('runs shards 0–1 and 2–3 in two processes, and every guild’s interactions are answered by the process holding its shard', async () => {
    const low = start(['--role', 'discord', '--shard-ids', '0,1', '--shard-count', '4']);
    const high = start(['--role', 'discord', '--shard-ids', '2,3', '--shard-count', '4']);
    await Promise.all([low.waitForOutput(/discord bot ready/), high.waitForOutput(/discord bot ready/)]);
    expect([...fake.shards].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 4],
      [1, 4],
      [2, 4],
      [3, 4],
    ]);
    // The fake, like Discord, sends a guild's interactions only on the connection of that guild's shard.
    for (const guild of fake.shardGuilds) {
      const interaction = fake.slashCommand('help', {}, { guildId: guild.id });
      const answer = await fake.waitForRequest((request) => request.path.includes(`/${interaction.token}/`) && request.method === 'POST', 20_000);
      expect(answer.status, `guild on shard ${guild.shard}`).toBeLessThan(300);
    }

    // With the process of shards 0–1 gone, guilds on shards 2–3 are still served.
    await low.kill();
    await until('shards 0 and 1 to disconnect', () => fake.shards.length === 2);
    const stillServed = fake.slashCommand('help', {}, { guildId: fake.shardGuilds[3]!.id });
    expect((await fake.waitForRequest((request) => request.path.includes(`/${stillServed.token}/`), 20_000)).status).toBeLessThan(300);
    expect(() => fake.slashCommand('help', {}, { guildId: fake.shardGuilds[0]!.id })).toThrow(/no identified gateway connection/);
    expect(await high.stop()).toBe(0);
  }, 180_000);

  it('delivers an alert over REST from a worker process that holds no gateway shard', async () => {
    const identifiesBefore = fake.identifyCount;
    const worker = start(['--role', 'worker']);
    await worker.waitForOutput(/threadwatch is running/);
    const guild = fake.shardGuilds[3]!;
    const { subscription } = await app.stores.subscriptions.subscribe({
      destination: { platform: 'discord', chatId: guild.textChannelId, channelKind: 'text' },
      target: 'top:10',
      slug: '',
      at: Date.now(),
    });
    const alert: Alert = { id: 'shard-alert-1', kind: 'entered-top', threadId: 't-1', slug: 'eclipse-path', title: 'Eclipse path crosses the Atlantic', rank: 4, previousRank: 12, topN: 10, virality: 6.1, articleCount: 40, at: Date.now() };
    await app.queues[QUEUES.deliverDiscord].add('deliver-alert', { subscriptionId: subscription.id, alert }, { jobId: alert.id });
    const post = await fake.waitForRequest((request) => request.method === 'POST' && request.path === `/channels/${guild.textChannelId}/messages`, 30_000);
    expect(post.status).toBeLessThan(300);
    expect(post.body.embeds[0].title).toBe('Eclipse path crosses the Atlantic');
    await waitForIdle([app.queues[QUEUES.deliverDiscord]]);
    expect(fake.identifyCount).toBe(identifiesBefore);
    expect(await worker.stop()).toBe(0);
  }, 120_000);
});
