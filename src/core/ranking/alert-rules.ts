import { createHash } from 'node:crypto';
import type { Alert, AlertKind, DigestAlert, DigestEntry, DigestThread } from '../alert.js';
import { DAY_MS } from '../time.js';
import type { Subscription } from '../subscription.js';
import { parseTopSubscription } from './targets.js';

/**
 * Which rank changes a subscriber hears about. The rules compare the current ranking with what the
 * subscriber was last *told* (not with the previous run), so:
 * - a thread drifting one place per run still alerts once it has moved ALERT_MIN_RANK_CHANGE places
 *   from the rank in the last alert;
 * - leaving the top N (hysteresis) counts once the rank is beyond N + margin, or once the thread has
 *   been outside the top N for LEAVE_RANKINGS rankings in a row, so a thread wobbling between #5 and
 *   #6 is not "leaving" and "re-entering" every run; losing #1 is never announced, and is only
 *   forgotten below #2 (so the old leader coming back is not news);
 * - a new #1 is announced once it has held #1 for two rankings in a row (this one and the one
 *   before), or at once if it leads #2 by a clear margin (FIRST_CLEAR_LEAD): a lead changing hands
 *   every run is not news until someone keeps it.
 *
 * Thread subscriptions get one alert per change, at most one per (subscription, thread) per
 * ALERT_MIN_INTERVAL; a change that falls inside the interval is deferred, not dropped: the memory
 * keeps what was last told, so if the change still holds when the interval has passed, the
 * subscriber hears about it then. One run yields at most one alert per (subscription, thread):
 * the most significant kind.
 *
 * `top:N` subscriptions get one message listing every change since their last one (entered, left,
 * new #1), at most one per ALERT_TOP_INTERVAL: the top of a busy news day changes every hour, and
 * one alert per change is noise. What entered and left again between two messages is still listed
 * (with its best rank), so no story that spent time in the top N goes unannounced.
 * `top:N digest` subscriptions get the same list of what entered, once a day: the first ranking
 * run of each UTC day (stream time) sends the digest of the day before, even when nothing entered.
 */

/** Rankings in a row outside the top N after which a thread inside N + margin has left it. */
export const LEAVE_RANKINGS = 2;
/** A new #1 whose virality is at least this many times #2's is announced at once. */
export const FIRST_CLEAR_LEAD = 1.25;

export interface AlertRuleConfig {
  /** ALERT_MIN_RANK_CHANGE: places a subscribed thread must climb or fall. */
  minRankChange: number;
  /** ALERT_MIN_INTERVAL_MINUTES in ms. */
  minIntervalMs: number;
  /** ALERT_TOP_N: the top-N boundary thread subscriptions hear about. */
  threadTopN: number;
  /** ALERT_TOP_INTERVAL_MINUTES in ms: at most one message per `top:N` subscription this often. */
  topIntervalMs: number;
}

/**
 * What one subscriber was last told about one thread (thread subscriptions), or what a `top:N`
 * subscription is tracking about one thread until its next message.
 */
export interface AlertMemory {
  /** Rank in the last alert (the anchor climbs/falls are measured from); for top:N the last rank seen. */
  rank: number | null;
  /**
   * Thread subscriptions: told that the thread is in the top N. `top:N`: the thread is in the top N
   * (hysteresis: cleared only once it has left, see LEAVE_RANKINGS).
   */
  inTop: boolean;
  /** Told that the thread is #1 (cleared only below #2). */
  first: boolean;
  /** Time of the last alert sent, ranking time (for the subscription's own entry: its last message). */
  alertedAt: number | null;
  /** Ranking run that last updated this memory: a run at or before it is a retry and changes nothing. */
  evaluatedAt: number;
  /** Rankings in a row the thread has been outside the top N (absent = 0). */
  outside?: number;
  /** `top:N`: the last message said (or the subscriber knew when subscribing) that it is in the top N. */
  toldIn?: boolean;
  /** `top:N` and digests: it entered the top N since the last message (first time, best rank since). */
  entered?: { at: number; bestRank: number };
  /** `top:N` and digests: how to name it in a message, even once it is no longer ranked. */
  slug?: string;
  title?: string;
}

