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
  /** Representative headline, re-chosen as the thread grows (see ThreadFacets). */
  title: string;
  /** See ThreadFacets. */
  topic: string;
  representativeArticleId: string;
  names: string[];
  keyTerms: string[];
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

/**
 * What the threading engine says a thread is about, re-derived as the thread grows and written with
 * every change. Readers use it to title, link and find the thread.
 */
export interface ThreadFacets {
  /** Headline of the representative article (the thread's most central one). */
  title: string;
  /** Id of that article: the header link of every view points to it. '' only before the first article. */
  representativeArticleId: string;
  /** Short topic title of 2–4 words naming the main actors and event ("Trump Putin Call"); '' until the thread is public. */
  topic: string;
  /** Names the thread's headlines recur on, as headlines spell them, most salient first (≤ 8). */
  names: string[];
  /** Key terms of the thread, as headlines spell them, most salient first (≤ 12). */
  keyTerms: string[];
}

export const EMPTY_FACETS: ThreadFacets = { title: '', representativeArticleId: '', topic: '', names: [], keyTerms: [] };

/**
 * One public thread as the finding side (resolver, autocomplete, inline mode) sees it: every public
 * thread, live or archived, with what a reader might type to find it.
 */
export interface CatalogEntry extends ThreadFacets {
  threadId: string;
  slug: string;
  /** Slugs of threads merged into this one. */
  aliases: string[];
  status: 'active' | 'archived';
  lastUpdated: number;
}
