import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportThreads } from '../../src/cli/export.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import { normaliseDomain, type StreamRecord } from '../../src/core/articles/stream-record.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { createReplayFeedServer, type ReplayFeedServer } from '../../src/runtime/replay-feed-server.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { replaySources, replayStream } from '../../src/runtime/stream-replay.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));
/** About two and a half stream hours: several public threads, many polls of each outlet. */
const SLICE = 250;

/**
 * An outlet that publishes one story twice (same headline, a new URL, seconds later), as outlets
 * do: a feed lists the copies newest first, a file oldest first.
 */
function republishedUrl(url: string): string {
  const moved = new URL(url);
  moved.pathname = `${moved.pathname.replace(/\/$/, '')}-republished`;
  return moved.toString();
}

function withRepublishedCopy(records: StreamRecord[]): { records: StreamRecord[]; original: StreamRecord; copy: StreamRecord } {
  const original = records[0]!;
  const copy: StreamRecord = { ...original, id: `${original.id}-copy`, url: republishedUrl(original.url), published: new Date(Date.parse(original.published) + 3_000).toISOString() };
  return { records: [...records, copy], original, copy };
}

/**
 * A loopback proxy in front of the feed server that answers 503 to the first request for `domain`
 * once the replay clock has reached `from`: a poll that fails mid-replay (and puts its source in backoff).
 */
async function failingOnce(target: string, domain: string, from: number, clock: () => number): Promise<{ url: string; close(): Promise<void> }> {
  let failed = false;
  const proxy = createServer((req, res) => {
    if (!failed && clock() >= from && (req.url ?? '').includes(encodeURIComponent(domain))) {
      failed = true;
      res.writeHead(503).end('try later\n');
      return;
    }
    void fetch(`${target}${req.url ?? ''}`, { headers: req.headers['if-none-match'] ? { 'if-none-match': String(req.headers['if-none-match']) } : {} }).then(async (upstream) => {
      res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

/** Replays the stream as feeds polled every `step(POLL_INTERVAL_MINUTES)` of stream time, on its own prefix; `failing`: one feed's poll fails once, mid-replay. */
async function replayed(
  records: StreamRecord[],
  testRedis: TestRedis,
  step: (pollIntervalMs: number) => number,
  failing?: StreamRecord,
): Promise<{ app: App; server: ReplayFeedServer; close?: () => Promise<void> }> {
  let streamNow = 0;
  const server = createReplayFeedServer(records, () => streamNow);
  const base = await server.listen();
  const proxy = failing ? await failingOnce(base, normaliseDomain(failing.source), Date.parse(failing.published), () => streamNow) : undefined;
  const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0', FEEDS_ALLOW_PRIVATE: 'true' });
  const app = await createApp({
    config,
    redisTarget: testRedis.target,
    roles: new Set(['worker']),
    logger: createLogger('silent'),
    sources: replaySources(server, createOutletDirectory()).map((source) => (proxy ? { ...source, url: source.url.replace(base, proxy.url) } : source)),
    summaryDebounceMs: 50,
  });
  await app.start();
  await replayStream(app, server, {
    setClock: (at) => {
      streamNow = at;
    },
    speed: 1e9,
    stepMs: step(config.POLL_INTERVAL_MINUTES * 60_000),
  });
  return { app, server, ...(proxy ? { close: proxy.close } : {}) };
}

describe('the same stream by ingest and by replays polled at different intervals or with a failing poll', () => {
  let ingestRedis: TestRedis;
  let replayRedis: TestRedis;
  let fastReplayRedis: TestRedis;
  let failingReplayRedis: TestRedis;
  let ingested: App;
  let replays: { app: App; server: ReplayFeedServer; close?: () => Promise<void> }[] = [];
  let stream: ReturnType<typeof withRepublishedCopy>;

  beforeAll(async () => {
    stream = withRepublishedCopy((await readStreamFile(UCI)).records.slice(0, SLICE));
    ingestRedis = await createTestRedis('routes-ingest');

    const ingestConfig = loadConfig({ REDIS_PREFIX: ingestRedis.prefix, HTTP_PORT: '0' });
    ingested = await createApp({ config: ingestConfig, redisTarget: ingestRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await ingested.start();
    await ingestStream(ingested, stream.records, { outlets: createOutletDirectory() });

    // The demo's cadence (a poll every POLL_INTERVAL_MINUTES) and polls twice as often: poll timing
    // within the reorder window must not matter.
    replayRedis = await createTestRedis('routes-replay');
    fastReplayRedis = await createTestRedis('routes-half');
    // And a replay in which one feed's poll fails halfway, putting its source in backoff.
    failingReplayRedis = await createTestRedis('routes-fail');
    replays = [
      await replayed(stream.records, replayRedis, (interval) => interval),
      await replayed(stream.records, fastReplayRedis, (interval) => interval / 2),
      await replayed(stream.records, failingReplayRedis, (interval) => interval, stream.records[Math.floor(SLICE / 2)]),
    ];
  }, 180_000);

  afterAll(async () => {
    await ingested?.stop();
    for (const { app, server, close } of replays) {
      await app.stop();
      await server.close();
      await close?.();
    }
    await ingestRedis?.cleanup();
    await replayRedis?.cleanup();
    await fastReplayRedis?.cleanup();
    await failingReplayRedis?.cleanup();
  });

  it('exports the same threads: ids, slugs, topics, aliases and article ids', async () => {
    const fromIngest = await exportThreads(ingested.stores.threads);
    expect(fromIngest.filter((line) => JSON.parse(line).public).length).toBeGreaterThan(3);
    for (const { app } of replays) expect(await exportThreads(app.stores.threads)).toEqual(fromIngest);
  });

  it('keeps the earlier copy of a story published twice, on every route', async () => {
    const outlets = createOutletDirectory();
    const idOf = (record: StreamRecord) => articleFromStreamRecord(record, outlets.lookup(record.source)).id;
    for (const app of [ingested, ...replays.map((replay) => replay.app)]) {
      expect(await app.stores.articles.getArticle(idOf(stream.original))).not.toBeNull();
      expect(await app.stores.articles.getArticle(idOf(stream.copy))).toBeNull();
    }
  });
});
