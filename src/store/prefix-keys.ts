import type { Redis } from 'ioredis';

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
