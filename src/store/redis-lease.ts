import type { RedisClient } from './redis-client.js';

/**
 * A lease in one Redis key: at most one owner at a time, lost unless renewed within its TTL. It
 * makes one process out of many the single writer of something (the threading index), and hands
 * the job over when that process dies: its lease simply runs out.
 */

// Takes the lease when free, or extends it when `owner` already holds it. 1 = held by `owner`.
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
`;

// Gives the lease back only if `owner` still holds it (a lease that ran out may belong to another by now).
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface Lease {
  readonly owner: string;
  readonly ttlMs: number;
  /** Takes or renews the lease; false while another owner holds it. */
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
  /** The current owner, if any. */
  holder(): Promise<string | null>;
}

export function createRedisLease(redis: RedisClient, key: string, options: { owner: string; ttlMs: number }): Lease {
  const { owner, ttlMs } = options;
  return {
    owner,
    ttlMs,
    async tryAcquire() {
      return (await redis.eval(ACQUIRE, 1, key, owner, String(ttlMs))) === 1;
    },
    async release() {
      await redis.eval(RELEASE, 1, key, owner);
    },
    holder: () => redis.get(key),
  };
}
