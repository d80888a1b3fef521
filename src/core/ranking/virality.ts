import type { LeanBucket } from '../lean.js';
import type { HourlyCounts } from '../thread.js';
import { HOUR_MS, hourStart } from '../time.js';

/**
 * The virality score (0–10, one decimal). README shows this formula; keep the two in step.
 *
 *   R        articles in the recent window: the 6 hourly buckets ending with the hour that contains `at`
 *   B        the thread's own baseline: its average articles per 6 hours over the 7 days (168 hourly
 *            buckets) before the recent window, counting only hours since its first article (0 if none)
 *   surge    = clamp((R + 1) / (B + 1), 1/4, 4)
 *   momentum = log2(2 + R) × √surge
 *   reach    = log2(1 + distinct outlets)
 *   spread   = 1 + normalised entropy of the left / center / right split of rated articles (1 … 2)
 *   fresh    = 0.5 ^ (hours since the newest article / 12)
 *   raw      = momentum × reach × spread × fresh
 *   virality = 10 × raw / (raw + 40), rounded to one decimal
 *
 * log2 makes each doubling of recent coverage (or of outlets) worth the same step, so one wire story
 * syndicated 50 times cannot dwarf everything. The surge compares the thread with itself: coverage
 * picking up against its own norm lifts it (at most ×2, at 4× its usual pace), a long-running story
 * ticking over at its usual pace gets no bonus, and one slowing down is damped (at most ×½); the clamp
 * keeps a brand-new thread, whose baseline is still 0, from winning on the ratio alone. The final
 * map is 5.0 at raw = 40 and approaches 10 only slowly, so the top of the ranking stays
 * distinguishable. Ranking orders by `raw`, so ties after rounding are still ordered.
 */

export const RECENT_WINDOW_HOURS = 6;
export const BASELINE_WINDOW_HOURS = 7 * 24;
export const FRESHNESS_HALF_LIFE_HOURS = 12;
export const SURGE_LIMIT = 4;
/** The raw score that maps to 5.0. */
export const VIRALITY_HALF_POINT = 40;

export interface ViralityInput {
  hourly: HourlyCounts;
  /** Ranking time (stream time), epoch ms. */
  at: number;
  firstSeen: number;
  /** Newest article's time. */
  lastUpdated: number;
  outletCount: number;
  /** Rated articles per side; unrated articles do not count towards the spread. */
  sides: Record<LeanBucket, number>;
}

export interface ViralityBreakdown {
  /** 0–10, one decimal: what users see. */
  score: number;
  /** Unrounded, unbounded: what the ranking orders by. */
  raw: number;
  recentArticles: number;
  baselinePer6h: number;
  surge: number;
  momentum: number;
  reach: number;
  spread: number;
  freshness: number;
}

export function computeVirality(input: ViralityInput): ViralityBreakdown {
  const currentHour = hourStart(input.at);
  const recentStart = currentHour - (RECENT_WINDOW_HOURS - 1) * HOUR_MS;
  const baselineStart = Math.max(recentStart - BASELINE_WINDOW_HOURS * HOUR_MS, hourStart(input.firstSeen));

  let recentArticles = 0;
  let baselineArticles = 0;
  for (const [hour, count] of input.hourly) {
    if (hour > currentHour) continue;
    if (hour >= recentStart) recentArticles += count;
    else if (hour >= baselineStart) baselineArticles += count;
  }
  const baselineHours = Math.max(0, (recentStart - baselineStart) / HOUR_MS);
  const baselinePer6h = baselineHours > 0 ? (baselineArticles / baselineHours) * RECENT_WINDOW_HOURS : 0;

  const surge = Math.min(SURGE_LIMIT, Math.max(1 / SURGE_LIMIT, (recentArticles + 1) / (baselinePer6h + 1)));
  const momentum = Math.log2(2 + recentArticles) * Math.sqrt(surge);
  const reach = Math.log2(1 + Math.max(0, input.outletCount));
  const spread = 1 + normalisedEntropy([input.sides.left, input.sides.center, input.sides.right]);
  const hoursSinceNewest = Math.max(0, (input.at - input.lastUpdated) / HOUR_MS);
  const freshness = 0.5 ** (hoursSinceNewest / FRESHNESS_HALF_LIFE_HOURS);

  const raw = momentum * reach * spread * freshness;
  const score = roundOne((10 * raw) / (raw + VIRALITY_HALF_POINT));
  return { score, raw, recentArticles, baselinePer6h, surge, momentum, reach, spread, freshness };
}

/** 0 when everything is in one bucket (or there is nothing), 1 when evenly split. */
export function normalisedEntropy(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total <= 0 || counts.length < 2) return 0;
  let entropy = 0;
  for (const count of counts) {
    if (count <= 0) continue;
    const share = count / total;
    entropy -= share * Math.log(share);
  }
  return entropy / Math.log(counts.length);
}

export function roundOne(value: number): number {
  return Math.round(value * 10) / 10;
}
