import { createHash } from 'node:crypto';
import type { Alert, AlertKind } from '../alert.js';
import type { Subscription } from '../subscription.js';
import { parseTopTarget } from './targets.js';

/**
 * Which rank changes a subscriber hears about. The rules compare the current ranking with what the
 * subscriber was last *told* (not with the previous run), so:
 * - a thread drifting one place per run still alerts once it has moved ALERT_MIN_RANK_CHANGE places
 *   from the rank in the last alert;
 * - leaving the top N only counts once the rank is beyond N + margin (hysteresis), so a thread
 *   wobbling between #10 and #11 is not "leaving" and "re-entering" every five minutes; the same
 *   margin applies to losing #1 (it must drop below #2 before becoming #1 again is news);
 * - at most one alert per (subscription, thread) per ALERT_MIN_INTERVAL; a change that falls inside
 *   the interval is deferred, not dropped: the memory keeps what was last told, so if the change
 *   still holds when the interval has passed, the subscriber hears about it then.
 * One run yields at most one alert per (subscription, thread): the most significant kind.
 */

export interface AlertRuleConfig {
  /** ALERT_MIN_RANK_CHANGE: places a subscribed thread must climb or fall. */
  minRankChange: number;
  /** ALERT_MIN_INTERVAL_MINUTES in ms. */
  minIntervalMs: number;
  /** ALERT_TOP_N: the top-N boundary thread subscriptions hear about. */
  threadTopN: number;
}

/** What one subscriber was last told about one thread. */
export interface AlertMemory {
  /** Rank in the last alert (the anchor climbs/falls are measured from); for top:N the last rank seen. */
  rank: number | null;
  /** Told that the thread is in the top N (cleared only beyond N + margin). */
  inTop: boolean;
  /** Told that the thread is #1 (cleared only below #2). */
  first: boolean;
  /** Time of the last alert sent, ranking time. */
  alertedAt: number | null;
  /** Ranking run that last updated this memory: a run at or before it is a retry and changes nothing. */
  evaluatedAt: number;
}

export interface RankedThreadInfo {
  threadId: string;
  slug: string;
  title: string;
  rank: number;
  virality: number;
  articleCount: number;
  url?: string;
}

export interface AlertRunInput {
  at: number;
  /** Ranked threads in rank order (index 0 = #1). */
  ranking: readonly RankedThreadInfo[];
  /**
   * Ranks from the previous run; null when there was none. The first run only establishes what
   * subscribers are assumed to know: announcing every thread as "new in the top 10" is noise.
   */
  previousRanks: ReadonlyMap<string, number> | null;
  subscriptions: readonly Subscription[];
  /** subscription id → thread id → memory. */
  memory: ReadonlyMap<string, ReadonlyMap<string, AlertMemory>>;
  config: AlertRuleConfig;
}

export interface AlertDecision {
  subscription: Subscription;
  alert: Alert;
}

export interface MemoryChange {
  subscriptionId: string;
  threadId: string;
  /** null = forget (thread far from this subscription's interest and nothing pending). */
  memory: AlertMemory | null;
}

export interface AlertRunOutput {
  alerts: AlertDecision[];
  memoryChanges: MemoryChange[];
}

/** How far beyond N a thread must drop before it counts as having left the top N. */
export function topMargin(n: number): number {
  return Math.max(1, Math.ceil(n / 5));
}

const FIRST_MARGIN = 1;

/** Deterministic, and free of `:` so BullMQ accepts it as a job id. */
export function alertId(at: number, subscriptionId: string, threadId: string, kind: AlertKind): string {
  const digest = createHash('sha256').update(`${subscriptionId}\n${threadId}`).digest('hex').slice(0, 24);
  return `${at}-${kind}-${digest}`;
}

