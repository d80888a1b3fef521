import type { LeanBucket } from './lean.js';
import type { RankPoint, ThreadStats } from './stats.js';
import type { ThreadRecord } from './thread.js';

/**
 * The typed facts behind a reply's display text, so scripts (`ask --json`) never parse "Left 60.0%".
 * Conventions (docs/commands.md): times are ISO 8601 UTC strings; percentages are numbers from 0 to
 * 100 with one decimal, and the shares of one split add up to exactly 100.0; virality is 0–10 with
 * one decimal; rank changes are places climbed since the previous ranking (+2 = up two, null = new
 * to the ranking or not ranked); a value that does not exist yet is null, never missing.
 */
export type ReplyData = ThreadReplyData | TopReplyData;

export interface ThreadReplyData {
  kind: 'thread';
  view: 'summary' | 'perspectives' | 'stats' | 'qa';
  thread: ThreadFacts;
}

export interface TopReplyData {
  kind: 'top';
  /** When the ranking shown was computed; null before the first ranking. */
  rankedAt: string | null;
  /** Threads in that ranking (the list shows the first few). */
  rankedCount: number;
  threads: TopEntryFacts[];
}

export interface TopEntryFacts {
  rank: number;
  threadId: string;
  slug: string;
  title: string;
  virality: number;
  rankChange: number | null;
  articleCount: number;
}

export interface ThreadFacts {
  threadId: string;
  slug: string;
  title: string;
  status: ThreadRecord['status'];
  articleCount: number;
  outletCount: number;
  firstArticleAt: string;
  lastArticleAt: string;
  /** From the latest ranking; null until the thread has been ranked once. */
  stats: ThreadStatsFacts | null;
  /** Oldest first; only in the stats view (other views do not read it). */
  rankHistory?: { at: string; rank: number; virality: number }[];
}

export interface ThreadStatsFacts {
  /** null once the thread has dropped out of the ranking (archived, merged, gone quiet). */
  rank: number | null;
  rankChange: number | null;
  virality: number;
  ageDays: number;
  leaning: {
    /** Of rated articles; all 0 when none is rated. */
    percent: Record<LeanBucket, number>;
    articles: Record<LeanBucket | 'unrated', number>;
  };
  regions: {
    /** Of articles whose outlet country is known. */
    percent: { us: number; nonUs: number };
    unknownArticles: number;
    /** Up to five countries, most articles first; `country` is ISO 3166-1 alpha-2. */
    top: { country: string; articles: number; percent: number }[];
  };
  blindspot: LeanBucket | null;
  computedAt: string;
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

export function threadFacts(thread: ThreadRecord, stats: ThreadStats | null, history?: readonly RankPoint[]): ThreadFacts {
  const facts: ThreadFacts = {
    threadId: thread.id,
    slug: thread.slug ?? thread.id,
    title: thread.title,
    status: thread.status,
    articleCount: thread.articleCount,
    outletCount: thread.outletCount,
    firstArticleAt: isoTime(thread.firstSeen),
    lastArticleAt: isoTime(thread.lastUpdated),
    stats: stats ? statsFacts(stats) : null,
  };
  if (history) facts.rankHistory = history.map((point) => ({ at: isoTime(point.at), rank: point.rank, virality: point.virality }));
  return facts;
}

function statsFacts(stats: ThreadStats): ThreadStatsFacts {
  const { leaning, regions } = stats;
  return {
    rank: stats.rank,
    rankChange: stats.rankChange,
    virality: stats.virality,
    ageDays: stats.ageDays,
    leaning: {
      percent: { left: leaning.left, center: leaning.center, right: leaning.right },
      articles: { ...leaning.counts, unrated: leaning.unratedCount },
    },
    regions: {
      percent: { us: regions.us, nonUs: regions.nonUs },
      unknownArticles: regions.unknownCount,
      top: regions.top.map((entry) => ({ country: entry.country, articles: entry.count, percent: entry.percent })),
    },
    blindspot: stats.blindspot,
    computedAt: isoTime(stats.computedAt),
  };
}

export function topEntryFacts(stats: ThreadStats, index: number): TopEntryFacts {
  return {
    rank: stats.rank ?? index + 1,
    threadId: stats.threadId,
    slug: stats.slug,
    title: stats.title,
    virality: stats.virality,
    rankChange: stats.rankChange,
    articleCount: stats.articleCount,
  };
}
