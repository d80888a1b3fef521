import { expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { QUEUES } from '../../jobs/contracts.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import { urlFingerprint } from '../../src/core/articles/fingerprint.js';
import { articleFromStreamRecord } from '../../src/core/articles/normalise.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { createReplayFeedServer } from '../../src/runtime/replay-feed-server.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { replaySourceId, replaySources, replayStream } from '../../src/runtime/stream-replay.js';
import { deleteKeysUnder, scanKeysUnder } from '../../src/store/prefix-keys.js';
import type { RedisTarget } from '../../src/store/redis-client.js';
import { startFakeTelegram, type FakeTelegram } from './fake-telegram.js';

/**
 * The two failover scenarios of the cluster and Sentinel tests: a master dies while feeds are being
 * polled and threaded, and while alerts are being delivered. Each runs the real pipeline (poll
 * jobs over loopback RSS, thread-article, rank-threads, deliver-telegram against the fake Bot API)
 * and reports what a user would notice: articles lost or counted twice, alerts missing or repeated.
 */

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));

export async function uciSlice(count: number): Promise<StreamRecord[]> {
  return (await readStreamFile(UCI)).records.slice(0, count);
}

export interface ArticleAccount {
  /** Stream records whose article (or the article it duplicates) was never stored. */
  lost: string[];
  stored: number;
  /** Articles with an article → thread entry. */
  threaded: number;
  /** Sum of every live thread's article count. */
  countedInThreads: number;
  /** Distinct articles listed by live threads. */
  listedInThreads: number;
}

/** What became of every record's article, counted in Redis. */
export async function accountArticles(app: App, records: readonly StreamRecord[]): Promise<ArticleAccount> {
  const outlets = createOutletDirectory();
  const lost: string[] = [];
  for (const record of records) {
    const article = articleFromStreamRecord(record, outlets.lookup(record.source));
    const id = await app.redis.get(app.keys.seen(urlFingerprint(article.url)));
    if (id === null || (await app.redis.exists(app.keys.article(id))) === 0) lost.push(record.id);
  }
  let stored = 0;
  let threaded = 0;
  const articlePrefix = app.keys.article('');
  const [threadPrefix = '', threadSuffix = ''] = app.keys.articleThread('\u0000').split('\u0000');
  for await (const batch of scanKeysUnder(app.redis, app.keys.prefix)) {
    for (const key of batch) {
      if (key.startsWith(articlePrefix) && !key.slice(articlePrefix.length).includes(':')) stored += 1;
      if (key.startsWith(threadPrefix) && key.endsWith(threadSuffix)) threaded += 1;
    }
  }
  const ids = [...(await app.stores.threads.listActiveThreadIds()), ...(await app.stores.threads.listArchivedThreadIds())];
  const threads = (await app.stores.threads.getThreads(ids)).filter((thread) => thread !== null && thread.status !== 'merged');
  const listed = new Set<string>();
  for (const thread of threads) for (const id of await app.stores.threads.getArticleIds(thread!.id, { limit: 1_000_000, order: 'oldest' })) listed.add(id);
  return { lost, stored, threaded, countedInThreads: threads.reduce((sum, thread) => sum + thread!.articleCount, 0), listedInThreads: listed.size };
}

/** A failover run's account: nothing lost, most records stored, and every stored article in exactly one thread. */
export function expectNothingLostOrCountedTwice(account: ArticleAccount, records: readonly StreamRecord[]): void {
  expect(account.lost).toEqual([]);
  expect(account.stored).toBeGreaterThan(records.length * 0.9);
  expect(account.threaded).toBe(account.stored);
  expect(account.countedInThreads).toBe(account.stored);
  expect(account.listedInThreads).toBe(account.stored);
}

/**
 * Replays `records` as RSS feeds through the poll jobs and calls `kill` once half of the items have
 * been revealed. Afterwards every source is polled once more, as its Job Scheduler would do at the
 * next interval (a poll that failed while the master was gone is retried by that next poll, not by
 * BullMQ), and the run waits until polling and threading are idle.
 */
