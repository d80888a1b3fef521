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
