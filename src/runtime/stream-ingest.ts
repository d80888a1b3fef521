import { QUEUES } from '../../jobs/contracts.js';
import { articleFromStreamRecord } from '../core/articles/normalise.js';
import type { StreamRecord } from '../core/articles/stream-record.js';
import type { OutletDirectory } from '../config/outlets.js';
import { retryAfterRedisDrop } from '../store/redis-drop.js';
import type { App } from './compose.js';
import { activeHourEnds, finishSummaries, rankAt, waitForIdle } from './stream-pipeline.js';

/**
 * `ingest`: a recorded stream goes through the same stages as polled articles — stored once by
 * the article store, handed to the thread-article queue, ranked by the rank-threads job — one
 * stream hour at a time, with a ranking at the end of every stream hour that had articles.
 */

export interface IngestProgress {
  /** Stream time reached (epoch ms). */
  at: number;
  processed: number;
  total: number;
  stored: number;
}

export interface IngestSummary {
  records: number;
  stored: number;
  duplicates: number;
  rankings: number;
  from: number;
  to: number;
}

/** Ids per thread-article job: small enough that a retry redoes little work. */
const HAND_OFF_BATCH = 500;

export async function ingestStream(
  app: App,
  records: readonly StreamRecord[],
  options: { outlets: OutletDirectory; onProgress?: (progress: IngestProgress) => void },
): Promise<IngestSummary> {
  const ordered = [...records].sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
  const times = ordered.map((record) => Date.parse(record.published));
  const from = times[0] ?? 0;
  const to = times[times.length - 1] ?? 0;
  const summary: IngestSummary = { records: records.length, stored: 0, duplicates: 0, rankings: 0, from, to };
  let index = 0;
  const boundaries = activeHourEnds(times);
  for (const [position, boundary] of boundaries.entries()) {
    const batch: StreamRecord[] = [];
    while (index < ordered.length && times[index]! < boundary) batch.push(ordered[index++]!);
    if (batch.length > 0) {
      const articles = batch.map((record) => articleFromStreamRecord(record, options.outlets.lookup(record.source)));
      const { stored, duplicates } = await app.stores.articles.storeArticles(articles);
      summary.stored += stored.length;
      summary.duplicates += duplicates;
      app.metrics.articlesIngested.inc(stored.length);
      const ids = stored.map((article) => article.id);
      // Hand-offs are idempotent (same ids, same job id): one a Redis restart aborted is simply made again.
      for (let start = 0; start < ids.length; start += HAND_OFF_BATCH) await retryAfterRedisDrop(() => app.handOffToThreading(ids.slice(start, start + HAND_OFF_BATCH)));
    }
    // The stream ends here: what the reorder window holds is threaded before the last ranking.
    if (position === boundaries.length - 1) await retryAfterRedisDrop(() => app.flushThreading());
    await waitForIdle([app.queues[QUEUES.threadArticle]]);
    if (await rankAt(app, boundary)) summary.rankings += 1;
    options.onProgress?.({ at: boundary, processed: index, total: records.length, stored: summary.stored });
  }
  await finishSummaries(app);
  return summary;
}
