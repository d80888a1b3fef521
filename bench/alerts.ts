import { randomBytes } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QUEUES } from '../jobs/contracts.js';
import type { AlertSender } from '../jobs/deliver-alert.js';
import { loadConfig } from '../src/config/config.js';
import { createOutletDirectory } from '../src/config/outlets.js';
import type { Notice } from '../src/core/alert.js';
import { topTarget } from '../src/core/ranking/targets.js';
import type { RankPoint } from '../src/core/stats.js';
import { DAY_MS, HOUR_MS } from '../src/core/time.js';
import { readStreamFile } from '../src/feeds/stream-file.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/runtime/compose.js';
import { ingestStream } from '../src/runtime/stream-ingest.js';
import { waitForIdle } from '../src/runtime/stream-pipeline.js';
import { createPrefixedRedis, scanKeysUnder } from '../src/store/prefix-keys.js';
import { redisTargetFromConfig } from '../src/store/redis-client.js';

/**
 * Alert volume on a recorded stream (`npm run bench -- alerts`, the dev stream; `npx tsx
 * bench/alerts.ts FILE.jsonl` for another): the stream goes through the real pipeline (ingest,
 * threading, hourly rankings in stream time, the rank-threads job's alert rules, the console
 * delivery queue) under a throwaway prefix, with one console chat subscribed to `top:5` and one
 * to `top:5 digest` from the start. It counts what those two subscribers received, and checks
 * the promise that matters: every story that stayed in the top 5 for STAYED_RANKINGS hourly
 * rankings in a row was announced to the `top:5` subscriber (entered the top 5, or became #1)
 * at or before the end of that stay. Stories already in the top 5 at the first ranking are what a
 * new subscriber is assumed to know (the first ranking never replays the ranking), so they are
 * counted apart.
 */

const DEV_STREAM = fileURLToPath(new URL('../data/streams/uci-news-2014-03.jsonl', import.meta.url));
const TOP_N = 5;
/** Hourly rankings in a row in the top 5: "stayed in the top 5 for 3 hours". */
const STAYED_RANKINGS = 3;

export interface AlertVolume {
  stream: string;
  rankings: number;
  streamDays: number;
  alerts: number;
  alertsPerDay: number;
  byKind: Record<string, number>;
  digests: number;
  digestEntries: number;
  /** Changes the top:5 messages named (entered + left + new #1): what one alert per change would have sent. */
  changesListed: number;
  stayedStories: number;
  knownAtStart: number;
  /** Stays that began after the last message: the next message (after the stream's end) would list them. */
  pendingAtEnd: number;
  /** Announced stays: how many while the story was still in the top 5, and the longest wait (hours from entering). */
  announcedDuringStay: number;
  maxAnnounceDelayHours: number;
  unannounced: { slug: string; from: string; rankings: number }[];
  /** Per ranking: time, the top 5 (thread ids) and what the top:5 subscriber was sent. */
  timeline: { at: string; top: string[]; sent: string[] }[];
}

