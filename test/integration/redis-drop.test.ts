import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedisConnectionDrop, retryAfterRedisDrop } from '../../src/store/redis-drop.js';
import { startPrivateRedis } from '../helpers/fault-scenarios.js';

/**
 * The replay and ingest drivers retry their idempotent steps (job counts, bulk adds with fixed ids)
 * when a Redis restart aborts a transaction in flight; a flaky fault test showed that an aborted
 * MULTI used to end the whole replay. Here the connection is killed under a real pipeline, which
 * ioredis rejects the same way.
 */
describe('a Redis connection drop under a pipeline', () => {
  let server: Awaited<ReturnType<typeof startPrivateRedis>>;
  let client: Redis;
  let admin: Redis;
  /** The rejection of the killed transaction (first test), thrown again by the steps below. */
  let realDrop: unknown = new Error('Command aborted due to connection close');

  beforeAll(async () => {
    server = await startPrivateRedis();
    const url = server.target.mode === 'standalone' ? server.target.url : '';
    client = new Redis(url, { maxRetriesPerRequest: null });
    // The kill below resets its socket on purpose: the reset is the point, not noise for the log.
    client.on('error', () => {});
    admin = new Redis(url);
  });
  afterAll(async () => {
    client?.disconnect();
    admin?.disconnect();
    await server?.stop();
  });

  /**
   * A pipeline left in flight when its connection is killed from another one: its BLPOP blocks
   * until then, and the kill waits until the server shows it blocked, so there is no race.
   */
  async function transactionKilledMidway(): Promise<unknown> {
    const id = await client.client('ID');
    const pending = client.pipeline().set('drop:before', 'x').blpop('drop:never', 0).exec();
    for (let waited = 0; waited < 5_000; waited += 10) {
      const listed = String(await admin.client('LIST', 'ID', String(id)));
      if (listed.includes('cmd=blpop')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await admin.client('KILL', 'ID', String(id));
    // A pipeline resolves with one [error, result] per command; the aborted ones carry the drop.
    return pending.then(
      (results) => results?.find(([error]) => error !== null)?.[0] ?? null,
      (error: unknown) => error,
    );
  }

  it('is recognised as a drop from the error ioredis really throws, and other errors are not', async () => {
    const error = await transactionKilledMidway();
    expect(error).toBeInstanceOf(Error);
    realDrop = error;
    expect(isRedisConnectionDrop(error)).toBe(true);
    expect(isRedisConnectionDrop(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(isRedisConnectionDrop(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(isRedisConnectionDrop('not an error')).toBe(false);
  });

  it('retries an idempotent step through the drop, and throws anything else at once', async () => {
    let attempts = 0;
    const value = await retryAfterRedisDrop(async () => {
      attempts += 1;
      if (attempts === 1) throw realDrop;
      // The client reconnected by itself after the kill.
      return client.incr('drop:counter');
    });
    expect(attempts).toBe(2);
    expect(value).toBe(1);

    let failures = 0;
    await expect(
      retryAfterRedisDrop(async () => {
        failures += 1;
        throw new Error('ERR unknown command');
      }),
    ).rejects.toThrow('ERR unknown command');
    expect(failures).toBe(1);
  });

  it('gives up with the last drop once its time is spent', async () => {
    let attempts = 0;
    await expect(
      retryAfterRedisDrop(
        async () => {
          attempts += 1;
          throw new Error('Command aborted due to connection close');
        },
        { giveUpAfterMs: 300 },
      ),
    ).rejects.toThrow('connection close');
    expect(attempts).toBeGreaterThan(1);
  });
});
