import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Alert } from '../../core/alert.js';
import { describeAlert, describeAlertFigures } from '../../core/render/alert-text.js';
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
