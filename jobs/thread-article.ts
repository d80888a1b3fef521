import type { Job } from 'bullmq';
import type { Article } from '../src/core/article.js';
import type { ThreadingOptions } from '../src/core/threading/engine.js';
import { createThreadIndexer, type ThreadChange, type ThreadingStore } from '../src/core/threading/indexer.js';
import { releasable, type ThreadingBacklog } from '../src/core/threading/reorder.js';
import type { Logger } from '../src/logger.js';
import { QUEUES, threadArticlePayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';

export interface ThreadingArticleSource {
  /** Missing articles come back as null (expired or never stored); they are skipped. */
  getArticles(ids: string[]): Promise<(Article | null | undefined)[]>;
}

export interface ThreadArticleDeps {
  articles: ThreadingArticleSource;
  store: ThreadingStore & ThreadingBacklog;
  /** Called once per job with every thread that changed (the runtime enqueues summaries from it). */
  onThreadsChanged(changes: ThreadChange[]): Promise<void>;
  /** e.g. `{ archiveAfterMs: config.THREAD_ARCHIVE_AFTER_DAYS * DAY_MS }`. */
  threading?: Partial<ThreadingOptions>;
  /**
   * Reorder window in stream time (src/core/threading/reorder.ts): articles are held until the
   * stream's watermark passes them, then threaded in publish order, so ingest, replay and live
   * polling thread the same articles the same way. 0 (the default) threads on arrival.
   */
  reorderWindowMs?: number;
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
  const windowMs = deps.reorderWindowMs ?? 0;
  return async (job: Job): Promise<ThreadArticleResult> => {
    const { articleIds, flush = false } = parseJobPayload(threadArticlePayload, job.data, QUEUES.threadArticle);
    // What earlier jobs held for the reorder window comes along: held ids are stored, never lost.
    const held = windowMs > 0 ? await deps.store.heldArticles() : [];
    const ids = [...new Set([...articleIds, ...held.map((article) => article.id)])];
    const found = await deps.articles.getArticles(ids);
    const articles = found.filter((article): article is Article => article !== null && article !== undefined);
    if (articles.length < ids.length) {
      deps.logger?.warn({ jobId: job.id, missing: ids.length - articles.length }, 'thread-article: some articles are no longer stored; skipped');
      const gone = new Set(ids.filter((_, index) => !found[index]));
      await deps.store.releaseArticles(held.filter((article) => gone.has(article.id)).map((article) => article.id));
    }
    const { ready, waiting, watermark } = releasable(articles, windowMs > 0 ? await deps.store.getWatermark() : null, windowMs, flush);
    if (windowMs > 0) await deps.store.holdArticles(waiting.map(({ id, published }) => ({ id, published })));
    const result = await indexer.assign(ready);
    if (windowMs > 0) {
      await deps.store.releaseArticles(ready.map((article) => article.id));
      if (watermark !== null) await deps.store.advanceWatermark(watermark);
    }
    if (result.changes.length > 0) await deps.onThreadsChanged(result.changes);
    deps.logger?.debug({ jobId: job.id, ...result, changes: result.changes.length }, 'thread-article: batch threaded');
    return { assigned: result.assigned, newThreads: result.newThreads, changedThreads: result.changes.length };
  };
}
