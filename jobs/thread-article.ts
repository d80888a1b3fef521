import type { Job } from 'bullmq';
import type { Article } from '../src/core/article.js';
import type { ThreadingOptions } from '../src/core/threading/engine.js';
import { createThreadIndexer, type ThreadChange, type ThreadingStore } from '../src/core/threading/indexer.js';
import type { Logger } from '../src/logger.js';
import { QUEUES, threadArticlePayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';

export interface ThreadingArticleSource {
  /** Missing articles come back as null (expired or never stored); they are skipped. */
  getArticles(ids: string[]): Promise<(Article | null | undefined)[]>;
}

export interface ThreadArticleDeps {
  articles: ThreadingArticleSource;
  store: ThreadingStore;
  /** Called once per job with every thread that changed (the runtime enqueues summaries from it). */
  onThreadsChanged(changes: ThreadChange[]): Promise<void>;
  /** e.g. `{ archiveAfterMs: config.THREAD_ARCHIVE_AFTER_DAYS * DAY_MS }`. */
  threading?: Partial<ThreadingOptions>;
  /** Log entries between index snapshots (default 5,000). */
  snapshotEvery?: number;
  logger?: Logger;
}

export interface ThreadArticleResult {
  assigned: number;
  newThreads: number;
  changedThreads: number;
}

/**
 * Places a poll's (or ingest batch's) articles in story threads. The processor owns this worker
 * process's in-memory threading index, which catches up from the store before each job, so run the
 * queue with global concurrency 1 (`queue.setGlobalConcurrency(1)`) for throughput; correctness
 * does not depend on it (writes are checked against the store's sequence number). Retried jobs
 * change nothing but re-announce the threads their articles are in.
 */
export function createThreadArticleProcessor(deps: ThreadArticleDeps) {
  const indexer = createThreadIndexer(deps.store, { ...(deps.threading ? { engine: deps.threading } : {}), ...(deps.snapshotEvery ? { snapshotEvery: deps.snapshotEvery } : {}) });
  return async (job: Job): Promise<ThreadArticleResult> => {
    const { articleIds } = parseJobPayload(threadArticlePayload, job.data, QUEUES.threadArticle);
    const found = await deps.articles.getArticles(articleIds);
    const articles = found.filter((article): article is Article => article !== null && article !== undefined);
    if (articles.length < articleIds.length) deps.logger?.warn({ jobId: job.id, missing: articleIds.length - articles.length }, 'thread-article: some articles are no longer stored; skipped');
    const result = await indexer.assign(articles);
    if (result.changes.length > 0) await deps.onThreadsChanged(result.changes);
    deps.logger?.debug({ jobId: job.id, ...result, changes: result.changes.length }, 'thread-article: batch threaded');
    return { assigned: result.assigned, newThreads: result.newThreads, changedThreads: result.changes.length };
  };
}
