import { describe, expect, it } from 'vitest';
import { orderByVirality } from '../../src/core/ranking/rank.js';
import { computeLeaning, computeRegions, computeThreadStats, findBlindspot } from '../../src/core/ranking/stats.js';
import { parseTopTarget, topTarget } from '../../src/core/ranking/targets.js';
import { computeVirality, normalisedEntropy, type ViralityInput } from '../../src/core/ranking/virality.js';
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
    firstSeen: AT - 3 * DAY_MS,
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
    expect(leaning).toMatchObject({ left: 31.3, center: 37.5, right: 31.3 });
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
    // Recent window = the hour containing `at` and the 5 before it: 3 + 2 articles.
    expect(result.recentArticles).toBe(5);
    // Baseline: 20 articles over the hours since the first article, before the recent window, per 6 h.
    const baselineHours = (hour(5) - Math.floor((AT - 3 * DAY_MS) / HOUR_MS) * HOUR_MS) / HOUR_MS;
    expect(result.baselinePer6h).toBeCloseTo((20 / baselineHours) * 6, 10);
    const surge = 6 / (result.baselinePer6h + 1);
    expect(surge).toBeGreaterThan(1 / 4);
    expect(surge).toBeLessThan(4);
    const momentum = Math.log2(2 + 5) * Math.sqrt(surge);
    const raw = momentum * Math.log2(9) * 2 * 0.5 ** (10 / 60 / 12);
    expect(result.raw).toBeCloseTo(raw, 10);
    expect(result.score).toBe(Math.round((100 * raw) / (raw + 40)) / 10);
  });

  it('caps the surge bonus at 4× the thread’s own pace and the damping at a quarter of it', () => {
    const brandNew = computeVirality(viralityInput({ hourly: new Map([[hour(0), 30]]), firstSeen: AT - HOUR_MS }));
    expect(brandNew.baselinePer6h).toBe(0);
    expect(brandNew.surge).toBe(4);
    const stalled = computeVirality(viralityInput({ hourly: new Map(Array.from({ length: 100 }, (_, i) => [hour(6 + i), 3] as [number, number])) }));
    expect(stalled.surge).toBe(1 / 4);
  });

  it('rises with the recent rate relative to the thread’s own baseline', () => {
    const steady = computeVirality(viralityInput({ hourly: new Map([[hour(0), 5], ...Array.from({ length: 60 }, (_, i) => [hour(6 + i), 1] as [number, number])]) }));
    const surge = computeVirality(viralityInput({ hourly: new Map([[hour(0), 5]]) }));
    expect(surge.raw).toBeGreaterThan(steady.raw);
    const more = computeVirality(viralityInput({ hourly: new Map([[hour(0), 10]]) }));
    expect(more.raw).toBeGreaterThan(surge.raw);
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
