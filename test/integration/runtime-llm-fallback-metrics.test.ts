import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { freePort } from '../../src/store/redis-locator.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));

describe('LLM fallbacks in /metrics', () => {
  let testRedis: TestRedis;
  let app: App;

  beforeAll(async () => {
    testRedis = await createTestRedis('llm-metrics');
    // An hourly budget of 0 makes every summary fall back without any network call.
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', LLM_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, LLM_MAX_CALLS_PER_HOUR: '0', LLM_MAX_RETRIES: '0' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
    await ingestStream(app, (await readStreamFile(UCI)).records.slice(0, 120), { outlets: createOutletDirectory() });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await testRedis.cleanup();
  });

  it('counts each summary the LLM could not write, by reason, while extractive digests still get written', async () => {
    const metrics = await app.metrics.registry.metrics();
    const fallbacks = [...metrics.matchAll(/^threadwatch_llm_fallbacks_total\{reason="([^"]+)"\} (\d+)$/gm)];
    expect(fallbacks.length).toBeGreaterThan(0);
    expect(fallbacks.map((match) => match[1])).toEqual(['budget']);
    expect(Number(fallbacks[0]![2])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^threadwatch_summaries_total\{generator="extractive"\} [1-9]/m);
  });
});
