import { describe, expect, it } from 'vitest';
import { orderByVirality } from '../../src/core/ranking/rank.js';
import { computeLeaning, computeRegions, computeThreadStats, findBlindspot } from '../../src/core/ranking/stats.js';
import { parseTopTarget, topTarget } from '../../src/core/ranking/targets.js';
import {
  BASELINE_SCALE,
  computeVirality,
  FRESHNESS_HALF_LIFE_HOURS,
  MAX_HOURLY_DROP,
  normalisedEntropy,
  RECENT_HALF_LIFE_HOURS,
  SURGE_FLOOR,
  viralityFromRaw,
  type ViralityInput,
} from '../../src/core/ranking/virality.js';
import { EMPTY_FACETS, type ThreadRecord } from '../../src/core/thread.js';
import { DAY_MS, HOUR_MS } from '../../src/core/time.js';

const AT = Date.UTC(2014, 2, 20, 12, 30);
const hour = (hoursBeforeAt: number) => Math.floor(AT / HOUR_MS) * HOUR_MS - hoursBeforeAt * HOUR_MS;

function thread(overrides: Partial<ThreadRecord> = {}): ThreadRecord {
  return {
    id: 't1',
    slug: 'trump-putin',
    aliases: [],
    ...EMPTY_FACETS,
    title: 'Trump Putin call',
    firstSeen: AT - 50 * DAY_MS - 3 * HOUR_MS,
    lastUpdated: AT - HOUR_MS,
    articleCount: 20,
    outletCount: 9,
    leanCounts: { left: 2, 'lean-left': 3, center: 6, 'lean-right': 4, right: 1, unrated: 4 },
    countryCounts: { US: 9, GB: 4, CA: 2, '': 5 },
    isPublic: true,
    status: 'active',
    version: 7,
    ...overrides,
  };
}

function viralityInput(overrides: Partial<ViralityInput> = {}): ViralityInput {
  return {
    hourly: new Map([
      [hour(0), 3],
      [hour(2), 2],
      [hour(30), 20],
    ]),
    at: AT,
    lastUpdated: AT - 10 * 60_000,
    outletCount: 8,
    sides: { left: 3, center: 3, right: 3 },
    ...overrides,
  };
}

