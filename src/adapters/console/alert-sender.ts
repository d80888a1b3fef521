import type { Alert, DigestAlert, Notice } from '../../core/alert.js';
import { describeAlert, describeAlertFigures, describeDigest } from '../../core/render/alert-text.js';
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

/** A top-N message: a heading line (🔔 for a top:N update, 🗞 for a daily digest), then one line per thread it names. */
export function renderDigestLines(digest: DigestAlert): string {
  const text = describeDigest(digest);
  return [`${digest.period === 'daily' ? '🗞' : '🔔'} ${text.title}: ${text.intro}`, ...text.lines.map((line, index) => `  ${index + 1}. ${line.title} · ${line.detail} · /thread ${line.slug}`), ...(text.more ? [`  ${text.more}`] : [])].join('\n');
}

export function renderNotice(notice: Notice): string {
  return notice.kind === 'digest' ? renderDigestLines(notice) : renderAlertLine(notice);
}

export function createConsoleAlertSender(write: (text: string, subscription: Subscription, notice: Notice) => void) {
  return {
    async send(subscription: Subscription, notice: Notice): Promise<void> {
      write(renderNotice(notice), subscription, notice);
    },
  };
}
