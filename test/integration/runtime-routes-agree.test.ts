import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportThreads } from '../../src/cli/export.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
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

describe('the same stream by ingest and by replay', () => {
  let ingestRedis: TestRedis;
  let replayRedis: TestRedis;
  let ingested: App;
  let replayed: App;
  let server: ReplayFeedServer;
  let stream: ReturnType<typeof withRepublishedCopy>;

  beforeAll(async () => {
    stream = withRepublishedCopy((await readStreamFile(UCI)).records.slice(0, SLICE));
    ingestRedis = await createTestRedis('routes-ingest');
    replayRedis = await createTestRedis('routes-replay');

    const ingestConfig = loadConfig({ REDIS_PREFIX: ingestRedis.prefix, HTTP_PORT: '0' });
    ingested = await createApp({ config: ingestConfig, redisTarget: ingestRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await ingested.start();
    await ingestStream(ingested, stream.records, { outlets: createOutletDirectory() });

    let streamNow = 0;
    server = createReplayFeedServer(stream.records, () => streamNow);
    await server.listen();
    const replayConfig = loadConfig({ REDIS_PREFIX: replayRedis.prefix, HTTP_PORT: '0', FEEDS_ALLOW_PRIVATE: 'true' });
    replayed = await createApp({
      config: replayConfig,
      redisTarget: replayRedis.target,
      roles: new Set(['worker']),
      logger: createLogger('silent'),
      sources: replaySources(server, createOutletDirectory()),
      summaryDebounceMs: 50,
    });
    await replayed.start();
    await replayStream(replayed, server, {
      setClock: (at) => {
        streamNow = at;
      },
      speed: 1e9,
      stepMs: replayConfig.POLL_INTERVAL_MINUTES * 60_000,
    });
  }, 180_000);

  afterAll(async () => {
    await ingested?.stop();
    await replayed?.stop();
    await server?.close();
    await ingestRedis?.cleanup();
    await replayRedis?.cleanup();
  });

  it('exports the same threads: ids, slugs, topics, aliases and article ids', async () => {
    const fromIngest = await exportThreads(ingested.stores.threads);
    const fromReplay = await exportThreads(replayed.stores.threads);
    expect(fromIngest.filter((line) => JSON.parse(line).public).length).toBeGreaterThan(3);
    expect(fromReplay).toEqual(fromIngest);
  });

  it('keeps the earlier copy of a story published twice, on both routes', async () => {
    const outlets = createOutletDirectory();
    const idOf = (record: StreamRecord) => articleFromStreamRecord(record, outlets.lookup(record.source)).id;
    for (const app of [ingested, replayed]) {
      expect(await app.stores.articles.getArticle(idOf(stream.original))).not.toBeNull();
      expect(await app.stores.articles.getArticle(idOf(stream.copy))).toBeNull();
    }
  });
});
