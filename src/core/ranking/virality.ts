import type { LeanBucket } from '../lean.js';
import type { HourlyCounts } from '../thread.js';
import { HOUR_MS } from '../time.js';

/**
 * The virality score (0–10, one decimal). docs/ranking.md shows this formula; keep the two in step.
 *
 *   w(a, h)  = 0.5 ^ (a / h): the weight of an article a hours old under half-life h; an hourly count
 *            is dated at the end of its hour (the latest its articles can be), so a = 0 for the
 *            current hour and the age of every count grows by exactly the time that passes
 *   D        = Σ count × w(age, 6 h): the thread's decayed article count, its recent pace
 *   B        = Σ count × w(age, 24 h) × β: the thread's own baseline, the same counts decayed four
 *            times more slowly; β = (1 − 0.5^(1/24)) / (1 − 0.5^(1/6)) ≈ 0.261 makes B = D for a
 *            steady pace (the same count every hour)
 *   surge    = max(1/4, (D + 1) / (B + 1))
 *   momentum = log2(2 + D) × √surge
 *   reach    = log2(1 + distinct outlets)
 *   spread   = 1 + normalised entropy of the left / center / right split of rated articles (1 … 2)
 *   fresh    = 0.5 ^ (hours since the newest article / 12)
 *   raw      = momentum × reach × spread × fresh
 *   virality = 10 × raw / (raw + 40), rounded to one decimal
 *
 * Every term moves continuously with time: there is no window for a burst to fall out of, so a
 * thread's score never drops off a cliff. Without new articles D and B only decay (B never grows),
 * so per hour D keeps ≥ 0.5^(1/6) of itself, log2(2 + D) and the surge each keep at least that much
 * too (log2(2 + x) is concave and positive at 0; the surge's denominator does not grow; the floor
 * only ever raises it), and fresh
 * keeps 0.5^(1/12): raw keeps ≥ 0.5^(1/6 × 1.5 + 1/12) = 0.5^(1/3) ≈ 0.794 of itself, and the final
 * map falls proportionally less than raw. A quiet thread loses at most 20.6 % of its score per hour
 * (MAX_HOURLY_DROP; test/unit/ranking-stats.test.ts checks it from the constants and on random
 * histories).
 *
 * log2 makes each doubling of recent coverage (or of outlets) worth the same step, so one wire story
 * syndicated 50 times cannot dwarf everything. The surge compares the thread with itself: coverage
 * picking up against its own pace of the last day or two lifts it, a story ticking over at its usual
 * pace gets no bonus, one slowing down is damped (at most ×½, the floor). B holds every article D
 * holds, at no less weight, so B ≥ β × D and the surge stays below 1/β ≈ 3.8 (a bonus under ×2):
 * a new thread, whose baseline is still only its own first articles, surges but cannot win on the
 * ratio alone. The final map is 5.0 at raw = 40 and approaches 10 only slowly, so
 * the top of the ranking stays distinguishable. Ranking orders by `raw`, so ties after rounding are
 * still ordered. Everything is computed from the hourly counts the thread store keeps, as a pure
 * function of them and `at`, so a retried ranking run computes exactly the same scores.
 */

export const RECENT_HALF_LIFE_HOURS = 6;
export const BASELINE_HALF_LIFE_HOURS = 24;
export const FRESHNESS_HALF_LIFE_HOURS = 12;
/** The surge never damps below this (a story slowing down keeps at least half its momentum). */
export const SURGE_FLOOR = 1 / 4;
/** β: scales the slow count so a steady pace (the same count every hour) gives B = D. */
export const BASELINE_SCALE = (1 - 0.5 ** (1 / BASELINE_HALF_LIFE_HOURS)) / (1 - 0.5 ** (1 / RECENT_HALF_LIFE_HOURS));
/** The raw score that maps to 5.0. */
export const VIRALITY_HALF_POINT = 40;
/**
 * The most a thread's (unrounded) score can lose in one hour without new articles, from the
 * constants above: 1 − 0.5^(1.5 / RECENT_HALF_LIFE_HOURS + 1 / FRESHNESS_HALF_LIFE_HOURS).
 */
export const MAX_HOURLY_DROP = 1 - 0.5 ** (1.5 / RECENT_HALF_LIFE_HOURS + 1 / FRESHNESS_HALF_LIFE_HOURS);

export interface ViralityInput {
  hourly: HourlyCounts;
  /** Ranking time (stream time), epoch ms. */
  at: number;
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
  /** D: articles weighted by 0.5^(age / RECENT_HALF_LIFE_HOURS). */
  recentRate: number;
  /** B: the thread's own pace, in the same units as `recentRate`. */
  baseline: number;
  surge: number;
  momentum: number;
  reach: number;
  spread: number;
  freshness: number;
}

/** 10 × raw / (raw + 40), unrounded. */
export function viralityFromRaw(raw: number): number {
  return (10 * raw) / (raw + VIRALITY_HALF_POINT);
}

export function computeVirality(input: ViralityInput): ViralityBreakdown {
  let recentRate = 0;
  let slowCount = 0;
  for (const [hour, count] of input.hourly) {
    // Counts of hours after the ranking time do not exist yet at `at` (a replay ranks the past).
    if (hour > input.at) continue;
    const ageHours = Math.max(0, input.at - (hour + HOUR_MS)) / HOUR_MS;
    recentRate += count * 0.5 ** (ageHours / RECENT_HALF_LIFE_HOURS);
    slowCount += count * 0.5 ** (ageHours / BASELINE_HALF_LIFE_HOURS);
  }
  const baseline = slowCount * BASELINE_SCALE;

  const surge = Math.max(SURGE_FLOOR, (recentRate + 1) / (baseline + 1));
  const momentum = Math.log2(2 + recentRate) * Math.sqrt(surge);
  const reach = Math.log2(1 + Math.max(0, input.outletCount));
  const spread = 1 + normalisedEntropy([input.sides.left, input.sides.center, input.sides.right]);
  const hoursSinceNewest = Math.max(0, (input.at - input.lastUpdated) / HOUR_MS);
  const freshness = 0.5 ** (hoursSinceNewest / FRESHNESS_HALF_LIFE_HOURS);

  const raw = momentum * reach * spread * freshness;
  const score = roundOne(viralityFromRaw(raw));
  return { score, raw, recentRate, baseline, surge, momentum, reach, spread, freshness };
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
