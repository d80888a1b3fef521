import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPrefixedRedis, type PrefixedRedis } from '../../src/store/prefix-keys.js';
import { redisTargetEnv, type RedisTarget } from '../../src/store/redis-client.js';

/** The Redis of this test pass: a standalone server, a cluster or a Sentinel set (see global-redis.ts). */
export function testRedisTarget(): RedisTarget {
  return inject('redisTarget');
}

/** REDIS_MODE, REDIS_URL, REDIS_SENTINELS… for a child process that must use this pass's Redis. */
export function testRedisEnv(): Record<string, string> {
  return redisTargetEnv(testRedisTarget());
}

/** Prefix unique per call, so test files running in parallel never see each other's keys or queues. */
export type TestRedis = PrefixedRedis;

export async function createTestRedis(label: string): Promise<TestRedis> {
  return createPrefixedRedis(testRedisTarget(), `twtest-${label}-${randomBytes(4).toString('hex')}`);
}
