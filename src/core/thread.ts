import type { Lean } from './lean.js';

/**
 * The persisted state of one story thread, as the threading engine writes it and every reader
 * (ranking, commands, summaries, adapters) sees it. Times are epoch ms in *stream time*
 * (articles' published times), so replays and ingests of old data rank the way they did then.
 */
export interface ThreadRecord {
  id: string;
  /** Human slug (`trump-putin`); null until the thread becomes public. Never changes once set. */
  slug: string | null;
  /** Slugs of threads merged into this one; they keep resolving here. */
  aliases: string[];
  /** Representative headline, re-chosen as the thread grows. */
  title: string;
  firstSeen: number;
  lastUpdated: number;
  articleCount: number;
  outletCount: number;
  leanCounts: Record<Lean, number>;
  /** ISO alpha-2 → article count; '' counts articles whose outlet country is unknown. */
  countryCounts: Record<string, number>;
  /** At least 3 articles from at least 2 outlets: has a slug, is ranked, can be subscribed. */
  isPublic: boolean;
  status: 'active' | 'archived' | 'merged';
  /** Set when status is 'merged'. */
  mergedInto?: string;
  /** Bumped on every change; summaries are cached per version. */
  version: number;
}

/** Hour bucket (epoch ms of the hour's start) → number of articles published in that hour. */
export type HourlyCounts = Map<number, number>;
