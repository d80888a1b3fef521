import { QUEUES } from '../../jobs/contracts.js';
import { articleFromStreamRecord } from '../core/articles/normalise.js';
import type { StreamRecord } from '../core/articles/stream-record.js';
import type { Article } from '../core/article.js';
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

/** Each source's ids stored but not yet handed off (sources with none left out). */
async function pendingOf(app: App, sourceIds: readonly string[]): Promise<Map<string, string[]>> {
  const lists = await Promise.all(sourceIds.map((sourceId) => retryAfterRedisDrop(() => app.stores.articles.pendingHandOff(sourceId))));
  const out = new Map<string, string[]>();
  lists.forEach((ids, index) => {
    if (ids.length > 0) out.set(sourceIds[index]!, ids);
  });
  return out;
}

/**
 * What to hand off: this hour's stored articles in stream order, then ids left waiting by a lost
 * reply or an earlier run (sorted, so two runs hand them off alike; the threading job orders
 * articles by stream time within its reorder window anyway).
 */
function handOffOrder(stored: readonly Article[], waiting: ReadonlyMap<string, readonly string[]>): string[] {
  const ids = stored.map((article) => article.id);
  const known = new Set(ids);
  const leftovers = [...waiting.values()].flat().filter((id) => !known.has(id));
  return [...ids, ...[...new Set(leftovers)].sort()];
}

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
      // The script that stores an article also adds its id to its source's pending hand-off set,
      // so storing again after a drop is safe: an article whose reply the drop lost comes back as
      // a duplicate, and its id is still waiting in that set, as it is when an earlier ingest was
      // killed between storing and handing off.
      const { stored, duplicates } = await retryAfterRedisDrop(() => app.stores.articles.storeArticles(articles, { trackHandOff: true }));
      summary.stored += stored.length;
      summary.duplicates += duplicates;
      app.metrics.articlesIngested.inc(stored.length);
      const waiting = await pendingOf(app, [...new Set(articles.map((article) => article.sourceId))]);
      const ids = handOffOrder(stored, waiting);
      // Hand-offs are idempotent (same ids, same job id): one a Redis restart aborted is simply made again.
      for (let start = 0; start < ids.length; start += HAND_OFF_BATCH) await retryAfterRedisDrop(() => app.handOffToThreading(ids.slice(start, start + HAND_OFF_BATCH)));
      await Promise.all([...waiting].map(([sourceId, pending]) => retryAfterRedisDrop(() => app.stores.articles.confirmHandOff(sourceId, pending))));
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
