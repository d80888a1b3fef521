import { Resvg } from '@resvg/resvg-js';
import type { PictureRequest } from '../reply.js';
import type { RankPoint, ThreadStats } from '../stats.js';
import { renderStatsCardSvg, STATS_CARD_WIDTH } from './stats-card-svg.js';

/** What the picture needs from the ranking store (the Redis ranking store satisfies it). */
export interface StatsPictureRanking {
  getStats(threadId: string): Promise<ThreadStats | null>;
  getRankHistory(threadId: string, limit: number): Promise<RankPoint[]>;
}

export interface StatsPictureDeps {
  ranking: StatsPictureRanking;
  /** Extra .ttf/.otf files; system fonts are loaded too. */
  fontFiles?: readonly string[];
}

export interface StatsPictureSource {
  /** PNG bytes, or null when the thread has no stats yet (nothing to draw). */
  render(request: PictureRequest): Promise<Buffer | null>;
}

const HISTORY_POINTS = 48;
/** Twice the SVG's size, so the card stays sharp on high-density screens after chat apps rescale it. */
const SCALE = 2;
/**
 * resvg draws no text without a font. Minimal containers often have no fontconfig setup, so the
 * common DejaVu/Liberation locations are loaded by path as well as through the system scan.
 */
const WELL_KNOWN_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/ttf-dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/ttf-dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
];

export function svgToPng(svg: string, fontFiles: readonly string[] = []): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: STATS_CARD_WIDTH * SCALE },
    // resvg skips font files that do not exist, so the list needs no check of ours.
    font: { loadSystemFonts: true, fontFiles: [...fontFiles, ...WELL_KNOWN_FONTS], defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

export function createStatsPictureSource(deps: StatsPictureDeps): StatsPictureSource {
  return {
    async render(request) {
      const [stats, history] = await Promise.all([
        deps.ranking.getStats(request.threadId),
        deps.ranking.getRankHistory(request.threadId, HISTORY_POINTS),
      ]);
      if (!stats) return null;
      return svgToPng(renderStatsCardSvg({ stats, history }), deps.fontFiles);
    },
  };
}
