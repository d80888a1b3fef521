import { QUEUES } from '../../../jobs/contracts.js';
import type { Config } from '../../config/config.js';
import type { Source } from '../../config/sources.js';
import type { Logger } from '../../logger.js';
import type { Queues } from '../queues.js';
import { retireUnconfiguredSources, syncSourceSchedulers } from '../source-scheduler.js';
import type { Stores } from '../stores.js';
import type { RunningRole } from './role.js';

export const RANK_SCHEDULER_ID = 'rank-threads';

export interface SchedulerRoleDeps {
  config: Config;
  logger: Logger;
  queues: Queues;
  stores: Pick<Stores, 'sources' | 'articles'>;
  sources: readonly Source[];
  handOffToThreading(articleIds: string[]): Promise<void>;
}

/**
 * Upserts one Job Scheduler per source and one for ranking, on every boot, so a changed sources
 * file or RANK_INTERVAL_MINUTES takes effect. Idempotent: safe when several processes boot at once.
 */
export function createSchedulerRole(deps: SchedulerRoleDeps): RunningRole {
  const { config, logger, queues, stores } = deps;
  return {
    name: 'scheduler',
    async start() {
      const synced = await syncSourceSchedulers(queues[QUEUES.pollSource], [...deps.sources], config);
      const retired = await retireUnconfiguredSources({ sources: stores.sources, articles: stores.articles, handOff: deps.handOffToThreading }, [...deps.sources]);
      logger.info({ sources: synced.upserted.length, removed: synced.removed, retiredHealthRecords: retired.length }, 'source polls scheduled');
      const every = Math.round(config.RANK_INTERVAL_MINUTES * 60_000);
      await queues[QUEUES.rankThreads].upsertJobScheduler(RANK_SCHEDULER_ID, { every }, { name: QUEUES.rankThreads, data: {} });
      logger.info({ everyMinutes: config.RANK_INTERVAL_MINUTES }, 'ranking scheduled');
    },
  };
}
