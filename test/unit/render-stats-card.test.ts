import { describe, expect, it } from 'vitest';
import { escapeXml, renderStatsCardSvg, SIDE_COLOURS } from '../../src/core/render/stats-card-svg.js';
import { createStatsPictureSource } from '../../src/core/render/stats-picture.js';
import { fakeDeps, makeStats, referenceWorld } from '../helpers/command-fakes.js';

function polylinePoints(svg: string): { x: number; y: number }[] {
  const match = /<polyline points="([^"]+)"/.exec(svg);
  return (match?.[1] ?? '').split(' ').map((pair) => {
    const [x = '0', y = '0'] = pair.split(',');
    return { x: Number(x), y: Number(y) };
  });
}

describe('stats card SVG', () => {
  const { world, thread } = referenceWorld();
  const stats = world.stats.get(thread.id) ?? makeStats(thread);

  it('draws three bias segments proportional to the leaning percentages', () => {
    const svg = renderStatsCardSvg({ stats, history: [] });
    const widths = Object.values(SIDE_COLOURS).map((colour) => {
      const match = new RegExp(`<rect x="[^"]+" y="96" width="([^"]+)" height="28" fill="${colour}"`).exec(svg);
      return Number(match?.[1]);
    });
    expect(widths[0]! / 600).toBeCloseTo(0.179, 2);
    expect(widths[1]! / 600).toBeCloseTo(0.536, 2);
    expect(widths[2]! / 600).toBeCloseTo(0.285, 2);
    expect(svg).toContain('Left 17.9%');
    expect(svg).toContain('Virality 5.4');
    expect(svg).toContain('451 articles');
  });

  it('draws rank 1 at the top: a climbing thread rises', () => {
    const svg = renderStatsCardSvg({ stats, history: [20, 15, 11, 3].map((rank, at) => ({ at, rank, virality: 5 })) });
    const points = polylinePoints(svg);
    expect(points).toHaveLength(4);
    for (let index = 1; index < points.length; index += 1) expect(points[index]!.y).toBeLessThan(points[index - 1]!.y);
    expect(svg).toContain('>#3</text>');
    expect(svg).toContain('>#20</text>');
  });

  it('marks a blindspot and escapes titles', () => {
    const svg = renderStatsCardSvg({ stats: { ...stats, blindspot: 'right', title: 'Tom & Jerry <live>' }, history: [] });
    expect(svg).toContain('Blindspot: Right');
    expect(svg).toContain('Tom &amp; Jerry &lt;live&gt;');
    expect(svg).toContain('Not ranked yet');
    expect(escapeXml(`"'`)).toBe('&quot;&apos;');
  });

  it('says so when no outlet is rated instead of drawing an empty bar', () => {
    const svg = renderStatsCardSvg({
      stats: { ...stats, leaning: { left: 0, center: 0, right: 0, counts: { left: 0, center: 0, right: 0 }, ratedCount: 0, unratedCount: 9 } },
      history: [],
    });
    expect(svg).toContain('No rated outlet has covered this yet');
  });
});

describe('stats picture PNG', () => {
  it('renders a PNG from the ranking store, and null for a thread without stats', async () => {
    const { world, thread } = referenceWorld();
    const source = createStatsPictureSource({ ranking: fakeDeps(world).ranking });
    const png = await source.render({ kind: 'thread-stats', threadId: thread.id, slug: 'trump-putin' });
    expect(png?.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR width/height: twice the 640×260 card, for high-density screens.
    expect(png?.readUInt32BE(16)).toBe(1280);
    expect(png?.readUInt32BE(20)).toBe(520);
    expect(await source.render({ kind: 'thread-stats', threadId: 'missing', slug: 'x' })).toBeNull();
  });
});
