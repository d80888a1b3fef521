import type { LeanBucket } from '../lean.js';

/**
 * Small formatting rules shared by the commands (which put strings into the reply model) and the
 * renderers, so a rank change or a percentage reads the same in Discord, Telegram and the terminal.
 */

/** `+1` (climbed one place), `−2`, `0`, or `new` when the thread was not ranked before. */
export function formatRankChangeSigned(change: number | null): string {
  if (change === null) return 'new';
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${Math.abs(change)}`;
  return '0';
}

/** `Δrank +1`, `Δrank 0`, or `new` (a bare `+1` in a list would not say what changed). */
export function formatRankChangeLabel(change: number | null): string {
  return change === null ? 'new' : `Δrank ${formatRankChangeSigned(change)}`;
}

/** `▲2`, `▼1`, `=` (unchanged) or `new`: compact, for lists. */
export function formatRankChangeArrow(change: number | null): string {
  if (change === null) return 'new';
  if (change > 0) return `▲${change}`;
  if (change < 0) return `▼${Math.abs(change)}`;
  return '=';
}

export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

export function formatVirality(value: number): string {
  return value.toFixed(1);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : pluralForm}`;
}

/** `2014-03-12 14:05 UTC`: stream time is not the reader's wall clock, so no "2 hours ago". */
export function formatUtc(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "`a`", "`a` or `b`", "`a`, `b` or `c`". */
export function joinAlternatives(values: readonly string[]): string {
  const quoted = values.map((value) => `\`${value}\``);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('').trimEnd()}…`;
}

/** Distinct values in first-seen order. */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

const SIDE_ADJECTIVE: Record<LeanBucket, string> = { left: 'left-leaning', center: 'center', right: 'right-leaning' };

/** `few right-leaning outlets cover this`: the blindspot explained the same way on every platform. */
export function describeBlindspot(missingSide: LeanBucket): string {
  return `few ${SIDE_ADJECTIVE[missingSide]} outlets cover this`;
}

/** Outlets named before the rest collapse into "+N more": a big thread cites dozens, and a wall of names buries the text. */
export const SOURCES_SHOWN = 6;

/** `Reuters, BBC News, Fox News +9 more`. */
export function formatSourceList(sources: readonly string[], shown = SOURCES_SHOWN): string {
  if (sources.length <= shown) return sources.join(', ');
  return `${sources.slice(0, shown).join(', ')} +${sources.length - shown} more`;
}

/**
 * The answer around its marked span: [before, span, after], or null when there is nothing to mark
 * (no highlight, or it does not occur in the text). Each renderer marks `span` its own way.
 */
export function splitHighlight(text: string, highlight: string | undefined): [string, string, string] | null {
  if (highlight === undefined || highlight === '') return null;
  const at = text.indexOf(highlight);
  if (at < 0) return null;
  return [text.slice(0, at), highlight, text.slice(at + highlight.length)];
}
