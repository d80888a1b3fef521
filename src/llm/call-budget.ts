import type { RedisClient } from '../store/redis-client.js';
import { HOUR_MS } from '../core/time.js';
import type { Keys } from '../store/keys.js';
import type { CallBudget } from './chat-client.js';

/** Increments the hour's counter and refuses (without keeping the increment) once it passes the cap. */
const TAKE = `
local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if used > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return 0
end
return 1
`;

/**
 * The LLM cost cap, shared by every worker process: one counter per clock hour in Redis, taken
 * atomically, so N workers together never make more than `maxCallsPerHour` calls.
 */
export function createRedisCallBudget(redis: RedisClient, keys: Keys, maxCallsPerHour: number, now: () => number = Date.now): CallBudget & { used(): Promise<number> } {
  const hourKey = () => keys.llmBudget(Math.floor(now() / HOUR_MS));
  return {
    async tryTake() {
      if (maxCallsPerHour <= 0) return false;
      return (await redis.eval(TAKE, 1, hourKey(), String(maxCallsPerHour), String(2 * HOUR_MS))) === 1;
    },
    async used() {
      return Number((await redis.get(hourKey())) ?? 0);
    },
  };
}
