import { percentShares } from '../apportion.js';
import { LEANS, leanBucket, type Lean, type LeanBucket } from '../lean.js';
import type { ThreadStats } from '../stats.js';
import type { HourlyCounts, ThreadRecord } from '../thread.js';
import { DAY_MS } from '../time.js';
import { computeVirality, roundOne } from './virality.js';

const TOP_COUNTRIES = 5;

/**
 * Blindspot (Ground News' term for a story one side of the spectrum barely covers): among at least
 * BLINDSPOT_MIN_RATED rated articles, one side (left or right) has under BLINDSPOT_MAX_SHARE % of them
 * while the opposite side has at least BLINDSPOT_MIN_OPPOSITE_SHARE %. The minimum keeps two or three
 * articles from declaring a blindspot by chance; requiring the opposite side to be strong keeps a story
 * that is simply center-heavy from being flagged. Center is never a blindspot: it is not a side.
 */
export const BLINDSPOT_MIN_RATED = 6;
export const BLINDSPOT_MAX_SHARE = 10;
export const BLINDSPOT_MIN_OPPOSITE_SHARE = 40;

export interface RankInfo {
  rank: number | null;
  previousRank: number | null;
}

export function computeThreadStats(thread: ThreadRecord, hourly: HourlyCounts, at: number, rankInfo: RankInfo): ThreadStats {
  return scoreThread(thread, hourly, at, rankInfo).stats;
}

/** The stats plus the unrounded virality the ranking orders by. */
export function scoreThread(thread: ThreadRecord, hourly: HourlyCounts, at: number, rankInfo: RankInfo): { stats: ThreadStats; viralityRaw: number } {
  const leaning = computeLeaning(thread.leanCounts);
  const virality = computeVirality({
    hourly,
    at,
    lastUpdated: thread.lastUpdated,
    outletCount: thread.outletCount,
    sides: leaning.counts,
  });
  const stats: ThreadStats = {
    threadId: thread.id,
    slug: thread.slug ?? thread.id,
    title: thread.title,
    rank: rankInfo.rank,
    rankChange: rankChange(rankInfo),
    virality: virality.score,
    ageDays: Math.max(0, Math.floor((at - thread.firstSeen) / DAY_MS)),
    articleCount: thread.articleCount,
    outletCount: thread.outletCount,
    leaning,
    regions: computeRegions(thread.countryCounts),
    blindspot: findBlindspot(leaning.counts),
    firstSeen: thread.firstSeen,
    lastUpdated: thread.lastUpdated,
    computedAt: at,
  };
  return { stats, viralityRaw: virality.raw };
}

/** +1 = climbed one place. */
export function rankChange({ rank, previousRank }: RankInfo): number | null {
  return rank === null || previousRank === null ? null : previousRank - rank;
}

export function computeLeaning(leanCounts: Partial<Record<Lean, number>>): ThreadStats['leaning'] {
  const counts: Record<LeanBucket, number> = { left: 0, center: 0, right: 0 };
  let unratedCount = 0;
  for (const lean of LEANS) {
    const count = leanCounts[lean] ?? 0;
    const bucket = leanBucket(lean);
    if (bucket === 'unrated') unratedCount += count;
    else counts[bucket] += count;
  }
  const ratedCount = counts.left + counts.center + counts.right;
  const [left = 0, center = 0, right = 0] = percentShares([counts.left, counts.center, counts.right]);
  return {
    left,
    center,
    right,
    counts,
    ratedCount,
    unratedCount,
  };
}

/**
 * Country shares are apportioned over every known country, and US / Non-US is read from the same
 * apportionment, so `US 60.7%` is the same figure in both places and every list adds up to 100.0.
 */
export function computeRegions(countryCounts: Record<string, number>): ThreadStats['regions'] {
  let unknownCount = 0;
  const countries: { country: string; count: number }[] = [];
  for (const [rawCountry, count] of Object.entries(countryCounts)) {
    if (count <= 0) continue;
    const country = rawCountry.trim().toUpperCase();
    if (country === '') {
      unknownCount += count;
      continue;
    }
    const existing = countries.find((entry) => entry.country === country);
    if (existing) existing.count += count;
    else countries.push({ country, count });
  }
  countries.sort((a, b) => b.count - a.count || a.country.localeCompare(b.country));
  const shares = percentShares(countries.map((entry) => entry.count));
  const us = shares[countries.findIndex((entry) => entry.country === 'US')] ?? 0;
  return {
    us,
    nonUs: countries.length > 0 ? roundOne(100 - us) : 0,
    unknownCount,
    top: countries.slice(0, TOP_COUNTRIES).map(({ country, count }, index) => ({ country, count, percent: shares[index] ?? 0 })),
  };
}

export function findBlindspot(counts: Record<LeanBucket, number>): LeanBucket | null {
  const rated = counts.left + counts.center + counts.right;
  if (rated < BLINDSPOT_MIN_RATED) return null;
  const leftShare = (100 * counts.left) / rated;
  const rightShare = (100 * counts.right) / rated;
  if (leftShare < BLINDSPOT_MAX_SHARE && rightShare >= BLINDSPOT_MIN_OPPOSITE_SHARE) return 'left';
  if (rightShare < BLINDSPOT_MAX_SHARE && leftShare >= BLINDSPOT_MIN_OPPOSITE_SHARE) return 'right';
  return null;
}
