import { createThreadIndexer } from '../../src/core/threading/indexer.js';
import { createKeys } from '../../src/store/keys.js';
import { closeRedisClient, createRedisClient, type RedisTarget } from '../../src/store/redis-client.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { uciArticles } from './threading-stream.js';

/**
 * A threading worker in its own process, for the SIGKILL test: threads the first COUNT UCI
 * articles into the Redis store under PREFIX, BATCH at a time, snapshotting often, until done or
 * killed. Usage: tsx test/helpers/threading-child.ts REDIS_TARGET_JSON PREFIX COUNT BATCH
 */
const [target = '{}', prefix = '', count = '0', batch = '50'] = process.argv.slice(2);
const redis = createRedisClient(JSON.parse(target) as RedisTarget);
const indexer = createThreadIndexer(createRedisThreadStore(redis, createKeys(prefix)), { snapshotEvery: 300 });
const articles = await uciArticles(Number(count));
for (let offset = 0; offset < articles.length; offset += Number(batch)) await indexer.assign(articles.slice(offset, offset + Number(batch)));
await closeRedisClient(redis);
