import type { Job } from 'bullmq';
import type { AlertMemory } from '../src/core/ranking/alert-rules.js';
import { evaluateAlerts, type AlertRuleConfig, type AlertRunOutput, type RankedThreadInfo } from '../src/core/ranking/alert-rules.js';
import { orderByVirality } from '../src/core/ranking/rank.js';
import type { RankingRun } from '../src/core/ranking/ranking-run.js';
import type { CommittedRun } from '../src/core/ranking/ranking-store.js';
import { rankChange, scoreThread } from '../src/core/ranking/stats.js';
import type { ThreadStats } from '../src/core/stats.js';
import type { Platform, Subscription } from '../src/core/subscription.js';
import type { HourlyCounts, ThreadRecord } from '../src/core/thread.js';
import { MINUTE_MS } from '../src/core/time.js';
import type { Config } from '../src/config/config.js';
import type { Logger } from '../src/logger.js';
import { QUEUES, rankThreadsPayload, type DeliverAlertPayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';

/** What ranking reads from the thread store. */
export interface RankingThreadSource {
  listActiveThreadIds(options: { publicOnly: boolean }): Promise<string[]>;
  getThreads(ids: readonly string[]): Promise<(ThreadRecord | null)[]>;
  getHourlyCounts(id: string): Promise<HourlyCounts>;
  getArticleIds(id: string, options: { limit: number; order: 'newest' | 'oldest' }): Promise<string[]>;
}

/** Gives alerts a link to the newest article; optional so ranking works without the article store. */
export interface ArticleUrlSource {
  getArticle(id: string): Promise<{ url: string } | null>;
}

export interface DeliveryItem {
  platform: Platform;
  payload: DeliverAlertPayload;
}

export interface RankingStateStore {
  getCurrentRanks(): Promise<Map<string, number>>;
  getCommittedRun<Delivery>(): Promise<CommittedRun<Delivery> | null>;
  getAlertMemory(subscriptionIds: readonly string[]): Promise<Map<string, Map<string, AlertMemory>>>;
  commitRun<Delivery>(run: RankingRun<Delivery>): Promise<boolean>;
}

export interface AlertSubscriptionSource {
  listForTargets(targets: readonly string[]): Promise<Subscription[]>;
  listTopTargets(): Promise<string[]>;
  retargetThread(fromThreadId: string, toThreadId: string, slug: string): Promise<number>;
}

/** The delivery queue: one job per (subscription, alert), keyed by the alert id so re-enqueueing is a no-op. */
export interface DeliveryQueue {
  enqueue(items: readonly DeliveryItem[]): Promise<void>;
}

export interface RankThreadsDeps {
  threads: RankingThreadSource;
  articles?: ArticleUrlSource;
  ranking: RankingStateStore;
  subscriptions: AlertSubscriptionSource;
  deliveries: DeliveryQueue;
  logger: Logger;
  alerts: AlertRuleConfig;
  now?: () => number;
}

export type RankThreadsResult =
  | { status: 'ranked'; at: number; ranked: number; alerts: number }
  /** This run was already committed (a retry, or another worker won the race): its deliveries were re-enqueued. */
  | { status: 'already-ranked'; at: number; alerts: number }
  /** A newer run is committed; ranking the past over it would move Δrank and alert memory backwards. */
  | { status: 'stale'; at: number; committedAt: number };

/** The alert rule settings from config (minutes → ms), for the composition root. */
export function alertRulesFromConfig(
  config: Pick<Config, 'ALERT_MIN_RANK_CHANGE' | 'ALERT_MIN_INTERVAL_MINUTES' | 'ALERT_TOP_N' | 'ALERT_TOP_INTERVAL_MINUTES'>,
): AlertRuleConfig {
  return {
    minRankChange: config.ALERT_MIN_RANK_CHANGE,
    minIntervalMs: config.ALERT_MIN_INTERVAL_MINUTES * MINUTE_MS,
    threadTopN: config.ALERT_TOP_N,
    topIntervalMs: config.ALERT_TOP_INTERVAL_MINUTES * MINUTE_MS,
  };
}

/** Threads are read in batches so 10k threads cost a few dozen round trips, not 20k. */
const READ_BATCH = 500;

export function createRankThreadsProcessor(deps: RankThreadsDeps): (job: Job) => Promise<RankThreadsResult> {
  const now = deps.now ?? Date.now;

  async function replayCommitted(at: number, committed: { at: number; deliveries: DeliveryItem[] } | null): Promise<RankThreadsResult | null> {
    if (!committed || committed.at < at) return null;
    if (committed.at > at) return { status: 'stale', at, committedAt: committed.at };
    await deps.deliveries.enqueue(committed.deliveries);
    return { status: 'already-ranked', at, alerts: committed.deliveries.length };
  }

  return async function rankThreads(job: Job): Promise<RankThreadsResult> {
    const at = parseJobPayload(rankThreadsPayload, job.data, QUEUES.rankThreads).at ?? now();
    const previousRun = await deps.ranking.getCommittedRun<DeliveryItem>();
    const replayed = await replayCommitted(at, previousRun);
    if (replayed) return replayed;

    const started = performance.now();
    const [activeIds, previousRanks] = await Promise.all([deps.threads.listActiveThreadIds({ publicOnly: true }), deps.ranking.getCurrentRanks()]);
    const scored = (await loadScored(deps.threads, activeIds, at, previousRanks)).filter(({ thread }) => thread.isPublic && thread.status === 'active');
    const ordered = orderByVirality(scored);
    const rankedStats = ordered.map(({ stats }, index): ThreadStats => {
      const rank = index + 1;
      const previousRank = previousRanks.get(stats.threadId) ?? null;
      return { ...stats, rank, rankChange: rankChange({ rank, previousRank }) };
    });

    // Threads that dropped out keep their last stats, marked unranked, so `/thread` never shows a stale rank.
    const rankedIds = new Set(rankedStats.map((stats) => stats.threadId));
    const droppedIds = [...previousRanks.keys()].filter((id) => !rankedIds.has(id));
    const dropped = await loadScored(deps.threads, droppedIds, at, new Map());
    const droppedStats = dropped.map(({ stats }) => stats);
    await followMerges(deps, dropped, rankedStats);

    const { alerts, memoryChanges, digests } = await decideAlerts(deps, at, rankedStats, previousRun ? previousRanks : null, previousRun?.at ?? null);
    const urls = await newestArticleUrls(deps, [...new Set(alerts.map(({ alert }) => alert.threadId))]);
    const deliveries: DeliveryItem[] = [
      ...alerts.map(({ subscription, alert }) => {
        const url = urls.get(alert.threadId);
        return { platform: subscription.platform, payload: { subscriptionId: subscription.id, alert: url === undefined ? alert : { ...alert, url } } };
      }),
      // The day's digests go through the same delivery queues as alerts, keyed one per subscriber and day.
      ...digests.map(({ subscription, digest }) => ({ platform: subscription.platform, payload: { subscriptionId: subscription.id, alert: digest } })),
    ];

    const decidedMs = performance.now() - started;
    const committed = await deps.ranking.commitRun<DeliveryItem>({
      at,
      rankedIds: rankedStats.map((stats) => stats.threadId),
      stats: [...rankedStats, ...droppedStats],
      history: rankedStats.map((stats, index) => ({ threadId: stats.threadId, point: { at, rank: index + 1, virality: stats.virality } })),
      memoryChanges,
      deliveries,
    });
    if (!committed) {
      const raced = await replayCommitted(at, await deps.ranking.getCommittedRun<DeliveryItem>());
      if (raced) return raced;
      throw new Error(`ranking run at ${at} was neither committed nor superseded`);
    }
    await deps.deliveries.enqueue(deliveries);
    deps.logger.info(
      { at, ranked: rankedStats.length, dropped: droppedStats.length, alerts: deliveries.length, decidedMs: Math.round(decidedMs), totalMs: Math.round(performance.now() - started) },
      'ranking committed',
    );
    return { status: 'ranked', at, ranked: rankedStats.length, alerts: deliveries.length };
  };
}

interface Scored {
  thread: ThreadRecord;
  stats: ThreadStats;
  threadId: string;
  viralityRaw: number;
  articleCount: number;
  lastUpdated: number;
}

async function loadScored(threads: RankingThreadSource, ids: readonly string[], at: number, previousRanks: ReadonlyMap<string, number>): Promise<Scored[]> {
  const scored: Scored[] = [];
  for (let start = 0; start < ids.length; start += READ_BATCH) {
    const batch = ids.slice(start, start + READ_BATCH);
    const [records, hourly] = await Promise.all([threads.getThreads(batch), Promise.all(batch.map((id) => threads.getHourlyCounts(id)))]);
    records.forEach((thread, index) => {
      if (!thread) return;
      const { stats, viralityRaw } = scoreThread(thread, hourly[index] ?? new Map(), at, { rank: null, previousRank: previousRanks.get(thread.id) ?? null });
      scored.push({ thread, stats, threadId: thread.id, viralityRaw, articleCount: thread.articleCount, lastUpdated: thread.lastUpdated });
    });
  }
  return scored;
}

/** Subscribers of a thread merged into another follow the survivor, before alerts are decided. */
async function followMerges(deps: RankThreadsDeps, dropped: readonly Scored[], rankedStats: readonly ThreadStats[]): Promise<void> {
  const slugs = new Map(rankedStats.map((stats) => [stats.threadId, stats.slug]));
  for (const { thread } of dropped) {
    if (thread.status !== 'merged' || !thread.mergedInto) continue;
    const moved = await deps.subscriptions.retargetThread(thread.id, thread.mergedInto, slugs.get(thread.mergedInto) ?? thread.slug ?? '');
    if (moved > 0) deps.logger.info({ from: thread.id, into: thread.mergedInto, moved }, 'subscriptions follow a merged thread');
  }
}

async function decideAlerts(
  deps: RankThreadsDeps,
  at: number,
  rankedStats: readonly ThreadStats[],
  previousRanks: ReadonlyMap<string, number> | null,
  previousAt: number | null,
): Promise<AlertRunOutput> {
  const topTargets = await deps.subscriptions.listTopTargets();
  const subscriptions = await deps.subscriptions.listForTargets([...rankedStats.map((stats) => stats.threadId), ...topTargets]);
  if (subscriptions.length === 0) return { alerts: [], memoryChanges: [], digests: [] };
  const memory = await deps.ranking.getAlertMemory(subscriptions.map((subscription) => subscription.id));
  const ranking: RankedThreadInfo[] = rankedStats.map((stats, index) => ({
    threadId: stats.threadId,
    slug: stats.slug,
    title: stats.title,
    rank: index + 1,
    virality: stats.virality,
    articleCount: stats.articleCount,
  }));
  return evaluateAlerts({ at, ranking, previousRanks, previousAt, subscriptions, memory, config: deps.alerts });
}

async function newestArticleUrls(deps: RankThreadsDeps, threadIds: readonly string[]): Promise<Map<string, string>> {
  const urls = new Map<string, string>();
  const articles = deps.articles;
  if (!articles) return urls;
  await Promise.all(
    threadIds.map(async (threadId) => {
      const [newestId] = await deps.threads.getArticleIds(threadId, { limit: 1, order: 'newest' });
      const article = newestId === undefined ? null : await articles.getArticle(newestId);
      if (article?.url) urls.set(threadId, article.url);
    }),
  );
  return urls;
}
