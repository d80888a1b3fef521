import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { createDiscordBot, type DiscordBot } from '../../src/adapters/discord/bot.js';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { fakeDeps, referenceWorld } from '../helpers/command-fakes.js';
import { startFakeDiscord, type FakeDiscord } from '../helpers/fake-discord.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let testRedis: TestRedis;
let fake: FakeDiscord;
let bot: DiscordBot;

beforeAll(async () => {
  testRedis = await createTestRedis('discord-shards');
  fake = await startFakeDiscord();
  bot = createDiscordBot({
    config: loadConfig({ DISCORD_TOKEN: fake.token, DISCORD_API_BASE: fake.apiBase, DISCORD_SHARDS: '2' }),
    runner: createCommandRunner(fakeDeps(referenceWorld().world)),
    pictures: { render: () => null },
    redis: testRedis.redis,
    keys: createKeys(testRedis.prefix),
    logger: createLogger('silent'),
  });
  await bot.start();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await testRedis?.cleanup();
});

describe('Discord sharding', () => {
  it('runs the configured number of shards and answers interactions arriving on the guild’s shard', async () => {
    expect(fake.shards.sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const interaction = fake.slashCommand('top');
    const answer = await fake.waitForRequest((r) => r.path.includes(`/${interaction.token}/`) && r.method !== 'DELETE');
    expect(answer.status).toBeLessThan(300);
  });
});