export async function replayThroughFailover(target: RedisTarget, prefix: string, records: readonly StreamRecord[], kill: () => Promise<void>): Promise<ArticleAccount> {
  let streamNow = 0;
  const server = createReplayFeedServer(records, () => streamNow);
  await server.listen();
  // The replayed feeds are on loopback, which feed polls refuse unless private addresses are allowed.
  const config = loadConfig({ REDIS_PREFIX: prefix, HTTP_PORT: '0', FEEDS_ALLOW_PRIVATE: 'true' });
  const sources = replaySources(server, createOutletDirectory());
  const app = await createApp({ config, redisTarget: target, roles: new Set(['worker']), logger: createLogger('silent'), sources, summaryDebounceMs: 50 });
  let killed: Promise<void> | undefined;
  try {
    await app.start();
    await replayStream(app, server, {
      setClock: (at) => {
        streamNow = at;
      },
      speed: 1e9,
      stepMs: config.POLL_INTERVAL_MINUTES * 60_000,
      onProgress: (progress) => {
        if (!killed && progress.revealed >= progress.total / 2) killed = kill();
      },
    });
    await killed;
    const pollQueue = app.queues[QUEUES.pollSource];
    await pollQueue.addBulk(sources.map((source) => ({ name: QUEUES.pollSource, data: { sourceId: source.id }, opts: { jobId: `next-interval-${replaySourceId(source.domain)}` } })));
    await waitForIdle([pollQueue, app.queues[QUEUES.threadArticle]]);
    return await accountArticles(app, records);
  } finally {
    await app.stop();
    await server.close();
  }
}

export interface Delivered {
  /** `chat id → alert text` of every message the fake Bot API accepted, sorted. */
  sends: string[];
  killedAfter: number | null;
}

/**
 * `chats` private chats subscribe to top:5 in Telegram, then `records` are ingested (stored,
 * threaded and ranked hour by hour) and every alert goes out through the deliver-telegram worker.
 * With `killAfterSends`, `kill` runs once the fake Bot API has accepted that many alerts.
 */
export async function deliverThroughFailover(
  target: RedisTarget,
  prefix: string,
  records: readonly StreamRecord[],
  /** `kill` gets the fake Bot API too, for faults of the platform itself (an outage mid-delivery). */
  options: { chats: number; killAfterSends?: number; kill?: (context: { telegram: FakeTelegram }) => Promise<void> },
): Promise<Delivered> {
  const telegram = await startFakeTelegram();
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    HTTP_PORT: '0',
    TELEGRAM_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    TELEGRAM_MAX_PER_SECOND: '500',
    TELEGRAM_MAX_PER_CHAT_PER_SECOND: '100',
    // A top:N message after every hourly ranking that changed something (not one per six hours):
    // the failover needs many deliveries in flight.
    ALERT_TOP_INTERVAL_MINUTES: '0',
  });
  const app = await createApp({ config, redisTarget: target, roles: new Set(['worker', 'telegram']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
  let killed: Promise<void> | null = null;
  let killedAfter: number | null = null;
  const alerts = () => telegram.callsTo('sendMessage').filter((call) => String(call.params['text']).includes('🔔'));
  const watcher = setInterval(() => {
    if (killed || options.killAfterSends === undefined || !options.kill) return;
    const sent = alerts().length;
    if (sent >= options.killAfterSends) {
      killedAfter = sent;
      killed = options.kill({ telegram });
    }
  }, 5);
  try {
    await app.start();
    for (let chat = 1; chat <= options.chats; chat++) {
      await app.stores.subscriptions.subscribe({ destination: { platform: 'telegram', chatId: String(7000 + chat) }, target: 'top:5', slug: '', at: Date.now() });
    }
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    await waitForIdle([app.queues[QUEUES.deliverTelegram]]);
    clearInterval(watcher);
    await killed;
    // Deliveries retried after the failover may still be waiting out their backoff.
    await waitForIdle([app.queues[QUEUES.deliverTelegram]]);
    return { sends: alerts().map((call) => `${String(call.params['chat_id'])} → ${String(call.params['text'])}`).sort(), killedAfter };
  } finally {
    clearInterval(watcher);
    // The shared Redis keeps nothing of the run (about 1,500 keys each).
    await deleteKeysUnder(app.redis, prefix).catch(() => 0);
    await app.stop();
    await telegram.close();
  }
}

/** Entries that appear more than once. */
export function repeated(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}
