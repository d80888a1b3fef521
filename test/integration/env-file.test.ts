import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEnvFile } from '../../src/cli/env-file.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { createTestRedis, testRedisEnv, type TestRedis } from '../helpers/redis.js';

/**
 * `.env` is read by `npm start` and every CLI command (not only under docker compose), and the
 * process environment wins over it. The process test runs the CLI from a directory holding a .env,
 * as a user would run it from their checkout.
 */

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd,
      // Only what the test sets: a developer's own settings must not leak in.
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('.env', () => {
  let dir: string;
  let testRedis: TestRedis;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'threadwatch-env-'));
    testRedis = await createTestRedis('env-file');
  });
  afterAll(async () => {
    await testRedis.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('fills in what the environment does not set, and never overrides what it does (not even an empty value)', async () => {
    const path = join(dir, 'fill.env');
    await writeFile(path, '# settings\nREDIS_PREFIX=from-file\nLOG_LEVEL=debug\nDISCORD_TOKEN=""\nexport POLL_INTERVAL_MINUTES=15\n');
    const env: Record<string, string | undefined> = { LOG_LEVEL: 'warn', DISCORD_TOKEN: '' };
    expect(applyEnvFile(env, path)).toEqual({ applied: ['REDIS_PREFIX', 'POLL_INTERVAL_MINUTES'] });
    expect(env).toEqual({ LOG_LEVEL: 'warn', DISCORD_TOKEN: '', REDIS_PREFIX: 'from-file', POLL_INTERVAL_MINUTES: '15' });
  });

  it('is optional, and a .env that cannot be read is one line, not a crash', async () => {
    expect(applyEnvFile({}, join(dir, 'missing.env'))).toEqual({ applied: [] });
    const folder = join(dir, 'folder.env');
    await mkdir(folder);
    expect(applyEnvFile({}, folder).problem).toBe(`${folder}: cannot read it (EISDIR); settings come from the environment only`);
  });

  it('is read by the CLI from the current directory, under the process environment', async () => {
    const project = join(dir, 'checkout');
    await mkdir(project);
    // The file picks the prefix (seeded with a replay record, so /sources shows it was read) and a bad LOG_LEVEL.
    await writeFile(join(project, '.env'), `REDIS_PREFIX=${testRedis.prefix}\nDEMO_REDIS_PREFIX=${testRedis.prefix}-demo\nLOG_LEVEL=loud\n`);
    await createRedisSourceStore(testRedis.redis, createKeys(testRedis.prefix)).recordReplay({ file: 'from-dotenv.jsonl', feeds: 2, polls: 7, articles: 3, from: 0, to: 0, finishedAt: Date.UTC(2026, 0, 1) });

    const fromFile = await runCli(['ask', '/sources'], project, testRedisEnv());
    expect(fromFile.code).toBe(1);
    expect(fromFile.output).toContain('LOG_LEVEL: ');

    const overridden = await runCli(['ask', '/sources'], project, { ...testRedisEnv(), LOG_LEVEL: 'warn' });
    expect(overridden.output.replace(/\s+/g, ' ')).toContain('Replayed: 7 polls of 2 replayed feeds from `from-dotenv.jsonl`');
    expect(overridden.code).toBe(0);
  }, 120_000);
});
