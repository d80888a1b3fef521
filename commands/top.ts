import { z } from 'zod';
import type { Reply } from '../src/core/reply.js';
import { noFeedAnsweredLine } from '../src/core/feed-status.js';
import { isoTime, topEntryFacts } from '../src/core/reply-data.js';
import { formatRankChangeLabel, formatUtc, formatVirality, plural, truncate } from '../src/core/render/format.js';
import type { Command } from './command.js';
import type { RankingReader, SourceHealthReader, ThreadReader } from './deps.js';

export const TOP_DEFAULT = 10;
export const TOP_MAX = 25;
/** Buttons beyond five crowd Telegram keyboards and Discord rows; the list itself carries every slug. */
const TOP_BUTTONS = 5;

export interface TopDeps {
  ranking: RankingReader;
  threads: Pick<ThreadReader, 'getThread'>;
  sources: SourceHealthReader;
}

/**
 * The ranked list; also what `/thread` with no slug shows. Each entry is headed by the thread's
 * topic title (what `/thread` shows as its heading and what a reader types), with the
 * representative headline under it; a thread not yet given a topic shows its headline alone.
 * With `sources`, an empty list says why when every feed tried so far has failed (the first run
 * without network), and what to do.
 */
export async function buildTopReply(ranking: RankingReader, threads: TopDeps['threads'], n: number, sources?: SourceHealthReader): Promise<Reply> {
  const [top, info] = await Promise.all([ranking.getTop(n), ranking.getRankingInfo()]);
  const records = await Promise.all(top.map((stats) => threads.getThread(stats.threadId)));
  const topics = records.map((record) => record?.topic.trim() || null);
  if (top.length === 0) {
    const firstRun = sources ? noFeedAnsweredLine(await sources.listHealth()) : null;
    return {
      tone: 'info',
      title: 'Top threads',
      blocks: [{ type: 'text', text: firstRun ? `No thread is ranked yet. ${firstRun}` : 'No thread is ranked yet. Rankings run every few minutes once articles arrive.' }],
      actions: [],
      data: { kind: 'top', rankedAt: info ? isoTime(info.at) : null, rankedCount: info?.count ?? 0, threads: [] },
    };
  }
  const items = top.map((stats, index) => ({
    text: topics[index] ?? stats.title,
    detail: [
      ...(topics[index] ? [truncate(stats.title, 90)] : []),
      `\`${stats.slug}\``,
      `virality ${formatVirality(stats.virality)}`,
      formatRankChangeLabel(stats.rankChange),
      plural(stats.articleCount, 'article'),
    ].join(' · '),
  }));
  const footer = info ? `Ranked ${formatUtc(info.at)} · ${plural(info.count, 'active thread')}` : undefined;
  return {
    tone: 'info',
    title: top.length === 1 ? 'Top thread' : `Top ${top.length} threads`,
    blocks: [{ type: 'list', items, ordered: true }],
    actions: top.slice(0, TOP_BUTTONS).map((stats, index) => ({
      label: `${stats.rank ?? index + 1}. ${truncate(topics[index] ?? stats.title, 30)}`,
      command: `thread ${stats.slug}`,
    })).filter((action) => Buffer.byteLength(action.command) <= 64),
    ...(footer ? { footer } : {}),
    data: { kind: 'top', rankedAt: info ? isoTime(info.at) : null, rankedCount: info?.count ?? top.length, threads: top.map(topEntryFacts) },
  };
}

const input = z.object({
  n: z.number({ message: `n must be a whole number from 1 to ${TOP_MAX}` }).int().min(1).max(TOP_MAX).default(TOP_DEFAULT),
});

export const topCommand = {
  data: {
    name: 'top',
    description: 'The most viral story threads right now',
    options: [
      { name: 'n', description: `How many threads (1–${TOP_MAX}, default ${TOP_DEFAULT})`, type: 'integer', minValue: 1, maxValue: TOP_MAX },
    ],
  },
  input,
  async execute({ n }, _invocation, deps) {
    return buildTopReply(deps.ranking, deps.threads, n, deps.sources);
  },
} satisfies Command<typeof input, TopDeps>;
