import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * `npm test` runs three passes, one per Redis mode (test/helpers/global-redis.ts starts each one's
 * Redis): `standalone` runs every test; `cluster` (3 masters + 3 replicas) and `sentinel` (master,
 * replica, 3 Sentinels) run again every integration test file that uses the test Redis. One pass
 * alone: `npx vitest run --project cluster`.
 */
const integrationOnRedis = readdirSync('test/integration')
  .filter((file) => file.endsWith('.test.ts'))
  .filter((file) => /from '\.\.\/helpers\/redis\.js'/.test(readFileSync(`test/integration/${file}`, 'utf8')))
  .map((file) => `test/integration/${file}`);

const pass = (name: 'standalone' | 'cluster' | 'sentinel', include: string[]) => ({
  extends: true as const,
  test: { name, include, globalSetup: ['test/helpers/global-redis.ts'] },
});

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two cores: more workers only adds contention on Redis and the event loop.
    maxWorkers: 2,
    projects: [pass('standalone', ['test/**/*.test.ts']), pass('cluster', integrationOnRedis), pass('sentinel', integrationOnRedis)],
  },
});