/** The memory entry of a `top:N` subscription itself (not a thread): when its last message went out. */
export const SUBSCRIPTION_MEMORY = '*';

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
  /** Time of the previous committed run (null: none). Crossing a UTC day since then sends the daily digests. */
  previousAt?: number | null;
  subscriptions: readonly Subscription[];
  /** subscription id → thread id (or SUBSCRIPTION_MEMORY) → memory. */
  memory: ReadonlyMap<string, ReadonlyMap<string, AlertMemory>>;
  config: AlertRuleConfig;
}

export interface AlertDecision {
  subscription: Subscription;
  alert: Alert;
}

export interface DigestDecision {
  subscription: Subscription;
  digest: DigestAlert;
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
  /** Top-N messages: `top:N` updates and daily digests. */
  digests: DigestDecision[];
}

/** How far beyond N a thread must drop before it counts as having left the top N at once. */
export function topMargin(n: number): number {
  return Math.max(1, Math.ceil(n / 5));
}

const FIRST_MARGIN = 1;

function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24);
}

/** Deterministic, and free of `:` so BullMQ accepts it as a job id. */
export function alertId(at: number, subscriptionId: string, threadId: string, kind: AlertKind): string {
  return `${at}-${kind}-${shortHash(subscriptionId, threadId)}`;
}

/** One per subscription and UTC day, whichever run sends it: the job id that makes the daily digest idempotent. */
export function digestId(day: string, subscriptionId: string): string {
  return `digest-${day}-${shortHash(subscriptionId)}`;
}

/** One per subscription and ranking run. */
export function updateId(at: number, subscriptionId: string): string {
  return `update-${at}-${shortHash(subscriptionId)}`;
}

/** `YYYY-MM-DD` of a time, UTC. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function dayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

type Mode = 'thread' | 'top' | 'digest';

interface RunContext {
  input: AlertRunInput;
  byThread: ReadonlyMap<string, RankedThreadInfo>;
  knownRanks: ReadonlyMap<string, number>;
  /** This run's #1, when it may be announced as #1 (held #1 in the run before too, or clearly leads). */
  settledLeader: string | null;
  /** The first run of a new UTC day: daily digests go out. */
  newDay: boolean;
}

export function evaluateAlerts(input: AlertRunInput): AlertRunOutput {
  const leader = input.ranking[0];
  const runnerUp = input.ranking[1];
  const settled =
    leader !== undefined &&
    (input.previousRanks?.get(leader.threadId) === 1 || runnerUp === undefined || leader.virality >= FIRST_CLEAR_LEAD * runnerUp.virality);
  const previousAt = input.previousAt ?? null;
  const context: RunContext = {
    input,
    byThread: new Map(input.ranking.map((entry) => [entry.threadId, entry])),
    knownRanks: input.previousRanks ?? new Map(input.ranking.map((entry) => [entry.threadId, entry.rank])),
    settledLeader: settled ? leader.threadId : null,
    newDay: previousAt !== null && dayStart(input.at) > dayStart(previousAt),
  };
  const output: AlertRunOutput = { alerts: [], memoryChanges: [], digests: [] };

  for (const subscription of input.subscriptions) {
    if (subscription.disabled) continue;
    const memories = input.memory.get(subscription.id) ?? new Map<string, AlertMemory>();
    const top = parseTopSubscription(subscription.target);
    if (top === null) evaluateThreadSubscription(context, subscription, memories, output);
    else evaluateTopSubscription(context, subscription, top.digest ? 'digest' : 'top', top.n, memories, output);
  }
  return output;
}

/** Before any alert, the subscriber is assumed to know the previous ranking: subscribing never replays old news. */
function initialMemory(previousRank: number | null, n: number): AlertMemory {
  const inTop = previousRank !== null && previousRank <= n;
  return { rank: previousRank, inTop, toldIn: inTop, first: previousRank === 1, alertedAt: null, evaluatedAt: Number.NEGATIVE_INFINITY };
}

