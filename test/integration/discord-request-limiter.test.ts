import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRequestLimiter, discordDeliveryLimiter } from '../../src/adapters/discord/request-limiter.js';
import { loadConfig } from '../../src/config/config.js';
import { createKeys } from '../../src/store/keys.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let testRedis: TestRedis;

beforeAll(async () => {
  testRedis = await createTestRedis('discord-limiter');
});

afterAll(async () => {
  await testRedis?.cleanup();
});

describe('Discord alert fan-out limiter', () => {
  it('lets no more than the configured number of requests through per second, shared by every limiter on the same key', async () => {
    const key = createKeys(testRedis.prefix).rateLimit('discord-alerts');
    // A hand-moved clock: nothing leaves a window until the test moves time on.
    let clock = Date.UTC(2026, 0, 1, 12, 0, 0, 500);
    const now = () => clock;
    // Two limiters on two connections stand in for two worker processes.
    const limiters = [createRedisRequestLimiter(testRedis.redis, key, 4, now), createRedisRequestLimiter(testRedis.connect(), key, 4, now)];
    let granted = 0;
    const all = Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        await limiters[index % 2]?.acquire();
        granted += 1;
      }),
    );
    await expect.poll(() => granted).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(granted).toBe(4);

    clock += 1000;
    await expect.poll(() => granted, { timeout: 5_000 }).toBe(8);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(granted).toBe(8);

    clock += 1000;
    await all;
    expect(granted).toBe(10);
  });

  it('gives the BullMQ worker the same budget as DISCORD_MAX_REQUESTS_PER_SECOND', () => {
    expect(discordDeliveryLimiter(loadConfig({}))).toEqual({ max: 50, duration: 1000 });
    expect(discordDeliveryLimiter(loadConfig({ DISCORD_MAX_REQUESTS_PER_SECOND: '20' }))).toEqual({ max: 20, duration: 1000 });
  });
});
