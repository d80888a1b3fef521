import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { deleteKeysUnder } from '../../src/store/prefix-keys.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export interface TestRedis {
  redis: Redis;
  /** Unique per call, so test files running in parallel never see each other's keys or queues. */
  prefix: string;
  url: string;
  /** A new connection to the same server (BullMQ workers need their own blocking connection). */
  connect(options?: { forWorker?: boolean }): Redis;
  /** Deletes every key under the prefix and closes every connection made through this helper. */
  cleanup(): Promise<void>;
}

export async function createTestRedis(label: string): Promise<TestRedis> {
  const url = testRedisUrl();
  const prefix = `twtest-${label}-${randomBytes(4).toString('hex')}`;
  const connections: Redis[] = [];
  const connect = (options: { forWorker?: boolean } = {}) => {
    const connection = new Redis(url, options.forWorker ? { maxRetriesPerRequest: null } : {});
    connections.push(connection);
    return connection;
  };
  const redis = connect();
  return {
    redis,
    prefix,
    url,
    connect,
    async cleanup() {
      await deleteKeysUnder(redis, prefix);
      await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