/** Rankings outside the top N in a row, and whether that (or the rank) means the thread has left it. */
function leaving(told: AlertMemory, rank: number | null, n: number): { outside: number; hasLeft: boolean } {
  const outside = rank !== null && rank <= n ? 0 : (told.outside ?? 0) + 1;
  const hasLeft = rank === null ? outside >= LEAVE_RANKINGS : rank > n + topMargin(n) || (rank > n && outside >= LEAVE_RANKINGS);
  return { outside, hasLeft };
}

// ---------------------------------------------------------------- thread subscriptions

function evaluateThreadSubscription(context: RunContext, subscription: Subscription, memories: ReadonlyMap<string, AlertMemory>, output: AlertRunOutput): void {
  const { input } = context;
  const threadId = subscription.target;
  const n = input.config.threadTopN;
  const told = memories.get(threadId) ?? initialMemory(context.knownRanks.get(threadId) ?? null, n);
  if (told.evaluatedAt >= input.at) return;
  const thread = context.byThread.get(threadId) ?? null;
  const decision = decide(told, thread, n, context.settledLeader === threadId, input.at, input.config);
  if (decision.kind && thread) output.alerts.push({ subscription, alert: buildAlert(input.at, subscription, thread, decision.kind, told.rank, n) });
  output.memoryChanges.push({ subscriptionId: subscription.id, threadId, memory: decision.next });
}

interface Decision {
  kind: AlertKind | null;
  next: AlertMemory;
}

function decide(told: AlertMemory, thread: RankedThreadInfo | null, n: number, mayBeFirst: boolean, at: number, config: AlertRuleConfig): Decision {
  const rank = thread?.rank ?? null;
  const { outside, hasLeft } = leaving(told, rank, n);
  const base = { evaluatedAt: at, outside };
  // Unranked (archived or merged away): nothing to tell.
  if (rank === null) return { kind: null, next: { ...told, ...base } };

  const kind = candidateKind(told, rank, n, hasLeft, mayBeFirst, config.minRankChange);
  const intervalPassed = told.alertedAt === null || at - told.alertedAt >= config.minIntervalMs;
  if (kind && intervalPassed) {
    const inTop = rank <= n ? true : hasLeft ? false : told.inTop;
    const first = rank === 1 ? told.first || mayBeFirst : rank > 1 + FIRST_MARGIN ? false : told.first;
    // "Entered the top N at #1" already tells the subscriber who leads: no second alert once it settles.
    return { kind, next: { ...base, rank, inTop, first: kind === 'became-first' || rank === 1 || first, alertedAt: at } };
  }
  // No alert now. Quiet updates only where the subscriber never gets an alert for the change
  // (nobody is told about losing #1); anything a deferred alert would report stays as last told.
  return {
    kind: null,
    next: { ...base, rank: told.rank === null ? rank : told.rank, inTop: told.inTop, first: rank > 1 + FIRST_MARGIN ? false : told.first, alertedAt: told.alertedAt },
  };
}

