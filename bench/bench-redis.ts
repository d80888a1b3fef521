import { randomBytes } from 'node:crypto';
import { createKeys, type Keys } from '../src/store/keys.js';
import { createPrefixedRedis, type PrefixedRedis } from '../src/store/prefix-keys.js';
import { redisTargetFromConfig } from '../src/store/redis-client.js';
import { loadConfig } from '../src/config/config.js';

export interface BenchRedis extends PrefixedRedis {
  keys: Keys;
}

/**
 * Benches run against the configured Redis (REDIS_MODE and REDIS_URL, or a Sentinel set; else
 * 127.0.0.1:6379) under a throwaway prefix, so they can run next to a live install; `cleanup`
 * deletes that prefix and closes every connection.
 */
export function createBenchRedis(area: string): BenchRedis {
  const target = redisTargetFromConfig(loadConfig(process.env)) ?? { mode: 'standalone', url: 'redis://127.0.0.1:6379' };
  const prefixed = createPrefixedRedis(target, `twbench-${area}-${randomBytes(4).toString('hex')}`);
  return { ...prefixed, keys: createKeys(prefixed.prefix) };
}
