import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createKeys, type Keys } from '../src/store/keys.js';
import { deleteKeysUnder } from '../src/store/prefix-keys.js';

/**
 * Benches run against the Redis at REDIS_URL (else 127.0.0.1:6379) under a throwaway prefix, so
 * they can run next to a live install; `cleanup` deletes that prefix and closes every connection.
 */
export interface BenchRedis {
  redis: Redis;
  url: string;
  prefix: string;
  keys: Keys;
  /** Another connection to the same server (BullMQ workers need their own, blocking one). */
  connect(options?: { forWorker?: boolean }): Redis;
  cleanup(): Promise<void>;
}

export function createBenchRedis(area: string): BenchRedis {
  const url = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const prefix = `twbench-${area}-${randomBytes(4).toString('hex')}`;
  const connections: Redis[] = [];
  const connect = (options: { forWorker?: boolean } = {}) => {
    const connection = new Redis(url, options.forWorker ? { maxRetriesPerRequest: null } : {});
    connections.push(connection);
    return connection;
  };
  const redis = connect();
  return {
    redis,
    url,
    prefix,
    keys: createKeys(prefix),
    connect,
    async cleanup() {
      await deleteKeysUnder(redis, prefix);
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
