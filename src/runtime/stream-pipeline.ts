import type { Queue } from 'bullmq';
import { QUEUES } from '../../jobs/contracts.js';
import { HOUR_MS, hourStart } from '../core/time.js';
import { retryAfterRedisDrop } from '../store/redis-drop.js';
import type { App } from './compose.js';

/**
 * Shared by `ingest` and `replay`: they push a recorded stream through the live queues and must
 * know when a stage has caught up, and they rank at the stream's own hours so virality, rank
 * history and Δrank reflect stream time, not the wall clock of the replay.
 */

const BUSY_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children'] as const;

/** Resolves once none of `queues` has a job waiting, running or delayed. */
export async function waitForIdle(queues: readonly Queue[], options: { pollMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const pollMs = options.pollMs ?? 25;
  for (;;) {
    options.signal?.throwIfAborted();
    // Job counts are a transaction, which a Redis restart aborts rather than re-sends: count again.
    const counts = await retryAfterRedisDrop(() => Promise.all(queues.map((queue) => queue.getJobCounts(...BUSY_STATES))), options);
    if (counts.every((count) => BUSY_STATES.every((state) => (count[state] ?? 0) === 0))) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Hour starts strictly after `from` up to and including `to` (stream time, epoch ms). */
/**
 * The end of every stream hour that holds at least one article. A dense stream gets a ranking every
 * hour; a sparse one (events years apart) gets one per active hour instead of one per empty hour
 * in between, which would be tens of thousands of rankings that change nothing but decay.
 */
export function activeHourEnds(times: readonly number[]): number[] {
  const ends = new Set<number>();
  for (const time of times) ends.add(hourStart(time) + HOUR_MS);
  return [...ends].sort((a, b) => a - b);
}

/**
 * Runs one ranking at stream time `at` through the rank-threads queue and waits for it (and the
 * alert deliveries it fans out). Rankings only move forward: a time at or before the current
 * ranking is skipped, so re-ingesting a file does not rewrite rank history backwards.
 */
export async function rankAt(app: App, at: number): Promise<boolean> {
  const info = await retryAfterRedisDrop(() => app.stores.ranking.getRankingInfo());
  if (info && info.at >= at) return false;
  // The job id makes a second add after a connection drop the same job.
  await retryAfterRedisDrop(() => app.queues[QUEUES.rankThreads].add(QUEUES.rankThreads, { at }, { jobId: `stream-rank-${at}` }));
  await waitForIdle([app.queues[QUEUES.rankThreads]]);
  return true;
}

/** Summaries are debounced (delayed jobs); at the end of a stream there is nothing left to wait for. */
export async function finishSummaries(app: App): Promise<void> {
  const queue = app.queues[QUEUES.summarizeThread];
  await retryAfterRedisDrop(() => queue.promoteJobs());
  await waitForIdle([queue]);
}

/** Counts from Redis for the closing line of `ingest` and `replay`. */
export async function pipelineCounts(app: App): Promise<{ threads: number; publicThreads: number; ranked: number }> {
  const [threads, publicIds, ranking] = await Promise.all([
    app.redis.zcard(app.keys.activeThreads()),
    app.stores.threads.listActiveThreadIds({ publicOnly: true }),
    app.stores.ranking.getRankingInfo(),
  ]);
  return { threads, publicThreads: publicIds.length, ranked: ranking?.count ?? 0 };
}
