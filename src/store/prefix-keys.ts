import { Redis } from 'ioredis';

/**
 * Every key of one install lives under `<prefix>:` (see keys.ts), so one prefix can be listed or
 * dropped without touching the rest of a shared Redis — never FLUSHDB. SCAN keeps Redis responsive
 * where KEYS would block it.
 */
export async function* scanKeysUnder(redis: Redis, prefix: string, batchSize = 1_000): AsyncGenerator<string[]> {
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', batchSize);
    cursor = next;
    if (batch.length > 0) yield batch;
  } while (cursor !== '0');
}

export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const batch of scanKeysUnder(redis, prefix)) deleted += await redis.unlink(...batch);
  return deleted;
}

/** A set of connections that own one key prefix: tests and benches each take a throwaway one. */
export interface PrefixedRedis {
  redis: Redis;
  url: string;
  prefix: string;
  /** Another connection to the same server (BullMQ workers need their own, blocking one). */
  connect(options?: { forWorker?: boolean }): Redis;
  /** Deletes every key under the prefix and closes every connection made through this object. */
  cleanup(): Promise<void>;
}

export function createPrefixedRedis(url: string, prefix: string): PrefixedRedis {
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
    connect,
    async cleanup() {
      await deleteKeysUnder(redis, prefix);
      await Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    },
  };
}
