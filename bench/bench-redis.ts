import { randomBytes } from 'node:crypto';
import { createKeys, type Keys } from '../src/store/keys.js';
import { createPrefixedRedis, type PrefixedRedis } from '../src/store/prefix-keys.js';

export interface BenchRedis extends PrefixedRedis {
  keys: Keys;
}

/**
 * Benches run against the Redis at REDIS_URL (else 127.0.0.1:6379) under a throwaway prefix, so
 * they can run next to a live install; `cleanup` deletes that prefix and closes every connection.
 */
export function createBenchRedis(area: string): BenchRedis {
  const prefixed = createPrefixedRedis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', `twbench-${area}-${randomBytes(4).toString('hex')}`);
  return { ...prefixed, keys: createKeys(prefixed.prefix) };
}
