import { closeRedisClient, createRedisClient, type ClientOptions, type RedisClient, type RedisTarget } from '../store/redis-client.js';
import type { Logger } from '../logger.js';

/**
 * The process's Redis connections. During a Redis outage every connection, queue and worker reports
 * each reconnect attempt; one line every 10 s says the same. (Unhandled 'error' events would crash
 * the process, so every emitter gets `reportError`.)
 */
export interface Connections {
  /** Stores, commands and producers: a request fails after ioredis's retries, so a command answers with an error while Redis is away instead of hanging. */
  readonly store: RedisClient;
  /** BullMQ workers: `maxRetriesPerRequest: null`, so blocking calls survive a Redis restart. */
  readonly bullmq: RedisClient;
  reportError(source: string): (error: Error) => void;
  /** QUIT where the connection is up; sockets dropped where it is not (QUIT would wait for a reconnect that may never come). */
  close(): Promise<void>;
}

const REPORT_EVERY_MS = 10_000;

export function createConnections(target: RedisTarget, logger: Logger): Connections {
  let lastReported = 0;
  const reportError = (source: string) => (error: Error) => {
    const now = Date.now();
    if (now - lastReported < REPORT_EVERY_MS) return;
    lastReported = now;
    logger.warn({ source, err: error.message }, 'Redis error (reconnecting; repeats within 10 s not logged)');
  };
  const all: RedisClient[] = [];
  const connect = (purpose: string, extra: Omit<ClientOptions, 'purpose'> = {}): RedisClient => {
    const connection = createRedisClient(target, { purpose, ...extra });
    connection.on('error', reportError(`connection:${purpose}`));
    all.push(connection);
    return connection;
  };
  const store = connect('store');
  const bullmq = connect('bullmq', { blocking: true });
  return {
    store,
    bullmq,
    reportError,
    async close() {
      await Promise.all(all.map(closeRedisClient));
    },
  };
}
