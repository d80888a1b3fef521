import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Alert } from '../../core/alert.js';
import { escapeHtml, link, safeHref } from './html.js';
import { CALLBACK_DATA_LIMIT } from './render-reply.js';

const topLabel = (alert: Alert) => (alert.topN ? `the top ${alert.topN}` : 'the top');

function headline(alert: Alert): string {
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
      return alert.rank > 0 ? `left ${topLabel(alert)} — now #${alert.rank}` : `left ${topLabel(alert)}`;
  }
}

export interface AlertMessage {
  html: string;
  keyboard: InlineKeyboardMarkup;
}

/** One short message: what moved, by how much, and buttons to open the thread or the newest article. */
export function renderAlertMessage(alert: Alert): AlertMessage {
  const lines = [
    `🔔 <b>${link(alert.title || alert.slug, alert.url)}</b>`,
    escapeHtml(`${headline(alert)} · virality ${alert.virality.toFixed(1)} · ${alert.articleCount} articles`),
    `<code>/thread ${escapeHtml(alert.slug)}</code>`,
  ];
  const row: InlineKeyboardButton[] = [];
  const openCommand = `thread ${alert.slug}`;
  if (Buffer.byteLength(openCommand, 'utf8') <= CALLBACK_DATA_LIMIT) row.push({ text: 'Open thread', callback_data: openCommand });
  const href = safeHref(alert.url);
  if (href) row.push({ text: 'Latest article', url: href });
  return { html: lines.join('\n'), keyboard: { inline_keyboard: row.length > 0 ? [row] : [] } };
}
