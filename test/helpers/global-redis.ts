import type { TestProject } from 'vitest/node';
import type { RedisTarget } from '../../src/store/redis-client.js';
import { locateRedis, RedisUnavailableError } from '../../src/store/redis-locator.js';
import { startRedisCluster, startSentinelSet } from './redis-topology.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisTarget: RedisTarget;
  }
}

/**
 * One Redis per test pass (vitest.config.ts): the `standalone` pass finds one the way `npm start`
 * does (REDIS_URL, else 127.0.0.1:6379, else a spawned redis-server); the `cluster` pass starts a
 * loopback Redis Cluster (3 masters, 3 replicas) and the `sentinel` pass a Sentinel set (master,
 * replica, 3 Sentinels), both torn down when the pass ends.
 */
export default async function setup(project: TestProject) {
  try {
    if (project.name === 'cluster') {
      const cluster = await startRedisCluster();
      project.provide('redisTarget', cluster.target);
      return () => cluster.stop();
    }
    if (project.name === 'sentinel') {
      const sentinel = await startSentinelSet();
      project.provide('redisTarget', sentinel.target);
      return () => sentinel.stop();
    }
    const redis = await locateRedis({ target: process.env['REDIS_URL'] ? { mode: 'standalone', url: process.env['REDIS_URL'] } : undefined });
    project.provide('redisTarget', redis.target);
    return () => redis.stop();
  } catch (error) {
    if (error instanceof RedisUnavailableError) {
      // One line, no stack: the person running the tests needs to know what to install.
      console.error(`threadwatch tests need Redis: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
