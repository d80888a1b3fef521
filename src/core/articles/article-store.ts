import type { Article } from '../article.js';

export interface StoreArticlesOptions {
  /**
   * Also record each stored id in its source's pending hand-off set, atomically with the store, so
   * a poll that crashes before handing off can hand off on its retry.
   */
  trackHandOff?: boolean;
}

export interface StoreArticlesResult {
  /** Articles stored by this call, in stream order; duplicates (including within the batch) left out. */
  stored: Article[];
  duplicates: number;
}

/**
 * The article store: exactly-once storage with dedupe, reads by id, and the per-source hand-off
 * set that lets a poll retried after a crash hand its articles to threading. The poll, threading,
 * summary and ranking jobs and the commands each use a part of it.
 */
export interface ArticleStore {
  /**
   * Stores the articles not seen before (by URL or, within a few days, by outlet + headline), in
   * stream order (publish time, then id) whatever order they come in: of two copies of one story in
   * a batch the earlier is kept, so a feed (newest first) and a file (oldest first) keep the same one.
   */
  storeArticles(articles: Article[], options?: StoreArticlesOptions): Promise<StoreArticlesResult>;
  /** Same order as `ids`; null where an article is gone (expired or never stored). */
  getArticles(ids: readonly string[]): Promise<(Article | null)[]>;
  getArticle(id: string): Promise<Article | null>;
  /** Ids stored with `trackHandOff` whose hand-off has not been confirmed yet. */
  pendingHandOff(sourceId: string): Promise<string[]>;
  confirmHandOff(sourceId: string, ids: string[]): Promise<void>;
}
