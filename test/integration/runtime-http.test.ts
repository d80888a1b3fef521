import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { parseRoles } from '../../src/runtime/roles.js';
import { freePort } from '../../src/store/redis-locator.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

describe('HTTP health, metrics and queue dashboard', () => {
  let testRedis: TestRedis;
  let app: App;
  let base: string;

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-http');
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: String(await freePort()), DASHBOARD_PASSWORD: 's3cret pass' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: parseRoles('worker,http'), logger: createLogger('silent'), sources: [] });
    await app.start();
    base = `http://127.0.0.1:${app.httpAddress()!.port}`;
  });

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  const authorization = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

  it('keeps the queue dashboard behind basic auth with DASHBOARD_PASSWORD', async () => {
    const anonymous = await fetch(`${base}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect((await fetch(`${base}/admin/queues`, { headers: authorization('admin', 'wrong') })).status).toBe(401);
    const allowed = await fetch(`${base}/admin/queues`, { headers: authorization('admin', 's3cret pass') });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/<html/i);
    const queues = await fetch(`${base}/admin/queues/api/queues`, { headers: authorization('ops', 's3cret pass') });
    expect(queues.status).toBe(200);
    const body = (await queues.json()) as { queues: { name: string }[] };
    expect(body.queues.map((queue) => queue.name)).toEqual(expect.arrayContaining(['poll-source', 'thread-article', 'rank-threads']));
  });

  it('counts queue depths at scrape time', async () => {
    await app.queues['rank-threads'].add('rank-threads', {}, { delay: 60_000, jobId: 'depth-probe' });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/threadwatch_queue_jobs\{queue="rank-threads",state="delayed"\} 1/);
    await app.queues['rank-threads'].remove('depth-probe');
  });

  it('answers 503 with the stopped worker named once a worker is no longer running', async () => {
    const worker = app.workers.find((candidate) => candidate.name === 'summarize-thread')!;
    await worker.close();
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(503);
    const report = (await response.json()) as { status: string; workers: { queue: string; running: boolean }[] };
    expect(report.status).toBe('down');
    expect(report.workers).toContainEqual({ queue: 'summarize-thread', running: false });
  });
});

describe('HTTP on a non-loopback address with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let testRedis: TestRedis;
  let app: App;
  let base: string;

  beforeAll(async () => {
    testRedis = await createTestRedis('http-token');
    // 0.0.0.0 as in the Docker image; the test connects over loopback like any other client would over the network.
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_HOST: '0.0.0.0', HTTP_PORT: String(await freePort()), METRICS_TOKEN: token });
    app = await createApp({ config, redisTarget: testRedis.target, roles: parseRoles('worker,http'), logger: createLogger('silent'), sources: [] });
    await app.start();
    base = `http://127.0.0.1:${app.httpAddress()!.port}`;
  });

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  it('answers /metrics only with Authorization: Bearer METRICS_TOKEN', async () => {
    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await anonymous.text()).not.toMatch(/threadwatch_/);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` } })).status).toBe(401);
    const allowed = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/threadwatch_queue_jobs/);
  });

  it('keeps /healthz open for probes, and has no /admin/queues without DASHBOARD_PASSWORD', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/admin/queues`)).status).toBe(404);
  });
});
