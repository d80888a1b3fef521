import type { RedisClient } from '../store/redis-client.js';
import type { Config } from '../config/config.js';
import type { Keys } from '../store/keys.js';
import { createRedisArticleStore } from '../store/redis-article-store.js';
import { createRedisDigestStore } from '../store/redis-digest-store.js';
import { createRedisRankingStore } from '../store/redis-ranking-store.js';
import { createRedisSourceStore } from '../store/redis-source-store.js';
import { createRedisSubscriptionStore } from '../store/redis-subscription-store.js';
import { createRedisThreadStore } from '../store/redis-thread-store.js';

/** Every Redis store of one app, on the connection that fails requests fast while Redis is away. */
export function createStores(redis: RedisClient, keys: Keys, config: Config) {
  return {
    articles: createRedisArticleStore(redis, keys, { retentionDays: config.ARTICLE_RETENTION_DAYS }),
    threads: createRedisThreadStore(redis, keys, { articleRetentionDays: config.ARTICLE_RETENTION_DAYS }),
    ranking: createRedisRankingStore(redis, keys),
    subscriptions: createRedisSubscriptionStore(redis, keys),
    digests: createRedisDigestStore(redis, keys),
    sources: createRedisSourceStore(redis, keys),
  };
}

export type Stores = ReturnType<typeof createStores>;
