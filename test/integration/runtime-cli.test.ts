import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/store/redis-locator.js';
import { createTestRedis, testRedisEnv, type TestRedis } from '../helpers/redis.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // Only what the test sets: a developer's own REDIS_URL or tokens must not leak in.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
      cwd: root,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    onStart?.(child);
  });
}

describe('npm start as a process', () => {
  let testRedis: TestRedis;
  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-cli');
  });
  afterAll(async () => {
    await testRedis.cleanup();
  });

  it('prints every bad setting as a `KEY: message` line and exits 1 without a stack trace', async () => {
    const result = await runCli(['start', '--no-console'], { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud', ...testRedisEnv() });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    // The message shows what else reached stderr if this ever fails (it did once, under load, unseen).
    expect(lines, result.stderr).toHaveLength(2);
    expect(lines.some((line) => line.startsWith('HTTP_PORT: '))).toBe(true);
    expect(lines.some((line) => line.startsWith('LOG_LEVEL: '))).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to serve HTTP on 0.0.0.0 without METRICS_TOKEN, with one METRICS_TOKEN: line', async () => {
    const result = await runCli(['start', '--no-console'], { HTTP_HOST: '0.0.0.0', ...testRedisEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^METRICS_TOKEN: required when HTTP_HOST=0\.0\.0\.0 \(not a loopback address\): \/metrics would be open to other machines\. [^\n]+$/);
  });

  it('rejects an unknown role with one line naming the valid ones', async () => {
    const result = await runCli(['start', '--role', 'janitor'], { ...testRedisEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^--role: unknown role "janitor" \(use worker, scheduler, discord, telegram, http, all/);
  });

  it('asks for the token instead of crashing when --role discord runs without DISCORD_TOKEN', async () => {
    const result = await runCli(['start', '--role', 'discord'], { ...testRedisEnv(), REDIS_PREFIX: testRedis.prefix });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^DISCORD_TOKEN: required for --role discord/);
  });

  it('serves /healthz while running and exits 0 after SIGTERM', async () => {
    const port = await freePort();
    let healthy = false;
    const result = await runCli(
      ['start', '--role', 'worker,http', '--no-console'],
      { ...testRedisEnv(), REDIS_PREFIX: testRedis.prefix, HTTP_PORT: String(port), LOG_LEVEL: 'warn' },
      (child) => {
        // Probe once the process says it runs (its HTTP server listens by then), not after a fixed
        // number of attempts: on a loaded machine starting tsx alone can take tens of seconds.
        let stderr = '';
        let running = false;
        child.stderr?.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          running = stderr.includes('threadwatch is running');
        });
        const probe = async () => {
          for (let attempt = 0; attempt < 200 && child.exitCode === null; attempt += running ? 1 : 0) {
            const response = running ? await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null) : null;
            if (response?.status === 200) {
              healthy = true;
              break;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
          child.kill('SIGTERM');
        };
        void probe();
      },
    );
    expect(healthy).toBe(true);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('threadwatch is running (worker, http)');
  }, 120_000);
});
