import type { Queue } from 'bullmq';
import { QUEUES, pollSourcePayload } from '../../jobs/contracts.js';
import { handOffPending, type PollArticleStore } from '../../jobs/poll-source.js';
import type { Config } from '../config/config.js';
import type { Source } from '../config/sources.js';

/**
 * One BullMQ Job Scheduler per source (`source:{id}`), upserted from the sources file at boot by the
 * scheduler role. Upserting is idempotent, so several processes booting at once agree; schedulers
 * of sources that left the file are removed so they stop polling.
 */

const SCHEDULER_PREFIX = 'source:';

export function sourceSchedulerId(sourceId: string): string {
  return `${SCHEDULER_PREFIX}${sourceId}`;
}

export interface SchedulerSync {
  upserted: string[];
  removed: string[];
}

export async function syncSourceSchedulers(queue: Queue, sources: readonly Source[], config: Pick<Config, 'POLL_INTERVAL_MINUTES'>): Promise<SchedulerSync> {
  const wanted = new Set(sources.map((source) => sourceSchedulerId(source.id)));
  for (const source of sources) {
    const every = Math.round((source.pollMinutes ?? config.POLL_INTERVAL_MINUTES) * 60_000);
    await queue.upsertJobScheduler(sourceSchedulerId(source.id), { every }, { name: QUEUES.pollSource, data: pollSourcePayload.parse({ sourceId: source.id }) });
  }
  const removed: string[] = [];
  const existing = await queue.getJobSchedulers(0, -1);
  for (const scheduler of existing) {
    const id = scheduler.key;
    if (id.startsWith(SCHEDULER_PREFIX) && !wanted.has(id)) {
      await queue.removeJobScheduler(id);
      removed.push(id.slice(SCHEDULER_PREFIX.length));
    }
  }
  return { upserted: sources.map((source) => source.id), removed };
}

export interface RetiredSourceDeps {
  sources: { listHealth(): Promise<{ sourceId: string }[]>; remove(sourceId: string): Promise<void> };
  articles: Pick<PollArticleStore, 'pendingHandOff' | 'confirmHandOff'>;
  handOff(articleIds: string[]): Promise<void>;
}

/**
 * Health records of sources that are no longer configured (removed from the file, or the feeds of a
 * finished replay on this prefix) would otherwise stay in /sources and /healthz forever. Article ids
 * such a source stored but never handed to threading are handed off first, so nothing is lost.
 */
export async function retireUnconfiguredSources(deps: RetiredSourceDeps, configured: readonly Source[]): Promise<string[]> {
  const wanted = new Set(configured.map((source) => source.id));
  const retired: string[] = [];
  for (const { sourceId } of await deps.sources.listHealth()) {
    if (wanted.has(sourceId)) continue;
    await handOffPending(deps, sourceId);
    await deps.sources.remove(sourceId);
    retired.push(sourceId);
  }
  return retired;
}
