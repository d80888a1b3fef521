import type { RankPoint, ThreadStats } from '../stats.js';
import type { AlertMemory } from './alert-rules.js';
import type { RankingRun } from './ranking-run.js';

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
