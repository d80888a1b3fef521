import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp } from '../../src/runtime/compose.js';
import { parseRoles } from '../../src/runtime/roles.js';
import { freePort, locateRedis, type LocatedRedis } from '../../src/store/redis-locator.js';

const RESOURCE_TYPES = ['TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'PipeWrap'];

function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) if (RESOURCE_TYPES.includes(type)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded Redis start and clean shutdown', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'threadwatch-runtime-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('spawns redis-server with AOF under DATA_DIR, serves /healthz and /metrics, and leaves nothing running after stop', async () => {
    const baseline = openHandles();
    // A closed port stands in for "nothing listens on 6379" on a developer machine.
    const nobodyHome = `redis://127.0.0.1:${await freePort()}`;
    const redisDir = join(dataDir, 'redis');
    const located: LocatedRedis = await locateRedis({ dataDir: redisDir, defaultUrl: nobodyHome });
    expect(located.origin).toBe('spawned');
    expect(located.pid).toBeGreaterThan(0);

    // A second process on the same data directory shares the running server instead of starting another.
    const shared = await locateRedis({ dataDir: redisDir, defaultUrl: nobodyHome });
    expect(shared).toMatchObject({ origin: 'embedded', target: located.target });

    const config = loadConfig({ REDIS_PREFIX: 'twembedded', HTTP_PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await createApp({ config, redisTarget: located.target, roles: parseRoles('worker,http'), logger: createLogger('silent'), sources: [] });
    await app.start();
    const address = app.httpAddress();
    expect(address).toBeDefined();
    const base = `http://127.0.0.1:${address!.port}`;

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toMatch(/application\/json/);
    const report = (await health.json()) as { status: string; redis: { reachable: boolean }; workers: { queue: string; running: boolean }[] };
    expect(report.status).toBe('ok');
    expect(report.redis.reachable).toBe(true);
    expect(report.workers.length).toBeGreaterThan(0);
    expect(report.workers.every((worker) => worker.running)).toBe(true);

    await app.runner.runLine('top', { platform: 'console', chatId: 'console', userId: 'test', isGroup: false, canManageSubscriptions: true, now: Date.now() });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of [
      'threadwatch_articles_ingested_total',
      'threadwatch_threads',
      'threadwatch_queue_jobs',
      'threadwatch_job_failures_total',
      'threadwatch_alert_deliveries_total',
      'threadwatch_command_duration_seconds',
      'threadwatch_llm_fallbacks_total',
    ]) {
      expect(metrics).toContain(`# TYPE ${name} `);
    }
    expect(metrics).toMatch(/threadwatch_queue_jobs\{queue="thread-article",state="waiting"\} 0/);
    expect(metrics).toMatch(/threadwatch_command_duration_seconds_count\{command="top",platform="console",outcome="ok"\} 1/);
    // No password configured: the dashboard does not exist at all.
    expect((await fetch(`${base}/admin/queues`)).status).toBe(404);

    await app.stop();
    await located.stop();
    expect(isAlive(located.pid!)).toBe(false);
    expect(existsSync(join(redisDir, 'redis.port'))).toBe(false);
    // AOF on: the data survives the next start.
    expect(readdirSync(redisDir).some((name) => name.startsWith('appendonly'))).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    // Sockets finish closing a tick after quit/close resolve; give them a moment, then none may remain.
    await expect.poll(() => RESOURCE_TYPES.filter((type) => (openHandles()[type] ?? 0) > (baseline[type] ?? 0)), { timeout: 3_000 }).toEqual([]);
  });
  it('reports Redis as unreachable with 503 when the server goes away, and still shuts down', async () => {
    const located = await locateRedis({ dataDir: join(dataDir, 'outage'), defaultUrl: `redis://127.0.0.1:${await freePort()}` });
    const config = loadConfig({ REDIS_PREFIX: 'twoutage', HTTP_PORT: String(await freePort()), LOG_LEVEL: 'silent' });
    const app = await createApp({ config, redisTarget: located.target, roles: parseRoles('worker,http'), logger: createLogger('silent'), sources: [] });
    await app.start();
    const base = `http://127.0.0.1:${app.httpAddress()!.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await located.stop();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { status: string; redis: { reachable: boolean; error?: string } };
    expect(report.status).toBe('down');
    expect(report.redis.reachable).toBe(false);
    expect(report.redis.error).toBeTruthy();

    await app.stop();
  });
});