function candidateKind(told: AlertMemory, rank: number, n: number, hasLeft: boolean, mayBeFirst: boolean, minRankChange: number): AlertKind | null {
  if (rank === 1 && !told.first && mayBeFirst) return 'became-first';
  if (rank <= n && !told.inTop) return 'entered-top';
  if (told.inTop && hasLeft) return 'left-top';
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

// ---------------------------------------------------------------- top:N and digest subscriptions

function evaluateTopSubscription(
  context: RunContext,
  subscription: Subscription,
  mode: Exclude<Mode, 'thread'>,
  n: number,
  memories: ReadonlyMap<string, AlertMemory>,
  output: AlertRunOutput,
): void {
  const { input } = context;
  const own = memories.get(SUBSCRIPTION_MEMORY);
  if (own && own.evaluatedAt >= input.at) return;
  const watchedIds = [...new Set([...input.ranking.slice(0, n + topMargin(n)).map((entry) => entry.threadId), ...memories.keys()])].filter(
    (id) => id !== SUBSCRIPTION_MEMORY,
  );
  // First the picture moves on (what entered, what left), then the message, if one is due, tells it.
  const tracked = watchedIds.map((threadId) => {
    const told = memories.get(threadId) ?? initialMemory(context.knownRanks.get(threadId) ?? null, n);
    return { threadId, next: track(told, context.byThread.get(threadId) ?? null, n, input.at) };
  });

  const lastMessageAt = own?.alertedAt ?? null;
  const due =
    mode === 'digest' ? context.newDay && input.previousAt !== null && input.previousAt !== undefined : lastMessageAt === null || input.at - lastMessageAt >= input.config.topIntervalMs;
  let sent = false;
  if (due) {
    const cutoff = mode === 'digest' ? dayStart(input.at) : Number.POSITIVE_INFINITY;
    const entries: DigestEntry[] = [];
    const left: DigestThread[] = [];
    let leader: DigestThread | null = null;
    for (const item of tracked) {
      const memory = item.next;
      const named = { threadId: item.threadId, slug: memory.slug ?? item.threadId, title: memory.title ?? '', rank: context.byThread.get(item.threadId)?.rank ?? null };
      if (memory.entered && memory.entered.at < cutoff) entries.push({ ...named, bestRank: memory.entered.bestRank, enteredAt: memory.entered.at });
      else if (mode === 'top' && memory.toldIn && !memory.inTop) left.push(named);
      if (mode === 'top' && item.threadId === context.settledLeader && !memory.first) leader = named;
    }
    entries.sort((a, b) => a.enteredAt - b.enteredAt || a.bestRank - b.bestRank);
    left.sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
    if (mode === 'digest') {
      const day = utcDay(input.previousAt ?? input.at);
      output.digests.push({ subscription, digest: { id: digestId(day, subscription.id), kind: 'digest', period: 'daily', topN: n, day, entries, left: [], leader: null, at: input.at } });
      sent = true;
    } else if (entries.length > 0 || left.length > 0 || leader !== null) {
      output.digests.push({ subscription, digest: { id: updateId(input.at, subscription.id), kind: 'digest', period: 'update', topN: n, entries, left, leader, at: input.at } });
      sent = true;
    }
    if (sent) {
      for (const item of tracked) {
        const { entered, ...rest } = item.next;
        if (entered && entered.at >= cutoff) continue;
        item.next = { ...rest, toldIn: rest.inTop, first: rest.first || (mode === 'top' && item.threadId === context.settledLeader) };
      }
    }
  }

  for (const { threadId, next } of tracked) {
    const rank = next.rank;
    const forgettable = !next.inTop && !next.toldIn && !next.first && !next.entered && (rank === null || rank > n + topMargin(n));
    output.memoryChanges.push({ subscriptionId: subscription.id, threadId, memory: forgettable ? null : next });
  }
  output.memoryChanges.push({
    subscriptionId: subscription.id,
    threadId: SUBSCRIPTION_MEMORY,
    memory: { rank: null, inTop: false, first: false, alertedAt: sent ? input.at : lastMessageAt, evaluatedAt: input.at },
  });
}

/** One run of a `top:N` subscription's picture of a thread: in or out of the top N, and what entered since the last message. */
function track(told: AlertMemory, thread: RankedThreadInfo | null, n: number, at: number): AlertMemory {
  const rank = thread?.rank ?? null;
  const { outside, hasLeft } = leaving(told, rank, n);
  const inTop = rank !== null && rank <= n ? true : hasLeft ? false : told.inTop;
  let entered = told.entered;
  if (rank !== null && rank <= n && !told.inTop) entered = { at: entered?.at ?? at, bestRank: Math.min(rank, entered?.bestRank ?? rank) };
  else if (entered && rank !== null && inTop) entered = { ...entered, bestRank: Math.min(entered.bestRank, rank) };
  const next: AlertMemory = {
    rank,
    inTop,
    toldIn: told.toldIn ?? false,
    first: rank !== null && rank <= 1 + FIRST_MARGIN ? told.first : false,
    alertedAt: told.alertedAt,
    evaluatedAt: at,
    outside,
  };
  if (entered) next.entered = entered;
  const slug = thread?.slug ?? told.slug;
  const title = thread?.title ?? told.title;
  if (slug !== undefined) next.slug = slug;
  if (title !== undefined) next.title = title;
  return next;
}
