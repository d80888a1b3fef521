import type { RankPoint, ThreadStats } from '../stats.js';
import type { AlertMemory } from './alert-rules.js';

/**
 * Everything one ranking run writes, committed as one unit so readers never see half a ranking
 * and a retried run can tell it already committed. The ranking job builds it; the ranking store
 * commits it.
 */
export interface RankingRun<Delivery> {
  at: number;
  /** Thread ids in rank order (index 0 = #1). */
  rankedIds: readonly string[];
  /** Stats for ranked threads, and for threads that just dropped out of the ranking (rank null). */
  stats: readonly ThreadStats[];
  /** One point per ranked thread. */
  history: readonly { threadId: string; point: RankPoint }[];
  memoryChanges: readonly { subscriptionId: string; threadId: string; memory: AlertMemory | null }[];
  deliveries: readonly Delivery[];
}

/** The committed run's time and the deliveries it enqueued, so a retry of it re-enqueues exactly those. */
export interface CommittedRun<Delivery> {
  at: number;
  deliveries: Delivery[];
}

/**
 * The ranking store: the committed ranking as commands and the stats picture read it, and the one
 * atomic write the ranking job makes per run.
 */
export interface RankingStore {
  getStats(threadId: string): Promise<ThreadStats | null>;
  /** Same order as `threadIds`; null where a thread has no stats. */
  getStatsMany(threadIds: readonly string[]): Promise<(ThreadStats | null)[]>;
  /** Rank order; offset 0 starts at #1. */
  getTop(n: number, offset?: number): Promise<ThreadStats[]>;
  /** The last `limit` points, oldest first. */
  getRankHistory(threadId: string, limit: number): Promise<RankPoint[]>;
  /** When the current ranking was computed and how many threads it holds; null before the first run. */
  getRankingInfo(): Promise<{ at: number; count: number } | null>;
  /** thread id → rank in the committed ranking. */
  getCurrentRanks(): Promise<Map<string, number>>;
  getCommittedRun<Delivery>(): Promise<CommittedRun<Delivery> | null>;
  /** subscription id → thread id → memory. */
  getAlertMemory(subscriptionIds: readonly string[]): Promise<Map<string, Map<string, AlertMemory>>>;
  /** true if this run became the committed ranking; false if a run at the same or a later time already had. */
  commitRun<Delivery>(run: RankingRun<Delivery>): Promise<boolean>;
}
