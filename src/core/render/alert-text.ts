import type { Alert } from '../alert.js';
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
