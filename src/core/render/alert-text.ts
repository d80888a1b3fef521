import type { Alert, DigestAlert } from '../alert.js';
import { plural } from './format.js';

/**
 * The words of a rank-change alert, shared by every platform so console, Discord and Telegram say
 * the same thing about the same move; each adapter only adds its own markup and buttons.
 */

const topLabel = (alert: Alert) => (alert.topN ? `the top ${alert.topN}` : 'the top');

/** `climbed to #3 (was #7)`: the predicate that follows the thread's title. */
export function describeAlert(alert: Alert): string {
  const was = alert.previousRank === null ? '' : ` (was #${alert.previousRank})`;
  switch (alert.kind) {
    case 'became-first':
      return `is now the #1 story${was}`;
    case 'climbed':
      return `climbed to #${alert.rank}${was}`;
    case 'fell':
      // Rank 0 means the thread went quiet and dropped out of the ranking altogether.
      return alert.rank > 0 ? `fell to #${alert.rank}${was}` : `is no longer ranked${was}`;
    case 'entered-top':
      return `entered ${topLabel(alert)} at #${alert.rank}${was}`;
    case 'left-top':
      return alert.rank > 0 ? `left ${topLabel(alert)}, now #${alert.rank}` : `left ${topLabel(alert)}`;
  }
}

/** `virality 6.2 · 41 articles`: the numbers that make an alert worth reading. */
export function describeAlertFigures(alert: Alert): string {
  return `virality ${alert.virality.toFixed(1)} · ${plural(alert.articleCount, 'article')}`;
}

/** What a top-N message says, in the same words on every platform; adapters add markup and links. */
export interface DigestText {
  /** `Top 5 digest for 2014-03-11` or `Top 5 update`. */
  title: string;
  /** `3 threads entered the top 5 on 2014-03-11 (UTC):`, or `2 threads entered the top 5, 1 left it:`. */
  intro: string;
  /** One per thread named: a new #1 first, then what entered (in the order it entered), then what left. */
  lines: { title: string; detail: string; slug: string }[];
  /** `… and 4 more`, when more are named than are listed. */
  more?: string;
}

/** A message lists at most this many threads, so a top:100 digest still fits one message. */
export const DIGEST_LINES = 15;

const HH_MM = (time: number) => `${new Date(time).toISOString().slice(11, 16)} UTC`;
const nowRank = (rank: number | null) => (rank === null ? 'no longer ranked' : `now #${rank}`);

export function describeDigest(digest: DigestAlert): DigestText {
  const top = `the top ${digest.topN}`;
  const entered = digest.entries.map((entry) => ({
    title: entry.title || entry.slug,
    detail: `entered at ${HH_MM(entry.enteredAt)}, best #${entry.bestRank}${digest.period === 'update' ? `, ${nowRank(entry.rank)}` : ''}`,
    slug: entry.slug,
  }));
  const lines =
    digest.period === 'daily'
      ? entered
      : [
          ...(digest.leader ? [{ title: digest.leader.title || digest.leader.slug, detail: `is the new #1`, slug: digest.leader.slug }] : []),
          ...entered,
          ...digest.left.map((thread) => ({ title: thread.title || thread.slug, detail: `left ${top}, ${nowRank(thread.rank)}`, slug: thread.slug })),
        ];
  const counts = [
    ...(digest.entries.length > 0 ? [`${plural(digest.entries.length, 'thread')} entered ${top}`] : []),
    ...(digest.left.length > 0 ? [`${digest.left.length} left it`] : []),
    ...(digest.leader ? ['a new #1'] : []),
  ];
  const intro =
    digest.period === 'daily'
      ? digest.entries.length === 0
        ? `No thread entered ${top} on ${digest.day ?? ''} (UTC).`
        : `${plural(digest.entries.length, 'thread')} entered ${top} on ${digest.day ?? ''} (UTC):`
      : `${capitalise(counts.join(', '))}:`;
  return {
    title: digest.period === 'daily' ? `Top ${digest.topN} digest for ${digest.day ?? ''}` : `Top ${digest.topN} update`,
    intro,
    lines: lines.slice(0, DIGEST_LINES),
    ...(lines.length > DIGEST_LINES ? { more: `… and ${lines.length - DIGEST_LINES} more` } : {}),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