describe('thread stats', () => {
  it('splits leaning into left (left + lean-left), center and right (lean-right + right) as % of rated articles', () => {
    const leaning = computeLeaning(thread().leanCounts);
    expect(leaning.counts).toEqual({ left: 5, center: 6, right: 5 });
    expect(leaning.ratedCount).toBe(16);
    expect(leaning.unratedCount).toBe(4);
    // 31.25 / 37.5 / 31.25 rounded one by one would show 100.1; the tied remainder goes to the first side.
    expect(leaning).toMatchObject({ left: 31.3, center: 37.5, right: 31.2 });
  });

  it('shows leaning and regional shares that add up to exactly 100.0', () => {
    const leaning = computeLeaning({ left: 17, center: 16, right: 16 });
    expect([leaning.left, leaning.center, leaning.right]).toEqual([34.7, 32.7, 32.6]);
    const regions = computeRegions({ US: 3, GB: 1, CA: 1, AU: 1, IN: 1, DE: 1, FR: 1 });
    const tenths = (values: number[]) => values.reduce((sum, value) => sum + Math.round(value * 10), 0);
    expect(tenths([regions.us, regions.nonUs])).toBe(1000);
    expect(regions.top.find((entry) => entry.country === 'US')?.percent).toBe(regions.us);
  });

  it('reports 0 % everywhere rather than NaN when no article is rated', () => {
    const leaning = computeLeaning({ unrated: 3 });
    expect(leaning).toMatchObject({ left: 0, center: 0, right: 0, ratedCount: 0, unratedCount: 3 });
  });

  it('computes regional coverage over articles with a known country and lists the top countries', () => {
    const regions = computeRegions({ US: 9, GB: 4, CA: 2, '': 5 });
    expect(regions).toEqual({
      us: 60,
      nonUs: 40,
      unknownCount: 5,
      top: [
        { country: 'US', count: 9, percent: 60 },
        { country: 'GB', count: 4, percent: 26.7 },
        { country: 'CA', count: 2, percent: 13.3 },
      ],
    });
  });

  it('keeps at most five countries, ties broken alphabetically', () => {
    const regions = computeRegions({ DE: 1, FR: 1, AU: 1, IN: 1, JP: 1, US: 1 });
    expect(regions.top.map((entry) => entry.country)).toEqual(['AU', 'DE', 'FR', 'IN', 'JP']);
  });

  it('fills every field of ThreadStats so it can be recomputed by hand', () => {
    const stats = computeThreadStats(thread(), new Map([[hour(1), 2]]), AT, { rank: 11, previousRank: 12 });
    expect(stats).toMatchObject({
      threadId: 't1',
      slug: 'trump-putin',
      title: 'Trump Putin call',
      rank: 11,
      rankChange: 1,
      ageDays: 50,
      articleCount: 20,
      outletCount: 9,
      blindspot: null,
      computedAt: AT,
    });
    expect(stats.virality).toBeGreaterThan(0);
    expect(stats.virality).toBeLessThanOrEqual(10);
  });

  it('reports rank change as places climbed and null for a thread new to the ranking', () => {
    expect(computeThreadStats(thread(), new Map(), AT, { rank: 5, previousRank: 2 }).rankChange).toBe(-3);
    expect(computeThreadStats(thread(), new Map(), AT, { rank: 5, previousRank: null }).rankChange).toBeNull();
    expect(computeThreadStats(thread(), new Map(), AT, { rank: null, previousRank: 4 }).rankChange).toBeNull();
  });

  it('counts age in whole days of stream time', () => {
    expect(computeThreadStats(thread({ firstSeen: AT - DAY_MS + 1 }), new Map(), AT, { rank: 1, previousRank: null }).ageDays).toBe(0);
    expect(computeThreadStats(thread({ firstSeen: AT - DAY_MS }), new Map(), AT, { rank: 1, previousRank: null }).ageDays).toBe(1);
  });
});

describe('blindspot', () => {
  it('flags the side with under 10 % when the other side has at least 40 %', () => {
    expect(findBlindspot({ left: 3, center: 2, right: 0 })).toBeNull(); // fewer than 6 rated
    expect(findBlindspot({ left: 6, center: 4, right: 0 })).toBe('right');
    expect(findBlindspot({ left: 1, center: 4, right: 7 })).toBe('left');
  });

  it('does not flag a center-heavy story or a balanced one', () => {
    expect(findBlindspot({ left: 3, center: 20, right: 0 })).toBeNull();
    expect(findBlindspot({ left: 5, center: 5, right: 5 })).toBeNull();
  });
});

