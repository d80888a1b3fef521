import type { RedisClient } from '../../store/redis-client.js';
import type { Config } from '../../config/config.js';

/** Something that lets one request through when the global budget allows. */
export interface RequestLimiter {
  acquire(): Promise<void>;
}

/** For the BullMQ worker of the deliver-discord queue: at most this many jobs per window across all workers. */
export function discordDeliveryLimiter(config: Pick<Config, 'DISCORD_MAX_REQUESTS_PER_SECOND'>): { max: number; duration: number } {
  return { max: config.DISCORD_MAX_REQUESTS_PER_SECOND, duration: 1000 };
}

// INCR the current one-second window's counter, expiring it once the window is surely over.
const COUNT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

/**
 * Fixed one-second windows counted in Redis, so every process fanning out alerts shares the same
 * Discord budget (Discord's global limit is per bot token, not per process). A request that finds
 * its window full waits for the next window and tries again.
 */
export function createRedisRequestLimiter(redis: RedisClient, keyPrefix: string, maxPerSecond: number, now: () => number = Date.now): RequestLimiter {
  return {
    async acquire() {
      for (;;) {
        const window = Math.floor(now() / 1000);
        const count = Number(await redis.eval(COUNT_SCRIPT, 1, `${keyPrefix}:${window}`, 2000));
        if (count <= maxPerSecond) return;
        await new Promise((resolve) => setTimeout(resolve, 1000 - (now() % 1000) + 1));
      }
    },
  };
}
