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
    // Two limiters on two connections stand in for two worker processes.
    const limiters = [createRedisRequestLimiter(testRedis.redis, key, 4), createRedisRequestLimiter(testRedis.connect(), key, 4)];
    const grantedInSecond: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, index) => {
        await limiters[index % 2]?.acquire();
        grantedInSecond.push(Math.floor(Date.now() / 1000));
      }),
    );
    const perSecond = new Map<number, number>();
    for (const second of grantedInSecond) perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    expect(grantedInSecond).toHaveLength(10);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(4);
  });

  it('gives the BullMQ worker the same budget as DISCORD_MAX_REQUESTS_PER_SECOND', () => {
    expect(discordDeliveryLimiter(loadConfig({}))).toEqual({ max: 50, duration: 1000 });
    expect(discordDeliveryLimiter(loadConfig({ DISCORD_MAX_REQUESTS_PER_SECOND: '20' }))).toEqual({ max: 20, duration: 1000 });
  });
});
