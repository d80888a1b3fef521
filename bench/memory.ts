import type { Redis } from 'ioredis';
import { loadConfig } from '../src/config/config.js';
import { createOutletDirectory } from '../src/config/outlets.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/runtime/compose.js';
import { ingestStream } from '../src/runtime/stream-ingest.js';
import { dataNodes } from '../src/store/redis-client.js';
import { uciSlice } from '../test/helpers/failover.js';
import { createBenchRedis } from './bench-redis.js';
import { round } from './figures.js';

/**
 * Redis memory per 100k articles and per 10k subscriptions. The UCI March 2014 stream (4,577
 * records) goes through the real pipeline (store, thread, rank every stream hour, summarise) under
 * a throwaway prefix; then 10,000 subscriptions are added. `MEMORY USAGE <key> SAMPLES 0` (key,
 * value and Redis's per-key overhead) is summed over every key of the prefix, found with SCAN on
 * each master, and grouped by data set. Articles are extrapolated linearly from the stream's
 * articles to 100k; subscriptions are measured at 10k as they are. Replicas hold one more copy each.
 */

const SUBSCRIPTIONS = 10_000;

type DataSet = 'queues' | 'ingest' | 'threads' | 'rank' | 'subs' | 'summaries' | 'other';

/** The data set a key belongs to, from its tag (see src/store/keys.ts). */
function dataSetOf(key: string, prefix: string): DataSet {
  const rest = key.slice(prefix.length + 1);
  if (rest.startsWith('{q:')) return 'queues';
  for (const tag of ['ingest', 'threads', 'rank', 'subs'] as const) if (rest.startsWith(`{${tag}}:`)) return tag;
  if (rest.startsWith('thread:') && rest.endsWith(':summary')) return 'summaries';
  return 'other';
}

/** `{threads}:thread:*:articles`: the key's name with every segment that holds a digit (an id) starred. */
function familyOf(key: string, prefix: string): string {
  return key
    .slice(prefix.length + 1)
    .split(':')
    .map((segment) => (/\d/.test(segment) && !segment.startsWith('{') ? '*' : segment))
    .join(':');
}

interface Measured {
  sets: Record<DataSet, { keys: number; bytes: number }>;
  families: Map<string, number>;
}

async function measure(nodes: readonly Redis[], prefix: string): Promise<Measured> {
  const sets: Record<DataSet, { keys: number; bytes: number }> = {
    queues: { keys: 0, bytes: 0 },
    ingest: { keys: 0, bytes: 0 },
    threads: { keys: 0, bytes: 0 },
    rank: { keys: 0, bytes: 0 },
    subs: { keys: 0, bytes: 0 },
    summaries: { keys: 0, bytes: 0 },
    other: { keys: 0, bytes: 0 },
  };
  const families = new Map<string, number>();
  // Per node: a cluster's SCAN sees one node only, and a pipeline to that node may name keys of any of its slots.
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1_000);
      cursor = next;
      const pipeline = node.pipeline();
      for (const key of batch) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((key, index) => {
        const [error, bytes] = replies[index] ?? [];
        if (error) throw error;
        // A key that expired between SCAN and MEMORY USAGE answers nil.
        if (bytes === null) return;
        const set = sets[dataSetOf(key, prefix)];
        set.keys += 1;
        set.bytes += Number(bytes);
        const family = familyOf(key, prefix);
        families.set(family, (families.get(family) ?? 0) + Number(bytes));
      });
    } while (cursor !== '0');
  }
  return { sets, families };
}

const mib = (bytes: number) => round(bytes / 2 ** 20);

export async function run(): Promise<Record<string, number | string>> {
  const bench = createBenchRedis('memory');
  const config = loadConfig({ REDIS_PREFIX: bench.prefix, HTTP_PORT: '0' });
  const app = await createApp({ config, redisTarget: bench.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
  try {
    await app.start();
    const records = await uciSlice(1_000_000);
    const ingested = await ingestStream(app, records, { outlets: createOutletDirectory() });
    const threadIds = await app.stores.threads.listActiveThreadIds();
    const threads = await app.stores.threads.getThreads(threadIds);
    const nodes = dataNodes(app.redis);
    const { sets: afterArticles, families } = await measure(nodes, bench.prefix);

    // 10,000 subscriptions as chats make them: half Telegram chats, half Discord channels; each chat
    // follows the top 5 and one story thread, set by a user (createdBy), as /subscribe does.
    const now = Date.now();
    for (let index = 0; index < SUBSCRIPTIONS / 2; index++) {
      const destination =
        index % 2 === 0
          ? { platform: 'telegram' as const, chatId: String(-1_001_000_000_000 - index) }
          : { platform: 'discord' as const, chatId: String(1_100_000_000_000_000_000n + BigInt(index)), channelKind: 'text' as const };
      const createdBy = destination.platform === 'telegram' ? String(500_000_000 + index) : String(900_000_000_000_000_000n + BigInt(index));
      const thread = threads[index % threads.length]!;
      await app.stores.subscriptions.subscribe({ destination, target: 'top:5', slug: '', createdBy, at: now });
      await app.stores.subscriptions.subscribe({ destination, target: thread.id, slug: thread.slug ?? '', createdBy, at: now });
    }
    const { sets: afterSubscriptions } = await measure(nodes, bench.prefix);

    const articleBytes = (['ingest', 'threads', 'rank', 'summaries'] as const).reduce((sum, set) => sum + afterArticles[set].bytes, 0);
    const logBytes = families.get('{threads}:threading:log') ?? 0;
    const subscriptionBytes = afterSubscriptions.subs.bytes - afterArticles.subs.bytes;
    return {
      records: records.length,
      storedArticles: ingested.stored,
      threads: threadIds.length,
      rankings: ingested.rankings,
      'ingest.MiB': mib(afterArticles.ingest.bytes),
      'threads.MiB': mib(afterArticles.threads.bytes),
      'rank.MiB': mib(afterArticles.rank.bytes),
      'summaries.MiB': mib(afterArticles.summaries.bytes),
      'queues.MiB': mib(afterArticles.queues.bytes),
      'other.MiB': mib(afterArticles.other.bytes),
      // Where the article bytes go: the six largest key families (ids starred), in MiB.
      largestKeyFamilies: [...families.entries()]
        .filter(([family]) => !family.startsWith('{q:'))
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([family, bytes]) => `${family} ${mib(bytes)}`)
        .join(', '),
      bytesPerArticle: Math.round(articleBytes / ingested.stored),
      // Linear extrapolation from this stream's article count; threads and summaries grow with stories, not strictly with articles.
      'per100kArticles.MiB': mib((articleBytes / ingested.stored) * 100_000),
      // The threading log is trimmed at every snapshot (each 5,000 entries), so it stays bounded
      // instead of growing with articles; this stream is shorter than one snapshot interval.
      'threadingLog.MiB': mib(logBytes),
      'per100kArticlesWithoutLog.MiB': mib(((articleBytes - logBytes) / ingested.stored) * 100_000),
      subscriptions: SUBSCRIPTIONS,
      subscriptionKeys: afterSubscriptions.subs.keys - afterArticles.subs.keys,
      bytesPerSubscription: Math.round(subscriptionBytes / SUBSCRIPTIONS),
      'per10kSubscriptions.MiB': mib((subscriptionBytes / SUBSCRIPTIONS) * 10_000),
    };
  } finally {
    await app.stop();
    await bench.cleanup();
  }
}
