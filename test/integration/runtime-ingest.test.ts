import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream, type IngestSummary } from '../../src/runtime/stream-ingest.js';
import { HOUR_MS } from '../../src/core/time.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));
/** The first ~4 stream hours: enough for several public threads and four hourly rankings. */
const SLICE = 400;

describe('ingest of a UCI stream slice', () => {
  let testRedis: TestRedis;
  let app: App;
  let records: StreamRecord[];
  let summary: IngestSummary;

  beforeAll(async () => {
    testRedis = await createTestRedis('runtime-ingest');
    records = (await readStreamFile(UCI)).records.slice(0, SLICE);
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
    summary = await ingestStream(app, records, { outlets: createOutletDirectory() });
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  it('stores every article once and ranks threads at each hour of stream time', async () => {
    expect(summary.stored + summary.duplicates).toBe(SLICE);
    expect(summary.stored).toBeGreaterThan(SLICE * 0.9);
    const last = Date.parse(records[records.length - 1]!.published);
    const info = await app.stores.ranking.getRankingInfo();
    expect(info).not.toBeNull();
    // The closing ranking is the first hour boundary after the last article, in 2014 — not today.
    expect(info!.at).toBe(Math.floor(last / HOUR_MS) * HOUR_MS + HOUR_MS);
    expect(info!.count).toBeGreaterThan(3);
    expect(summary.rankings).toBe(Math.round((info!.at - Math.floor(Date.parse(records[0]!.published) / HOUR_MS) * HOUR_MS) / HOUR_MS));
  });

  it('leaves ranked threads with virality, Δrank, rank history and a summary for /top and /thread', async () => {
    const top = await app.stores.ranking.getTop(5);
    expect(top.length).toBeGreaterThan(0);
    expect(top[0]!.rank).toBe(1);
    expect(top[0]!.articleCount).toBeGreaterThanOrEqual(3);
    expect(top[0]!.virality).toBeGreaterThan(0);
    const history = await app.stores.ranking.getRankHistory(top[0]!.threadId, 50);
    expect(history.length).toBeGreaterThan(1);
    expect(history.every((point) => point.at % HOUR_MS === 0 && point.at < Date.parse('2015-01-01'))).toBe(true);
    expect(await app.stores.digests.get(top[0]!.threadId)).not.toBeNull();

    const invocation = { platform: 'console' as const, chatId: 'console', userId: 'test', isGroup: false, canManageSubscriptions: true, now: Date.now() };
    const reply = await app.runner.runLine(`thread ${top[0]!.slug} stats`, invocation);
    expect(reply.tone).not.toBe('error');
  });

  it('adds nothing when the same stream is ingested again', async () => {
    const before = await app.stores.ranking.getRankingInfo();
    const again = await ingestStream(app, records, { outlets: createOutletDirectory() });
    expect(again.stored).toBe(0);
    expect(again.rankings).toBe(0);
    expect(await app.stores.ranking.getRankingInfo()).toEqual(before);
  });
});

describe('ingest after a run that stored articles but never handed them off', () => {
  let testRedis: TestRedis;
  let app: App;

  beforeAll(async () => {
    testRedis = await createTestRedis('ingest-resume');
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  it('threads every stored article, the ones the earlier run left behind included, and leaves no id waiting', async () => {
    const records = (await readStreamFile(UCI)).records.slice(0, 120);
    const outlets = createOutletDirectory();
    // What a run killed after its store (or whose store reply a Redis drop lost) leaves: the first
    // 60 articles stored, with their ids waiting for a hand-off that never came.
    const left = records.slice(0, 60).map((record) => articleFromStreamRecord(record, outlets.lookup(record.source)));
    const first = await app.stores.articles.storeArticles(left, { trackHandOff: true });
    expect(first.stored.length).toBeGreaterThan(50);

    const summary = await ingestStream(app, records, { outlets });
    expect(summary.stored + summary.duplicates).toBe(records.length);
    expect(summary.duplicates).toBeGreaterThanOrEqual(first.stored.length);

    const stored = [...first.stored.map((article) => article.id)];
    for (const record of records.slice(60)) {
      const article = articleFromStreamRecord(record, outlets.lookup(record.source));
      if (await app.stores.articles.getArticle(article.id)) stored.push(article.id);
    }
    const threadIds = await app.stores.threads.getArticleThreadIds([...new Set(stored)]);
    expect(threadIds.filter((threadId) => threadId === null)).toEqual([]);
    const sources = [...new Set(left.map((article) => article.sourceId))];
    const waiting = await Promise.all(sources.map((sourceId) => app.stores.articles.pendingHandOff(sourceId)));
    expect(waiting.flat()).toEqual([]);
  }, 120_000);
});
