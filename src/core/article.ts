import type { Lean } from './lean.js';

/**
 * One stored news article, normalised. Everything downstream (threading, stats, summaries) reads
 * only this shape, whatever feed format or replay file it came from.
 */
export interface Article {
  /** Stable id derived from the canonical URL (or the GUID when there is no link). */
  id: string;
  /** Configured source id; for articles ingested from a file, the outlet domain. */
  sourceId: string;
  /** Registrable outlet domain, e.g. `nytimes.com` (no `www.`). */
  outlet: string;
  /** Human outlet name, e.g. "The New York Times"; falls back to the domain. */
  outletName: string;
  title: string;
  /** Plain text, HTML stripped, entities decoded; may be empty. */
  summary: string;
  /** Full plain text when the stream provides it (replay files, BASIL); omitted for feeds. */
  text?: string;
  /** Canonical URL (tracking parameters removed). */
  url: string;
  /** Epoch milliseconds; clamped to fetch time when missing or in the future. */
  published: number;
  /** Epoch milliseconds when we first stored it. */
  fetchedAt: number;
  lean: Lean;
  /** ISO 3166-1 alpha-2, upper case (e.g. `US`, `GB`); empty when unknown. */
  country: string;
  /** True for items stored on the first poll of a new source: counted, never alerted on. */
  backlog: boolean;
}

export interface StoreArticlesOptions {
  /**
   * Also record each stored id in its source's pending hand-off set, atomically with the store, so
   * a poll that crashes before handing off can hand off on its retry.
   */
  trackHandOff?: boolean;
}

export interface StoreArticlesResult {
  /** Articles stored by this call, in input order; duplicates (including within the batch) left out. */
  stored: Article[];
  duplicates: number;
}

/**
 * The article store: exactly-once storage with dedupe, reads by id, and the per-source hand-off
 * set that lets a poll retried after a crash hand its articles to threading. The poll, threading,
 * summary and ranking jobs and the commands each use a part of it.
 */
export interface ArticleStore {
  /** Stores the articles not seen before (by URL or, within a few days, by outlet + headline). */
  storeArticles(articles: Article[], options?: StoreArticlesOptions): Promise<StoreArticlesResult>;
  /** Same order as `ids`; null where an article is gone (expired or never stored). */
  getArticles(ids: readonly string[]): Promise<(Article | null)[]>;
  getArticle(id: string): Promise<Article | null>;
  /** Ids stored with `trackHandOff` whose hand-off has not been confirmed yet. */
  pendingHandOff(sourceId: string): Promise<string[]>;
  confirmHandOff(sourceId: string, ids: string[]): Promise<void>;
}