export async function measureAlertVolume(path: string): Promise<AlertVolume> {
  const { records } = await readStreamFile(path);
  const base = loadConfig(process.env);
  const target = redisTargetFromConfig(base) ?? { mode: 'standalone' as const, url: 'redis://127.0.0.1:6379' };
  const prefixed = createPrefixedRedis(target, `twbench-alerts-${randomBytes(4).toString('hex')}`);
  const config = loadConfig({ REDIS_PREFIX: prefixed.prefix, HTTP_PORT: '0' });
  const received: { subscriptionId: string; notice: Notice }[] = [];
  const sender: AlertSender = {
    async send(subscription, notice) {
      received.push({ subscriptionId: subscription.id, notice });
    },
  };
  const app = await createApp({ config, redisTarget: target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 200, consoleAlerts: sender });
  try {
    await app.start();
    const first = Math.min(...records.map((record) => Date.parse(record.published)));
    const destination = { platform: 'console' as const, chatId: 'eval-alerts' };
    const alertsSub = await app.stores.subscriptions.subscribe({ destination, target: topTarget(TOP_N), slug: '', at: first });
    const digestSub = await app.stores.subscriptions.subscribe({ destination, target: topTarget(TOP_N, { digest: true }), slug: '', at: first });
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    await waitForIdle([app.queues[QUEUES.deliverConsole]]);

    // Every ranking, rebuilt from the rank history each ranked thread keeps (one point per run).
    const historySuffix = ':rank-history';
    const historyPrefix = app.keys.rankHistory('').slice(0, -historySuffix.length);
    const byRun = new Map<number, Map<number, string>>();
    for await (const batch of scanKeysUnder(app.redis, prefixed.prefix)) {
      for (const key of batch.filter((name) => name.startsWith(historyPrefix) && name.endsWith(historySuffix))) {
        const threadId = key.slice(historyPrefix.length, -historySuffix.length);
        const points = (await app.redis.lrange(key, 0, -1)).map((json) => JSON.parse(json) as RankPoint);
        for (const point of points) {
          const run = byRun.get(point.at) ?? new Map<number, string>();
          run.set(point.rank, threadId);
          byRun.set(point.at, run);
        }
      }
    }
    const runs = [...byRun.keys()].sort((a, b) => a - b);
    const topAt = (at: number) => new Set([...Array(TOP_N).keys()].map((index) => byRun.get(at)?.get(index + 1)).filter((id) => id !== undefined));

    const alerts = received.filter(({ subscriptionId }) => subscriptionId === alertsSub.subscription.id).map(({ notice }) => notice);
    const digests = received.filter(({ subscriptionId }) => subscriptionId === digestSub.subscription.id).map(({ notice }) => notice);
    // A thread is announced by a message that lists it as having entered (or as the new #1).
    const announcedAt = new Map<string, number[]>();
    const announce = (threadId: string, at: number) => announcedAt.set(threadId, [...(announcedAt.get(threadId) ?? []), at]);
    for (const notice of alerts) {
      if (notice.kind !== 'digest') {
        if (notice.kind === 'entered-top' || notice.kind === 'became-first') announce(notice.threadId, notice.at);
        continue;
      }
      for (const entry of notice.entries) announce(entry.threadId, notice.at);
      if (notice.leader) announce(notice.leader.threadId, notice.at);
    }
    const lastMessageAt = Math.max(Number.NEGATIVE_INFINITY, ...alerts.map((notice) => notice.at));

    // Stays: runs of consecutive rankings with the thread in the top 5.
    const initial = runs[0] === undefined ? new Set<string>() : topAt(runs[0]);
    let stayedStories = 0;
    let knownAtStart = 0;
    let pendingAtEnd = 0;
    let duringStay = 0;
    const delays: number[] = [];
    const unannounced: AlertVolume['unannounced'] = [];
    const threadIds = new Set(runs.flatMap((at) => [...topAt(at)]));
    for (const threadId of threadIds) {
      let start = -1;
      let counted = false;
      for (let index = 0; index <= runs.length; index += 1) {
        const inTop = index < runs.length && topAt(runs[index]!).has(threadId);
        if (inTop && start < 0) start = index;
        if (inTop || start < 0) continue;
        const length = index - start;
        if (length >= STAYED_RANKINGS && !counted) {
          counted = true;
          stayedStories += 1;
          const from = runs[start]!;
          const end = runs[index - 1]!;
          // The message that announces a stay may come after it ended (at most ALERT_TOP_INTERVAL after it began).
          const announcement = (announcedAt.get(threadId) ?? []).find((at) => at >= from);
          if (start === 0 && initial.has(threadId)) knownAtStart += 1;
          else if (announcement === undefined && from > lastMessageAt) pendingAtEnd += 1;
          else if (announcement === undefined) {
            const stats = await app.stores.ranking.getStats(threadId);
            unannounced.push({ slug: stats?.slug ?? threadId, from: new Date(from).toISOString(), rankings: length });
          } else {
            delays.push((announcement - from) / HOUR_MS);
            if (announcement <= end) duringStay += 1;
          }
        }
        start = -1;
      }
    }

    const byKind: Record<string, number> = {};
    for (const notice of alerts) {
      const kind = notice.kind === 'digest' ? `${notice.period} message` : `${notice.kind} alert`;
      byKind[kind] = (byKind[kind] ?? 0) + 1;
    }
    // Stream days: from the first ranking to the last, at least one hour (each ranking covers the hour before it).
    const streamDays = runs.length === 0 ? 0 : (runs[runs.length - 1]! - runs[0]! + HOUR_MS) / DAY_MS;
    return {
      stream: path,
      rankings: runs.length,
      streamDays: Math.round(streamDays * 100) / 100,
      alerts: alerts.length,
      alertsPerDay: streamDays === 0 ? 0 : Math.round((alerts.length / streamDays) * 10) / 10,
      byKind,
      digests: digests.length,
      changesListed: alerts.reduce((sum, notice) => sum + (notice.kind === 'digest' ? notice.entries.length + notice.left.length + (notice.leader ? 1 : 0) : 1), 0),
      digestEntries: digests.reduce((sum, notice) => sum + (notice.kind === 'digest' ? notice.entries.length : 0), 0),
      stayedStories,
      knownAtStart,
      pendingAtEnd,
      announcedDuringStay: duringStay,
      maxAnnounceDelayHours: delays.length === 0 ? 0 : Math.max(...delays),
      unannounced,
      timeline: runs.map((at) => ({
        at: new Date(at).toISOString().slice(5, 16),
        top: [...Array(TOP_N).keys()].map((index) => byRun.get(at)?.get(index + 1) ?? '-'),
        sent: alerts.filter((notice) => notice.at === at).map((notice) => (notice.kind === 'digest' ? 'digest' : `${notice.kind} ${notice.threadId}`)),
      })),
    };
  } finally {
    await app.stop();
    await prefixed.cleanup();
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const volume = await measureAlertVolume(DEV_STREAM);
  return {
    stream: 'data/streams/uci-news-2014-03.jsonl (dev stream: the alert rules were tuned on it, so these figures are in-sample)',
    hourlyRankings: volume.rankings,
    streamDays: volume.streamDays,
    top5Messages: volume.alerts,
    top5MessagesPerStreamDay: volume.alertsPerDay,
    top5ChangesNamed: volume.changesListed,
    top5MessagesByKind: Object.entries(volume.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', '),
    top5DigestMessages: volume.digests,
    top5DigestThreadsListed: volume.digestEntries,
    storiesInTop5For3Rankings: volume.stayedStories,
    ofThemInTop5AtFirstRanking: volume.knownAtStart,
    ofThemBeganAfterLastMessage: volume.pendingAtEnd,
    ofThemAnnounced: volume.stayedStories - volume.knownAtStart - volume.pendingAtEnd - volume.unannounced.length,
    ofThemAnnouncedWhileStillInTop5: volume.announcedDuringStay,
    longestWaitForAnnouncementHours: volume.maxAnnounceDelayHours,
    ofThemUnannounced: volume.unannounced.length,
    unannounced: volume.unannounced.map((story) => `${story.slug} (${story.from}, ${story.rankings} rankings)`).join('; ') || 'none',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const path = process.argv[2];
  console.log(JSON.stringify(path ? await measureAlertVolume(path) : await run(), null, 2));
}