describe('virality', () => {
  it('stays on the 0–10 scale with one decimal', () => {
    const quiet = computeVirality(viralityInput({ hourly: new Map(), lastUpdated: AT - 30 * DAY_MS, outletCount: 1 }));
    const surging = computeVirality(viralityInput({ hourly: new Map([[hour(0), 400]]), outletCount: 300 }));
    expect(quiet.score).toBe(0);
    expect(surging.score).toBeLessThanOrEqual(10);
    expect(surging.score).toBeGreaterThan(8.5);
    expect(Number.isInteger(computeVirality(viralityInput()).score * 10)).toBe(true);
  });

  it('follows the documented formula', () => {
    const result = computeVirality(viralityInput());
    // Each hourly count is dated at the end of its hour: the current hour is 0 h old at AT (12:30),
    // the bucket two hours back (10:00–11:00) is 1.5 h old, the one 30 hours back 29.5 h old.
    const ages = [
      [3, 0],
      [2, 1.5],
      [20, 29.5],
    ] as const;
    const recentRate = ages.reduce((sum, [count, age]) => sum + count * 0.5 ** (age / 6), 0);
    const beta = (1 - 0.5 ** (1 / 24)) / (1 - 0.5 ** (1 / 6));
    const baseline = ages.reduce((sum, [count, age]) => sum + count * 0.5 ** (age / 24), 0) * beta;
    expect(result.recentRate).toBeCloseTo(recentRate, 10);
    expect(result.baseline).toBeCloseTo(baseline, 10);
    const surge = (recentRate + 1) / (baseline + 1);
    expect(surge).toBeGreaterThan(1 / 4);
    expect(surge).toBeLessThan(4);
    const momentum = Math.log2(2 + recentRate) * Math.sqrt(surge);
    const raw = momentum * Math.log2(9) * 2 * 0.5 ** (10 / 60 / 12);
    expect(result.raw).toBeCloseTo(raw, 10);
    expect(result.score).toBe(Math.round((100 * raw) / (raw + 40)) / 10);
  });

  it('gives a steady pace no surge bonus: a thread at one article an hour for weeks has B = D', () => {
    const hourEnd = hour(-1);
    const steady = computeVirality(viralityInput({ at: hourEnd, hourly: new Map(Array.from({ length: 24 * 60 }, (_, i) => [hour(i), 1] as [number, number])) }));
    expect(steady.baseline).toBeCloseTo(steady.recentRate, 6);
    expect(steady.surge).toBeCloseTo(1, 6);
  });

  it('keeps the surge below 1/β (a brand-new burst gets less than ×2) and the damping at a quarter', () => {
    const brandNew = computeVirality(viralityInput({ hourly: new Map([[hour(0), 30]]) }));
    expect(brandNew.surge).toBeGreaterThan(3);
    expect(brandNew.surge).toBeLessThan(1 / BASELINE_SCALE);
    const huge = computeVirality(viralityInput({ hourly: new Map([[hour(0), 1e6]]) }));
    expect(huge.surge).toBeLessThan(1 / BASELINE_SCALE);
    const stalled = computeVirality(viralityInput({ hourly: new Map(Array.from({ length: 100 }, (_, i) => [hour(30 + i), 3] as [number, number])) }));
    expect(stalled.surge).toBe(SURGE_FLOOR);
  });

  it('rises with the recent rate relative to the thread’s own baseline', () => {
    const steady = computeVirality(viralityInput({ hourly: new Map([[hour(0), 5], ...Array.from({ length: 60 }, (_, i) => [hour(6 + i), 1] as [number, number])]) }));
    const surge = computeVirality(viralityInput({ hourly: new Map([[hour(0), 5]]) }));
    expect(surge.raw).toBeGreaterThan(steady.raw);
    const more = computeVirality(viralityInput({ hourly: new Map([[hour(0), 10]]) }));
    expect(more.raw).toBeGreaterThan(surge.raw);
  });

  it('loses at most MAX_HOURLY_DROP (20.6 %, under the promised 25 %) per hour without new articles, by the formula', () => {
    // The bound from the constants: per hour D keeps 0.5^(1/6); log2(2 + D) and the surge keep at
    // least that much (√ of it for the surge's square root); fresh keeps 0.5^(1/12).
    const keptPerHour = 0.5 ** (1 / RECENT_HALF_LIFE_HOURS) * Math.sqrt(0.5 ** (1 / RECENT_HALF_LIFE_HOURS)) * 0.5 ** (1 / FRESHNESS_HALF_LIFE_HOURS);
    expect(1 - keptPerHour).toBeCloseTo(MAX_HOURLY_DROP, 12);
    expect(MAX_HOURLY_DROP).toBeLessThan(0.25);

    // …and on random histories, at random ranking times, an hour (or any part of one) apart.
    let seed = 11;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 3_000; trial += 1) {
      const hourly = new Map<number, number>();
      const span = 1 + Math.floor(random() * 400);
      for (let i = 0; i < span; i += 1) if (random() < 0.4) hourly.set(hour(i), Math.floor(random() ** 3 * 300));
      const newest = Math.max(...hourly.keys(), hour(span)) + Math.floor(random() * HOUR_MS);
      const at = Math.max(newest, AT) + Math.floor(random() * 3 * DAY_MS * random());
      const input = { hourly, lastUpdated: Math.min(newest, at), outletCount: 1 + Math.floor(random() * 200), sides: { left: 3, center: 1, right: 2 } };
      const before = computeVirality({ ...input, at });
      for (const later of [at + HOUR_MS, at + Math.floor(random() * HOUR_MS)]) {
        const after = computeVirality({ ...input, at: later });
        const hours = (later - at) / HOUR_MS;
        expect(after.raw).toBeGreaterThanOrEqual(before.raw * (1 - MAX_HOURLY_DROP) ** hours - 1e-9);
        expect(viralityFromRaw(after.raw)).toBeGreaterThanOrEqual(viralityFromRaw(before.raw) * 0.75 ** hours - 1e-9);
      }
    }
  });

  it('has no cliff when a burst ages: the score of a burst story falls gradually, hour by hour', () => {
    const burst = new Map([[hour(0), 40]]);
    const scores = Array.from({ length: 13 }, (_, h) =>
      viralityFromRaw(computeVirality(viralityInput({ hourly: burst, at: AT + h * HOUR_MS, lastUpdated: AT })).raw),
    );
    for (let h = 1; h < scores.length; h += 1) {
      expect(scores[h]!).toBeLessThan(scores[h - 1]!);
      expect(scores[h]! / scores[h - 1]!).toBeGreaterThan(0.75);
    }
  });

  it('rises with distinct outlets and with coverage across the spectrum', () => {
    expect(computeVirality(viralityInput({ outletCount: 20 })).raw).toBeGreaterThan(computeVirality(viralityInput({ outletCount: 4 })).raw);
    expect(computeVirality(viralityInput({ sides: { left: 3, center: 3, right: 3 } })).raw).toBeGreaterThan(
      computeVirality(viralityInput({ sides: { left: 9, center: 0, right: 0 } })).raw,
    );
  });

  it('decays with time since the newest article', () => {
    const fresh = computeVirality(viralityInput({ lastUpdated: AT }));
    const halfDay = computeVirality(viralityInput({ lastUpdated: AT - 12 * HOUR_MS }));
    expect(halfDay.raw).toBeCloseTo(fresh.raw / 2, 10);
  });

  it('ignores hourly buckets after the ranking time (stream replays rank the past)', () => {
    const withFuture = computeVirality(viralityInput({ hourly: new Map([[hour(0), 3], [hour(-3), 50]]) }));
    const without = computeVirality(viralityInput({ hourly: new Map([[hour(0), 3]]) }));
    expect(withFuture.raw).toBe(without.raw);
  });

  it('measures spread as normalised entropy', () => {
    expect(normalisedEntropy([1, 1, 1])).toBeCloseTo(1, 10);
    expect(normalisedEntropy([5, 0, 0])).toBe(0);
    expect(normalisedEntropy([0, 0, 0])).toBe(0);
  });
});

describe('ranking order and targets', () => {
  it('orders by unrounded virality, then size, recency and id, deterministically', () => {
    const ordered = orderByVirality([
      { threadId: 'b', viralityRaw: 5, articleCount: 3, lastUpdated: 1 },
      { threadId: 'a', viralityRaw: 5, articleCount: 3, lastUpdated: 1 },
      { threadId: 'c', viralityRaw: 5, articleCount: 4, lastUpdated: 1 },
      { threadId: 'd', viralityRaw: 7, articleCount: 1, lastUpdated: 1 },
      { threadId: 'e', viralityRaw: 5, articleCount: 3, lastUpdated: 2 },
    ]);
    expect(ordered.map((entry) => entry.threadId)).toEqual(['d', 'c', 'e', 'a', 'b']);
  });

  it('parses top:N targets and rejects anything else', () => {
    expect(parseTopTarget(topTarget(10))).toBe(10);
    expect(parseTopTarget('top:0')).toBeNull();
    expect(parseTopTarget('top:1000')).toBeNull();
    expect(parseTopTarget('t-123')).toBeNull();
  });
});
