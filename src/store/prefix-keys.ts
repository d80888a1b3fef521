import calculateSlot from 'cluster-key-slot';
import { createRedisClient, closeRedisClient, dataNodes, type ClientOptions, type RedisClient, type RedisTarget } from './redis-client.js';

/**
 * Every key of one install lives under `<prefix>:` (see keys.ts), so one prefix can be listed or
 * dropped without touching the rest of a shared Redis — never FLUSHDB. SCAN keeps Redis responsive
 * where KEYS would block it. A cluster's SCAN only sees the node it runs on, so every master is
 * scanned in turn.
 */
export async function* scanKeysUnder(redis: RedisClient, prefix: string, batchSize = 1_000): AsyncGenerator<string[]> {
  for (const node of dataNodes(redis)) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', batchSize);
      cursor = next;
      if (batch.length > 0) yield batch;
    } while (cursor !== '0');
  }
}

/** Keys grouped by hash slot: a multi-key command on a cluster must name keys of one slot. */
export function groupBySlot(keyNames: readonly string[]): string[][] {
  const groups = new Map<number, string[]>();
  for (const key of keyNames) {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push(key);
    else groups.set(slot, [key]);
  }
  return [...groups.values()];
}

export async function deleteKeysUnder(redis: RedisClient, prefix: string): Promise<number> {
  let deleted = 0;
  for await (const batch of scanKeysUnder(redis, prefix)) {
    const counts = await Promise.all(groupBySlot(batch).map((group) => redis.unlink(...group)));
    deleted += counts.reduce((sum, count) => sum + count, 0);
  }
  return deleted;
}

/** A set of connections that own one key prefix: tests and benches each take a throwaway one. */
export interface PrefixedRedis {
  redis: RedisClient;
  target: RedisTarget;
  prefix: string;
  /** Another connection to the same Redis (BullMQ workers need their own, blocking one). */
  connect(options?: { forWorker?: boolean }): RedisClient;
  /** Deletes every key under the prefix and closes every connection made through this object. */
  cleanup(): Promise<void>;
}

export function createPrefixedRedis(target: RedisTarget, prefix: string, clientOptions: ClientOptions = {}): PrefixedRedis {
  const connections: RedisClient[] = [];
  const connect = (options: { forWorker?: boolean } = {}) => {
    const connection = createRedisClient(target, { ...clientOptions, blocking: options.forWorker === true });
    connections.push(connection);
    return connection;
  };
  const redis = connect();
  return {
    redis,
    target,
    prefix,
    connect,
    async cleanup() {
      await deleteKeysUnder(redis, prefix);
      await Promise.all(connections.map(closeRedisClient));
    },
  };
}