export function evaluateAlerts(input: AlertRunInput): AlertRunOutput {
  const byThread = new Map(input.ranking.map((entry) => [entry.threadId, entry]));
  const knownRanks = input.previousRanks ?? new Map(input.ranking.map((entry) => [entry.threadId, entry.rank]));
  const alerts: AlertDecision[] = [];
  const memoryChanges: MemoryChange[] = [];

  for (const subscription of input.subscriptions) {
    if (subscription.disabled) continue;
    const memories = input.memory.get(subscription.id) ?? new Map<string, AlertMemory>();
    const topN = parseTopTarget(subscription.target);
    const watched =
      topN === null
        ? [subscription.target]
        : unique([...input.ranking.slice(0, topN + topMargin(topN)).map((entry) => entry.threadId), ...memories.keys()]);

    for (const threadId of watched) {
      const told = memories.get(threadId) ?? initialMemory(knownRanks.get(threadId) ?? null, topN ?? input.config.threadTopN);
      if (told.evaluatedAt >= input.at) continue;
      const thread = byThread.get(threadId) ?? null;
      const decision = decide(told, thread?.rank ?? null, topN, input.at, input.config);
      if (decision.kind && thread) {
        alerts.push({ subscription, alert: buildAlert(input.at, subscription, thread, decision.kind, told.rank, topN ?? input.config.threadTopN) });
      }
      memoryChanges.push({ subscriptionId: subscription.id, threadId, memory: decision.next });
    }
  }
  return { alerts, memoryChanges };
}

/** Before any alert, the subscriber is assumed to know the previous ranking: subscribing never replays old news. */
function initialMemory(previousRank: number | null, n: number): AlertMemory {
  return {
    rank: previousRank,
    inTop: previousRank !== null && previousRank <= n,
    first: previousRank === 1,
    alertedAt: null,
    evaluatedAt: Number.NEGATIVE_INFINITY,
  };
}

interface Decision {
  kind: AlertKind | null;
  next: AlertMemory | null;
}

function decide(told: AlertMemory, rank: number | null, topN: number | null, at: number, config: AlertRuleConfig): Decision {
  const isTopSubscription = topN !== null;
  const n = topN ?? config.threadTopN;
  const margin = topMargin(n);

  if (rank === null) {
    // Unranked (archived or merged away): nothing to tell; a top:N subscription no longer needs to remember it.
    return { kind: null, next: isTopSubscription ? null : { ...told, evaluatedAt: at } };
  }

  const kind = candidateKind(told, rank, n, margin, isTopSubscription, config.minRankChange);
  const intervalPassed = told.alertedAt === null || at - told.alertedAt >= config.minIntervalMs;
  const inTopHysteresis = rank <= n ? true : rank > n + margin ? false : told.inTop;
  const firstHysteresis = rank === 1 ? true : rank > 1 + FIRST_MARGIN ? false : told.first;

  if (kind && intervalPassed) {
    return { kind, next: { rank, inTop: inTopHysteresis, first: firstHysteresis, alertedAt: at, evaluatedAt: at } };
  }

  // No alert now. Quiet updates only where the subscriber never gets an alert for the change
  // (a top:N subscriber is not told about leaving; nobody is told about losing #1); anything a
  // deferred alert would report stays as last told.
  const next: AlertMemory = {
    rank: isTopSubscription || told.rank === null ? rank : told.rank,
    inTop: isTopSubscription && rank > n + margin ? false : told.inTop,
    first: rank > 1 + FIRST_MARGIN ? false : told.first,
    alertedAt: told.alertedAt,
    evaluatedAt: at,
  };
  const forgettable =
    isTopSubscription && kind === null && !next.inTop && !next.first && rank > n + margin && (next.alertedAt === null || intervalPassed);
  return { kind: null, next: forgettable ? null : next };
}

function candidateKind(
  told: AlertMemory,
  rank: number,
  n: number,
  margin: number,
  isTopSubscription: boolean,
  minRankChange: number,
): AlertKind | null {
  if (rank === 1 && !told.first) return 'became-first';
  if (rank <= n && !told.inTop) return 'entered-top';
  if (isTopSubscription) return null;
  if (told.inTop && rank > n + margin) return 'left-top';
  if (told.rank === null) return null;
  if (told.rank - rank >= minRankChange) return 'climbed';
  if (rank - told.rank >= minRankChange) return 'fell';
  return null;
}

function buildAlert(at: number, subscription: Subscription, thread: RankedThreadInfo, kind: AlertKind, previousRank: number | null, topN: number): Alert {
  const alert: Alert = {
    id: alertId(at, subscription.id, thread.threadId, kind),
    kind,
    threadId: thread.threadId,
    slug: thread.slug,
    title: thread.title,
    rank: thread.rank,
    previousRank,
    virality: thread.virality,
    articleCount: thread.articleCount,
    at,
  };
  if (kind === 'entered-top' || kind === 'left-top') alert.topN = topN;
  if (thread.url !== undefined) alert.url = thread.url;
  return alert;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
