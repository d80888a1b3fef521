import type { TestProject } from 'vitest/node';
import { locateRedis, RedisUnavailableError } from '../../src/store/redis-locator.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  try {
    const redis = await locateRedis({ envUrl: process.env['REDIS_URL'] });
    project.provide('redisUrl', redis.url);
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
