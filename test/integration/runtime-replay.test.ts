import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { createReplayFeedServer, type ReplayFeedServer } from '../../src/runtime/replay-feed-server.js';
import { HOUR_MS } from '../../src/core/time.js';
import { replaySources, replayStream, type ReplaySummary } from '../../src/runtime/stream-replay.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));
const SLICE = 250;

describe('replay of a UCI slice as RSS feeds through the real poll jobs', () => {
  let testRedis: TestRedis;
  let app: App;
  let server: ReplayFeedServer;
  let summary: ReplaySummary;
  let streamNow = 0;

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-replay');
    const records = (await readStreamFile(UCI)).records.slice(0, SLICE);
    server = createReplayFeedServer(records, () => streamNow);
    await server.listen();
    // The replayed feeds are on loopback, which feed polls refuse unless private addresses are allowed.
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', FEEDS_ALLOW_PRIVATE: 'true' });
    const sources = replaySources(server, createOutletDirectory());
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources, summaryDebounceMs: 50 });
    await app.start();
    summary = await replayStream(app, server, {
      setClock: (at) => {
        streamNow = at;
      },
      speed: 1e9,
      stepMs: config.POLL_INTERVAL_MINUTES * 60_000,
    });
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await server.close();
    await testRedis.cleanup();
  });

  it('stores every replayed article through the poll jobs, none as backlog', async () => {
    const totals = await app.metrics.totals();
    expect(totals.articlesIngested).toBeGreaterThan(SLICE * 0.9);
    expect(totals.jobFailures).toBe(0);
    const health = await app.stores.sources.listHealth();
    expect(health).toHaveLength(server.feeds.size);
    expect(health.every((source) => source.consecutiveFailures === 0 && source.firstPollDone)).toBe(true);
  });

  it('ranks the resulting threads at stream hours', async () => {
    expect(summary.rankings).toBeGreaterThan(1);
    const info = await app.stores.ranking.getRankingInfo();
    expect(info!.at % HOUR_MS).toBe(0);
    expect(info!.at).toBeGreaterThanOrEqual(summary.to);
    const top = await app.stores.ranking.getTop(3);
    expect(top.length).toBeGreaterThan(0);
    const ids = await app.stores.threads.getArticleIds(top[0]!.threadId, { limit: 100, order: 'newest' });
    const articles = await app.stores.articles.getArticles(ids);
    expect(articles.every((article) => article !== null && !article.backlog && article.sourceId.startsWith('replay-'))).toBe(true);
  });
});
