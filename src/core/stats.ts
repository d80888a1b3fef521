import type { LeanBucket } from './lean.js';

/**
 * Everything the reference thread page shows under "Current Stats", precomputed by the ranking
 * job so `/thread … stats` only reads. Percentages have one decimal and are apportioned by largest
 * remainder (src/core/apportion.ts), so the shares of one split add up to exactly 100.0.
 */
export interface ThreadStats {
  threadId: string;
  slug: string;
  title: string;
  /** 1-based rank among active public threads; null when not ranked (archived, or ranking not run yet). */
  rank: number | null;
  /** Places climbed since the previous ranking (+1 = up one); null when new to the ranking. */
  rankChange: number | null;
  /** 0–10, one decimal (formula in src/core/ranking/virality.ts and docs/ranking.md). */
  virality: number;
  /** Whole days since the first article, in stream time at ranking. */
  ageDays: number;
  articleCount: number;
  outletCount: number;
  leaning: {
    /** % of rated articles. */
    left: number;
    center: number;
    right: number;
    counts: Record<LeanBucket, number>;
    ratedCount: number;
    unratedCount: number;
  };
  regions: {
    /** % of articles whose outlet country is known. */
    us: number;
    nonUs: number;
    unknownCount: number;
    /** Up to 5 countries by article count. */
    top: { country: string; count: number; percent: number }[];
  };
  /** The side with (almost) no coverage when a story is strongly one-sided; null otherwise. */
  blindspot: LeanBucket | null;
  firstSeen: number;
  lastUpdated: number;
  /** When these stats were computed (ranking time). */
  computedAt: number;
}

/** One point of a thread's rank history (for the sparkline and the stats view). */
export interface RankPoint {
  at: number;
  rank: number;
  virality: number;
}
