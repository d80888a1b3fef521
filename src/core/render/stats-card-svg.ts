import type { LeanBucket } from '../lean.js';
import type { RankPoint, ThreadStats } from '../stats.js';
import { formatPercent, formatRankChangeArrow, formatVirality, plural, truncate } from './format.js';

/**
 * The stats picture adapters attach to `/thread … stats`: the bias bar (with a blindspot marker)
 * and the rank-history sparkline, as an SVG string. Pure, so it is tested without rasterising.
 */

export interface StatsCardInput {
  stats: ThreadStats;
  /** Oldest first. */
  history: readonly RankPoint[];
}

export const STATS_CARD_WIDTH = 640;
export const STATS_CARD_HEIGHT = 260;
export const STATS_CARD_FONT = "'DejaVu Sans', 'Liberation Sans', Arial, sans-serif";

const PAD = 20;
const BAR_Y = 96;
const BAR_HEIGHT = 28;
const SPARK_TOP = 182;
const SPARK_HEIGHT = 56;
const SPARK_LEFT = PAD + 46;
const SPARK_RIGHT = STATS_CARD_WIDTH - PAD - 46;
/** Labels need room inside a segment; narrower segments get theirs from the legend only. */
const MIN_LABEL_SEGMENT = 58;

export const SIDE_COLOURS: Record<LeanBucket, string> = { left: '#2563eb', center: '#8b8f98', right: '#dc2626' };
const SIDE_NAMES: Record<LeanBucket, string> = { left: 'Left', center: 'Center', right: 'Right' };
const SIDES: readonly LeanBucket[] = ['left', 'center', 'right'];

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${attributes ? ` ${attributes}` : ''}>${escapeXml(content)}</text>`;
}

function biasBar(stats: ThreadStats): string[] {
  const width = STATS_CARD_WIDTH - 2 * PAD;
  const parts: string[] = [];
  const total = stats.leaning.left + stats.leaning.center + stats.leaning.right;
  if (total <= 0) {
    parts.push(`<rect x="${PAD}" y="${BAR_Y}" width="${width}" height="${BAR_HEIGHT}" rx="6" fill="#e5e7eb"/>`);
    parts.push(text(STATS_CARD_WIDTH / 2, BAR_Y + 19, 'No rated outlet has covered this yet', 'text-anchor="middle" font-size="13" fill="#4b5563"'));
    return parts;
  }
  parts.push(`<clipPath id="bar"><rect x="${PAD}" y="${BAR_Y}" width="${width}" height="${BAR_HEIGHT}" rx="6"/></clipPath>`);
  parts.push('<g clip-path="url(#bar)">');
  let x = PAD;
  const labels: string[] = [];
  for (const side of SIDES) {
    const share = stats.leaning[side] / total;
    const segment = share * width;
    if (segment > 0) {
      parts.push(`<rect x="${x.toFixed(1)}" y="${BAR_Y}" width="${segment.toFixed(1)}" height="${BAR_HEIGHT}" fill="${SIDE_COLOURS[side]}"/>`);
      if (segment >= MIN_LABEL_SEGMENT) {
        labels.push(text(x + segment / 2, BAR_Y + 19, formatPercent(stats.leaning[side]), 'text-anchor="middle" font-size="13" font-weight="bold" fill="#ffffff"'));
      }
    }
    x += segment;
  }
  parts.push('</g>', ...labels);
  return parts;
}

function legend(stats: ThreadStats): string[] {
  const parts: string[] = [];
  let x = PAD;
  const y = BAR_Y + BAR_HEIGHT + 22;
  for (const side of SIDES) {
    const label = `${SIDE_NAMES[side]} ${formatPercent(stats.leaning[side])}`;
    parts.push(`<rect x="${x}" y="${y - 10}" width="10" height="10" rx="2" fill="${SIDE_COLOURS[side]}"/>`);
    parts.push(text(x + 15, y, label, 'font-size="13" fill="#111827"'));
    x += 30 + label.length * 7.5;
  }
  if (stats.leaning.unratedCount > 0) parts.push(text(x, y, `${stats.leaning.unratedCount} unrated`, 'font-size="13" fill="#6b7280"'));
  if (stats.blindspot) {
    const label = `Blindspot: ${SIDE_NAMES[stats.blindspot]}`;
    const badgeWidth = 20 + label.length * 7.6;
    const badgeX = STATS_CARD_WIDTH - PAD - badgeWidth;
    parts.push(`<rect x="${badgeX.toFixed(1)}" y="${y - 15}" width="${badgeWidth.toFixed(1)}" height="21" rx="10" fill="#fef3c7" stroke="#d97706"/>`);
    parts.push(text(badgeX + badgeWidth / 2, y, label, 'text-anchor="middle" font-size="12" font-weight="bold" fill="#92400e"'));
  }
  return parts;
}

/** Rank 1 at the top: a climbing thread draws a rising line, as readers expect. */
function sparkline(history: readonly RankPoint[]): string[] {
  const parts = [text(PAD, SPARK_TOP - 10, 'Rank history', 'font-size="13" font-weight="bold" fill="#111827"')];
  if (history.length === 0) {
    parts.push(text(PAD, SPARK_TOP + 24, 'Not ranked yet', 'font-size="13" fill="#6b7280"'));
    return parts;
  }
  const ranks = history.map((point) => point.rank);
  const best = Math.min(...ranks);
  const worst = Math.max(...ranks);
  const span = Math.max(1, worst - best);
  const step = history.length > 1 ? (SPARK_RIGHT - SPARK_LEFT) / (history.length - 1) : 0;
  const points = history.map((point, index) => ({
    x: history.length > 1 ? SPARK_LEFT + index * step : (SPARK_LEFT + SPARK_RIGHT) / 2,
    y: worst === best ? SPARK_TOP + SPARK_HEIGHT / 2 : SPARK_TOP + ((point.rank - best) / span) * SPARK_HEIGHT,
  }));
  parts.push(`<line x1="${SPARK_LEFT}" y1="${SPARK_TOP}" x2="${SPARK_RIGHT}" y2="${SPARK_TOP}" stroke="#e5e7eb"/>`);
  parts.push(`<line x1="${SPARK_LEFT}" y1="${SPARK_TOP + SPARK_HEIGHT}" x2="${SPARK_RIGHT}" y2="${SPARK_TOP + SPARK_HEIGHT}" stroke="#e5e7eb"/>`);
  parts.push(text(SPARK_LEFT - 8, SPARK_TOP + 4, `#${best}`, 'text-anchor="end" font-size="11" fill="#6b7280"'));
  if (worst !== best) parts.push(text(SPARK_LEFT - 8, SPARK_TOP + SPARK_HEIGHT + 4, `#${worst}`, 'text-anchor="end" font-size="11" fill="#6b7280"'));
  if (points.length > 1) {
    const path = points.map((point) => `${point.x.toFixed(1)},${point.y.toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="#111827" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`);
  }
  const last = points[points.length - 1];
  const lastRank = ranks[ranks.length - 1];
  if (last && lastRank !== undefined) {
    parts.push(`<circle cx="${last.x.toFixed(1)}" cy="${last.y.toFixed(1)}" r="4" fill="#111827"/>`);
    parts.push(text(last.x + 8, last.y + 4, `#${lastRank}`, 'font-size="12" font-weight="bold" fill="#111827"'));
  }
  return parts;
}

