import { z } from 'zod';
import type { ListItem, Reply } from '../src/core/reply.js';
import { formatUtc, plural, truncate } from '../src/core/render/format.js';
import type { Command } from './command.js';
import type { SourceHealth, SourceHealthReader } from './deps.js';

export interface SourcesDeps {
  sources: SourceHealthReader;
}

/** Chat messages cap out long before a large sources file does; problems are listed first so they survive the cut. */
const MAX_LISTED = 40;
const ERROR_CHARS = 120;

type Status = 'disabled' | 'failing' | 'ok' | 'pending';

export function sourceStatus(source: SourceHealth): Status {
  if (source.disabled || source.disabledReason) return 'disabled';
  if ((source.consecutiveFailures ?? 0) > 0) return 'failing';
  if (source.lastSuccessAt) return 'ok';
  return 'pending';
}

const STATUS_ORDER: Record<Status, number> = { disabled: 0, failing: 1, pending: 2, ok: 3 };

function describe(source: SourceHealth): ListItem {
  const status = sourceStatus(source);
  const seen = source.articlesSeen !== undefined ? plural(source.articlesSeen, 'article') : '';
  const lastOk = source.lastSuccessAt ? `last ok ${formatUtc(source.lastSuccessAt)}` : 'never fetched successfully';
  let detail: string;
  switch (status) {
    case 'disabled':
      detail = source.disabledReason ? `disabled: ${truncate(source.disabledReason, ERROR_CHARS)}` : 'disabled';
      break;
    case 'failing':
      detail = [`failing ${source.consecutiveFailures ?? 0}×`, source.lastError ? `last error: ${truncate(source.lastError, ERROR_CHARS)}` : '', lastOk]
        .filter(Boolean)
        .join(' · ');
      break;
    case 'pending':
      detail = 'not polled yet';
      break;
    case 'ok':
      detail = ['ok', seen, lastOk].filter(Boolean).join(' · ');
      break;
  }
  return { text: source.name || source.id, detail };
}

const input = z.object({});

export const sourcesCommand = {
  data: { name: 'sources', description: 'Health of every news source: ok, failing, or disabled and why', options: [] },
  input,
  async execute(_input, _invocation, deps): Promise<Reply> {
    const all = await deps.sources.listHealth();
    if (all.length === 0) {
      return { tone: 'info', title: 'Sources', blocks: [{ type: 'text', text: 'No news feed has been polled yet; threads so far come from ingested streams. `npm start` polls the sources in SOURCES_FILE, or the built-in list.' }], actions: [] };
    }
    const counts: Record<Status, number> = { ok: 0, failing: 0, disabled: 0, pending: 0 };
    for (const source of all) counts[sourceStatus(source)] += 1;
    const sorted = [...all].sort(
      (a, b) => STATUS_ORDER[sourceStatus(a)] - STATUS_ORDER[sourceStatus(b)] || (a.name || a.id).localeCompare(b.name || b.id),
    );
    const summary = [`${counts.ok} ok`, `${counts.failing} failing`, `${counts.disabled} disabled`, counts.pending > 0 ? `${counts.pending} not polled yet` : '']
      .filter(Boolean)
      .join(' · ');
    const listed = sorted.slice(0, MAX_LISTED);
    const hidden = sorted.length - listed.length;
    return {
      tone: 'info',
      title: `${plural(all.length, 'source')}`,
      blocks: [
        { type: 'text', text: summary },
        { type: 'list', items: listed.map(describe), ordered: false },
        ...(hidden > 0 ? [{ type: 'text' as const, text: `…and ${hidden} more (all healthy or waiting for their first poll).` }] : []),
      ],
      actions: [],
    };
  },
} satisfies Command<typeof input, SourcesDeps>;
