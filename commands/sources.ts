import { z } from 'zod';
import type { ListItem, Reply } from '../src/core/reply.js';
import { formatUtc, plural, truncate } from '../src/core/render/format.js';
import { noFeedAnsweredLine } from '../src/core/feed-status.js';
import type { ReplayHistory } from '../src/core/source.js';
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

/** "…and 8 more: 8 failing." — what the cut-off part of the list holds, counted, never guessed. */
function hiddenLine(hidden: readonly SourceHealth[]): string {
  const counts: Record<Status, number> = { disabled: 0, failing: 0, pending: 0, ok: 0 };
  for (const source of hidden) counts[sourceStatus(source)] += 1;
  const parts = (Object.keys(STATUS_ORDER) as Status[])
    .filter((status) => counts[status] > 0)
    .map((status) => `${counts[status]} ${status === 'pending' ? 'not polled yet' : status}`);
  return `…and ${hidden.length} more: ${parts.join(', ')}.`;
}

/** Replayed feeds are removed when their replay ends (they only existed on its loopback server); their polls still count. */
export function replayLine(history: ReplayHistory): string {
  const { last } = history;
  const span = last.from > 0 && last.to >= last.from ? ` (stream ${formatUtc(last.from).slice(0, 10)} → ${formatUtc(last.to).slice(0, 10)})` : '';
  const lastRun = `${plural(last.polls, 'poll')} of ${plural(last.feeds, 'replayed feed')} from \`${last.file}\`${span}, finished ${formatUtc(last.finishedAt)}`;
  const runs = history.replays === 1 ? `Replayed: ${lastRun}` : `Replayed: ${plural(history.polls, 'poll')} in ${history.replays} replays; the last one made ${lastRun}`;
  return `${runs}. Replayed feeds exist only while their replay runs, so they are not listed.`;
}

const NOT_POLLED = '`npm start` polls the sources in SOURCES_FILE (or the built-in list) as soon as it runs.';

const input = z.object({});

export const sourcesCommand = {
  data: { name: 'sources', description: 'Health of every news source: ok, failing, or disabled and why', options: [] },
  input,
  async execute(_input, _invocation, deps): Promise<Reply> {
    const [all, replays] = await Promise.all([deps.sources.listHealth(), deps.sources.getReplayHistory()]);
    const replayBlocks = replays ? [{ type: 'text' as const, text: replayLine(replays) }] : [];
    if (all.length === 0) {
      const none = replays ? 'No live news feed has been polled on this data set yet.' : 'No news feed has been polled yet.';
      return { tone: 'info', title: 'Sources', blocks: [{ type: 'text', text: `${none} ${NOT_POLLED}` }, ...replayBlocks], actions: [] };
    }
    const counts: Record<Status, number> = { ok: 0, failing: 0, disabled: 0, pending: 0 };
    for (const source of all) counts[sourceStatus(source)] += 1;
    const sorted = [...all].sort(
      (a, b) => STATUS_ORDER[sourceStatus(a)] - STATUS_ORDER[sourceStatus(b)] || (a.name || a.id).localeCompare(b.name || b.id),
    );
    const summary = [`${counts.ok} ok`, `${counts.failing} failing`, `${counts.disabled} disabled`, counts.pending > 0 ? `${counts.pending} not polled yet` : '']
      .filter(Boolean)
      .join(' · ');
    const firstRun = noFeedAnsweredLine(all);
    const listed = sorted.slice(0, MAX_LISTED);
    const hidden = sorted.slice(MAX_LISTED);
    return {
      tone: 'info',
      title: `${plural(all.length, 'source')}`,
      blocks: [
        { type: 'text', text: summary },
        ...(firstRun ? [{ type: 'text' as const, text: firstRun }] : []),
        { type: 'list', items: listed.map(describe), ordered: false },
        ...(hidden.length > 0 ? [{ type: 'text' as const, text: hiddenLine(hidden) }] : []),
        ...replayBlocks,
      ],
      actions: [],
    };
  },
} satisfies Command<typeof input, SourcesDeps>;