export function renderStatsCardSvg({ stats, history }: StatsCardInput): string {
  const rank = stats.rank !== null ? `#${stats.rank}` : 'unranked';
  const change = stats.rank !== null ? `  ${formatRankChangeArrow(stats.rankChange)}` : '';
  const summary = [
    `Virality ${formatVirality(stats.virality)}`,
    plural(stats.articleCount, 'article'),
    plural(stats.outletCount, 'outlet'),
    plural(stats.ageDays, 'day') + ' old',
  ].join('  ·  ');
  const body = [
    `<rect x="0.5" y="0.5" width="${STATS_CARD_WIDTH - 1}" height="${STATS_CARD_HEIGHT - 1}" rx="12" fill="#ffffff" stroke="#d1d5db"/>`,
    text(PAD, 36, truncate(stats.title, 40), 'font-size="20" font-weight="bold" fill="#111827"'),
    text(STATS_CARD_WIDTH - PAD, 36, `${rank}${change}`, 'text-anchor="end" font-size="20" font-weight="bold" fill="#111827"'),
    text(PAD, 66, summary, 'font-size="14" fill="#374151"'),
    ...biasBar(stats),
    ...legend(stats),
    ...sparkline(history),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${STATS_CARD_WIDTH}" height="${STATS_CARD_HEIGHT}" viewBox="0 0 ${STATS_CARD_WIDTH} ${STATS_CARD_HEIGHT}" font-family="${STATS_CARD_FONT.replace(/"/g, '&quot;')}">`,
    ...body,
    '</svg>',
  ].join('\n');
}
