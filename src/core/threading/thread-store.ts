import type { CatalogEntry, HourlyCounts, ThreadRecord } from '../thread.js';
import type { ThreadingStore } from './indexer.js';
import type { ThreadingBacklog } from './reorder.js';

/**
 * The whole thread store: the threading engine's write side (ThreadingStore, declared next to the
 * indexer that consumes it) plus what readers use. Consumers declare the slice they need (commands'
 * ThreadReader, the ranking job's RankingThreadSource, the summary job's SummaryThreadSource);
 * `createRedisThreadStore` and `createMemoryThreadStore` implement all of it and pass the same
 * contract tests (test/integration/thread-store-contract.test.ts).
 */

export type SlugResolution = { threadId: string } | { threadId: null; suggestions: string[] };

export interface ArticleIdsOptions {
  limit: number;
  order: 'newest' | 'oldest';
  /**
   * Leave out the thread's strays (articles that joined weakly): what "latest coverage" and the
   * summary read, so an outlier never leads them.
   */
  coreOnly?: boolean;
}

export interface ThreadStore extends ThreadingStore, ThreadingBacklog {
  getThread(id: string): Promise<ThreadRecord | null>;
  /** Same order as `ids`. */
  getThreads(ids: readonly string[]): Promise<(ThreadRecord | null)[]>;
  /** An exact slug or alias (case, spaces and a leading `#`/`/` ignored), else the closest slugs. */
  resolveSlug(text: string): Promise<SlugResolution>;
  /** Active thread ids, most recently updated first. */
  listActiveThreadIds(options?: { publicOnly?: boolean }): Promise<string[]>;
  /** Archived thread ids, most recently updated first. */
  listArchivedThreadIds(): Promise<string[]>;
  /** Hour start (epoch ms) → articles published in that hour, ascending. */
  getHourlyCounts(id: string): Promise<HourlyCounts>;
  /** Article ids by published time (ties by id); `coreOnly` leaves strays out. */
  getArticleIds(id: string, options: ArticleIdsOptions): Promise<string[]>;
  /** The thread's strays (articles that joined weakly), by published time. */
  getStrayIds(id: string): Promise<string[]>;
  /** Active public threads matching what a user typed so far (autocomplete). */
  searchThreads(query: string, limit: number): Promise<CatalogEntry[]>;
  /** Changes whenever a thread enters or leaves the catalogue (facets may change without it). */
  catalogVersion(): Promise<string>;
  /** Every public thread, live and archived, most recently updated first. */
  listCatalog(): Promise<CatalogEntry[]>;
  /** The oldest sequence number still in the log (0 when the log is empty). */
  firstLogSeq(): Promise<number>;
}
