import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPrefixedRedis, type PrefixedRedis } from '../../src/store/prefix-keys.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

/** Prefix unique per call, so test files running in parallel never see each other's keys or queues. */
export type TestRedis = PrefixedRedis;

export async function createTestRedis(label: string): Promise<TestRedis> {
  return createPrefixedRedis(testRedisUrl(), `twtest-${label}-${randomBytes(4).toString('hex')}`);
}
