import type { Alert } from '../../core/alert.js';
import { describeAlert, describeAlertFigures } from '../../core/render/alert-text.js';
import type { Subscription } from '../../core/subscription.js';

/**
 * Alerts for subscriptions made from the console (platform `console`): there is no chat to post
 * to, so they are written as text lines to whatever the console process shows — the open prompt,
 * or the log when no prompt is open.
 */

/** One line: `🔔 Trump Putin Call climbed to #3 (was #7) · virality 6.2 · 41 articles · /thread trump-putin`. */
export function renderAlertLine(alert: Alert): string {
  return `🔔 ${alert.title || alert.slug} ${describeAlert(alert)} · ${describeAlertFigures(alert)} · /thread ${alert.slug}`;
}

export function createConsoleAlertSender(write: (line: string, subscription: Subscription, alert: Alert) => void) {
  return {
    async send(subscription: Subscription, alert: Alert): Promise<void> {
      write(renderAlertLine(alert), subscription, alert);
    },
  };
}
