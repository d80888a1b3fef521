import { normaliseDomain, type StreamRecord } from '../src/core/articles/stream-record.js';
import { evaluateThreading, warmArticlesPerSec } from '../src/cli/eval-threads.js';
import { buildLongStream } from '../src/cli/long-stream.js';
import { createThreadingEngine } from '../src/core/threading/engine.js';
import { createThreadIndexer, type IndexableArticle } from '../src/core/threading/indexer.js';
import { readStreamFile } from '../src/feeds/stream-file.js';
import { scanKeysUnder } from '../src/store/prefix-keys.js';
import { createRedisThreadStore } from '../src/store/redis-thread-store.js';
import { createBenchRedis } from './bench-redis.js';

/**
 * Threading speed on real headlines, with no gold label anywhere in the input:
 *
 * - `eval-threads` on the UCI file (production indexer + engine on the in-memory store), cold (the
 *   first run of the process) and warm (a renamed copy right after: see warmArticlesPerSec);
 * - the engine alone (features, lookup, scoring, index update, merge points) over a long stream
 *   built from the UCI headlines (src/cli/long-stream.ts: cycles 36 h apart, every word outside the
 *   file's 300 most frequent renamed per cycle, so each cycle brings new names in the same everyday
 *   vocabulary), with the default archiving: per-article cost at 10k, 100k, 200k and 400k articles
 *   (the median of the ten 1k-article stretches of the 10k articles ending there);
 * - the engine with 100k live articles (nothing archived);
 * - the full path through Redis (one Lua call per article) and Redis memory per 100k articles.
 */

const HOUR = 3_600_000;
const LONG_STREAM = 400_000;
const LIVE_ARTICLES = 100_000;
/** Per-article cost is sampled over this many articles at each stream position. */
const WINDOW = 10_000;
const NEVER_ARCHIVE = { archiveAfterMs: 10 * 365 * 24 * HOUR };

function longStream(records: StreamRecord[], total: number): IndexableArticle[] {
  const cycles = Math.ceil(total / records.length);
  return buildLongStream(records, { cycles, gapMs: 36 * HOUR, keepTop: 300 })
    .slice(0, total)
    .map((record) => ({ id: record.id, outlet: normaliseDomain(record.source), title: record.title, summary: '', published: Date.parse(record.published), lean: 'unrated', country: '' }));
}

/** Each window's cost is the median over sub-windows of this many articles (robust to a GC pause or a busy neighbour). */
const SUB_WINDOW = 1_000;

/** Runs the engine as the indexer does (decide, commit, commit the merge points' plans). */
function runEngine(articles: IndexableArticle[], windowsEndingAt: number[], options = {}) {
  const engine = createThreadingEngine(options);
  const marks = new Set(windowsEndingAt.flatMap((end) => Array.from({ length: WINDOW / SUB_WINDOW + 1 }, (_, step) => end - WINDOW + step * SUB_WINDOW)));
  const at = new Map<number, { ms: number; threads: number }>();
  const started = performance.now();
  for (let index = 0; index <= articles.length; index++) {
    if (marks.has(index)) at.set(index, { ms: performance.now() - started, threads: engine.threadCount() });
    if (index === articles.length) break;
    engine.commit(engine.decide(articles[index]!).entry);
    for (let plan = engine.pendingPlans()[0]; plan !== undefined; plan = engine.pendingPlans()[0]) engine.commit(plan);
  }
  const seconds = (performance.now() - started) / 1000;
  const windows = windowsEndingAt.map((end) => {
    const costs: number[] = [];
    for (let from = end - WINDOW; from < end; from += SUB_WINDOW) costs.push(((at.get(from + SUB_WINDOW)!.ms - at.get(from)!.ms) * 1000) / SUB_WINDOW);
    costs.sort((a, b) => a - b);
    const usPerArticle = (costs[(costs.length - 1) >> 1]! + costs[costs.length >> 1]!) / 2;
    return { end, usPerArticle, threads: at.get(end)!.threads };
  });
  return { seconds, windows };
}

async function redisPath(articles: IndexableArticle[]) {
  const bench = createBenchRedis('threading');
  const { redis } = bench;
  try {
    const store = createRedisThreadStore(redis, bench.keys);
    const indexer = createThreadIndexer(store, { engine: NEVER_ARCHIVE });
    const started = performance.now();
    for (let offset = 0; offset < articles.length; offset += 1_000) await indexer.assign(articles.slice(offset, offset + 1_000));
    const seconds = (performance.now() - started) / 1000;

    let bytes = 0;
    let snapshotBytes = 0;
    let keys = 0;
    for await (const batch of scanKeysUnder(redis, bench.prefix, 2_000)) {
      const pipeline = redis.pipeline();
      for (const key of batch) pipeline.memory('USAGE', key, 'SAMPLES', '0');
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([, usage], index) => {
        const size = Number(usage ?? 0);
        bytes += size;
        if (batch[index]!.endsWith(':threading:snapshot')) snapshotBytes += size;
      });
      keys += batch.length;
    }
    return { seconds, bytes, snapshotBytes, keys };
  } finally {
    await bench.cleanup();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const { records } = await readStreamFile('data/streams/uci-news-2014-03.jsonl');
  const evaluation = await evaluateThreading(records);
  const warm = await warmArticlesPerSec(records);

  const stream = longStream(records, LONG_STREAM);
  const long = runEngine(stream, [WINDOW, 100_000, 200_000, LONG_STREAM]);
  const steady = long.windows.map((window) => window.usPerArticle);
  const live = runEngine(stream.slice(0, LIVE_ARTICLES), [LIVE_ARTICLES], NEVER_ARCHIVE);
  const redis = await redisPath(stream.slice(0, LIVE_ARTICLES));

  const figures: Record<string, number | string> = {
    evalThreadsArticlesPerSec: Math.round(evaluation.articlesPerSec),
    evalThreadsWarmArticlesPerSec: Math.round(warm),
    engineArticlesPerSecLongStream: Math.round(stream.length / long.seconds),
  };
  for (const window of long.windows) {
    figures[`engineUsPerArticleAt${window.end / 1000}k`] = Math.round(window.usPerArticle);
    figures[`liveThreadsAt${window.end / 1000}k`] = window.threads;
  }
  figures['engineCostSpread10kTo400k'] = Math.round((Math.max(...steady) / Math.min(...steady)) * 100) / 100;
  figures['engineUsPerArticleWith100kLive'] = Math.round(live.windows[0]!.usPerArticle);
  figures['threadsWith100kLive'] = live.windows[0]!.threads;
  figures['redisPipelineArticlesPerSec'] = Math.round(LIVE_ARTICLES / redis.seconds);
  figures['redisMiBPer100kArticles'] = Math.round((redis.bytes / 1024 / 1024) * 10) / 10;
  figures['redisSnapshotMiB'] = Math.round((redis.snapshotBytes / 1024 / 1024) * 10) / 10;
  figures['redisKeys'] = redis.keys;
  return figures;
}
