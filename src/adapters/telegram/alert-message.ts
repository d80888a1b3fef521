import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Alert, DigestAlert, Notice } from '../../core/alert.js';
import { describeAlert, describeAlertFigures, describeDigest } from '../../core/render/alert-text.js';
import { escapeHtml, link, safeHref } from './html.js';
import { CALLBACK_DATA_LIMIT } from './render-reply.js';

export interface AlertMessage {
  html: string;
  keyboard: InlineKeyboardMarkup;
}

/** One short message: what moved, by how much, and buttons to open the thread or the newest article. */
export function renderAlertMessage(alert: Alert): AlertMessage {
  const lines = [
    `🔔 <b>${link(alert.title || alert.slug, alert.url)}</b>`,
    escapeHtml(`${describeAlert(alert)} · ${describeAlertFigures(alert)}`),
    `<code>/thread ${escapeHtml(alert.slug)}</code>`,
  ];
  const row: InlineKeyboardButton[] = [];
  const openCommand = `thread ${alert.slug}`;
  if (Buffer.byteLength(openCommand, 'utf8') <= CALLBACK_DATA_LIMIT) row.push({ text: 'Open thread', callback_data: openCommand });
  const href = safeHref(alert.url);
  if (href) row.push({ text: 'Latest article', url: href });
  return { html: lines.join('\n'), keyboard: { inline_keyboard: row.length > 0 ? [row] : [] } };
}

/** A daily digest: heading, then one line per thread that entered, each with its /thread command. */
export function renderDigestMessage(digest: DigestAlert): AlertMessage {
  const text = describeDigest(digest);
  const lines = [
    `${digest.period === 'daily' ? '🗞' : '🔔'} <b>${escapeHtml(text.title)}</b>`,
    escapeHtml(text.intro),
    ...text.lines.map((line, index) => `${index + 1}. <b>${escapeHtml(line.title)}</b> · ${escapeHtml(line.detail)} · <code>/thread ${escapeHtml(line.slug)}</code>`),
    ...(text.more ? [escapeHtml(text.more)] : []),
  ];
  return { html: lines.join('\n'), keyboard: { inline_keyboard: [] } };
}

export function renderNoticeMessage(notice: Notice): AlertMessage {
  return notice.kind === 'digest' ? renderDigestMessage(notice) : renderAlertMessage(notice);
}
