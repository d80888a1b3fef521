import type { Alert } from '../../core/alert.js';
import type { Subscription } from '../../core/subscription.js';

/**
 * Alerts for subscriptions made from the console (platform `console`): there is no chat to post
 * to, so they are written as text lines to whatever the console process shows — the open prompt,
 * or the log when no prompt is open.
 */

const topLabel = (alert: Alert) => (alert.topN ? `the top ${alert.topN}` : 'the top');

export function describeAlert(alert: Alert): string {
  const was = alert.previousRank === null ? '' : ` (was #${alert.previousRank})`;
  switch (alert.kind) {
    case 'became-first':
      return `is now the #1 story${was}`;
    case 'climbed':
      return `climbed to #${alert.rank}${was}`;
    case 'fell':
      return `fell to #${alert.rank}${was}`;
    case 'entered-top':
      return `entered ${topLabel(alert)} at #${alert.rank}${was}`;
    case 'left-top':
      return alert.rank > 0 ? `left ${topLabel(alert)}, now #${alert.rank}` : `left ${topLabel(alert)}`;
  }
}

/** One line: `🔔 Trump Putin Call climbed to #3 (was #7) · virality 6.2 · 41 articles · /thread trump-putin`. */
export function renderAlertLine(alert: Alert): string {
  return `🔔 ${alert.title || alert.slug} ${describeAlert(alert)} · virality ${alert.virality.toFixed(1)} · ${alert.articleCount} articles · /thread ${alert.slug}`;
}

export function createConsoleAlertSender(write: (line: string, subscription: Subscription, alert: Alert) => void) {
  return {
    async send(subscription: Subscription, alert: Alert): Promise<void> {
      write(renderAlertLine(alert), subscription, alert);
    },
  };
}
