import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisClient } from '../../store/redis-client.js';
import { createRedisLease } from '../../store/redis-lease.js';
import { QUEUES } from '../../../jobs/contracts.js';
import { createBullDeliveryQueue } from '../../../jobs/deliver-alert.js';
import { createPollSourceProcessor } from '../../../jobs/poll-source.js';
import { alertRulesFromConfig, createRankThreadsProcessor } from '../../../jobs/rank-threads.js';
import { createSummarizeThreadProcessor, summarizeJobOptions } from '../../../jobs/summarize-thread.js';
import { createThreadArticleProcessor } from '../../../jobs/thread-article.js';
import type { Config } from '../../config/config.js';
import type { Source } from '../../config/sources.js';
import { createFeedReader } from '../../feeds/read-feed.js';
import { createSummarizerFromConfig } from '../../llm/summarizer-from-config.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import type { Metrics } from '../metrics.js';
import type { Queues } from '../queues.js';
import type { Stores } from '../stores.js';
import { createLeaderGate } from '../leader-gate.js';
import type { WorkerPool } from '../worker-pool.js';
import type { RunningRole } from './role.js';
import type { Supervision } from './supervised.js';

export interface WorkerRoleDeps {
  config: Config;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  metrics: Metrics;
  queues: Queues;
  stores: Stores;
  pool: WorkerPool;
  sources: readonly Source[];
  handOffToThreading(articleIds: string[]): Promise<void>;
  /** See AppOptions.summaryDebounceMs. */
  summaryDebounceMs: number | undefined;
  supervision: Supervision;
}

/** Fallbacks that say the LLM service itself is failing (not one thread's odd output, nor our own budget). */
const LLM_OUTAGE_REASONS: Record<string, string> = {
  timeout: 'the LLM did not answer in time',
  server: 'the LLM server answers with errors',
  network: 'the LLM server cannot be reached',
  'rate-limited': 'the LLM server is rate-limiting us',
  rejected: 'the LLM server refuses our requests (check LLM_API_KEY and LLM_MODEL)',
};

/** The pipeline: poll feeds, thread articles, summarise threads, rank them and decide alerts. */
export function createWorkerRole(deps: WorkerRoleDeps): RunningRole {
  const { config, stores, queues, pool, logger } = deps;
  const sourcesById = new Map(deps.sources.map((source) => [source.id, source]));
  pool.add(
    QUEUES.pollSource,
    createPollSourceProcessor({
      findSource: (id) => sourcesById.get(id),
      articles: stores.articles,
      sources: stores.sources,
      readFeed: createFeedReader({
        timeoutMs: config.FEED_TIMEOUT_MS,
        maxBytes: config.FEED_MAX_BYTES,
        maxRedirects: config.FEED_MAX_REDIRECTS,
        userAgent: config.FEED_USER_AGENT,
      }),
      handOff: deps.handOffToThreading,
      logger,
      maxFailures: config.SOURCE_MAX_FAILURES,
    }),
  );
  // One process threads at a time (the lease holder); the others stand by to take over when it dies.
  const leaseMs = Math.round(config.THREADING_LEASE_SECONDS * 1000);
  const threadingGate = createLeaderGate({
    lease: createRedisLease(deps.redis, deps.keys.threadingState('lease'), { owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, ttlMs: leaseMs }),
    logger,
    name: 'threading',
  });
  pool.add(
    QUEUES.threadArticle,
    createThreadArticleProcessor({
      articles: stores.articles,
      store: stores.threads,
      onThreadsChanged: async (changes) => {
        for (const change of changes) {
          await queues[QUEUES.summarizeThread].add(QUEUES.summarizeThread, { threadId: change.threadId }, summarizeJobOptions(change.threadId, deps.summaryDebounceMs));
        }
      },
      threading: { archiveAfterMs: config.THREAD_ARCHIVE_AFTER_DAYS * 86_400_000 },
      // Two poll intervals: articles a poll fetches late are still threaded in publish order.
      reorderWindowMs: 2 * config.POLL_INTERVAL_MINUTES * 60_000,
      logger,
    }),
    // A dead holder's job goes back to the queue once its lock (as long as the lease) has run out,
    // found by the new holder's stalled-job check; a job survives a few such hand-overs.
    { lockDuration: leaseMs, stalledInterval: Math.max(500, Math.round(leaseMs / 2)), maxStalledCount: 5 },
    threadingGate,
  );
  // The LLM is optional: when it fails, pages fall back to the offline summariser, and /healthz says so.
  const llm = config.LLM_BASE_URL ? deps.supervision.components.component('llm') : undefined;
  llm?.report('ok');
  const llmSummarizer = createSummarizerFromConfig({
    config,
    redis: deps.redis,
    keys: deps.keys,
    logger,
    onFallback: (reason) => {
      deps.metrics.countLlmFallback(reason);
      const outage = LLM_OUTAGE_REASONS[reason];
      if (outage) {
        deps.supervision.countFailure('llm', 'summarize');
        llm?.report('degraded', `${outage}; pages use the offline summary meanwhile`);
      }
    },
  });
  const summarizer = {
    generator: llmSummarizer.generator,
    async summarize(input: Parameters<typeof llmSummarizer.summarize>[0]) {
      const digest = await llmSummarizer.summarize(input);
      if (digest.generator === 'llm') llm?.report('ok');
      return digest;
    },
  };
  pool.add(
    QUEUES.summarizeThread,
    createSummarizeThreadProcessor({ threads: stores.threads, articles: stores.articles, summarizer, digests: stores.digests, logger }),
  );
  pool.add(
    QUEUES.rankThreads,
    createRankThreadsProcessor({
      threads: stores.threads,
      articles: stores.articles,
      ranking: stores.ranking,
      subscriptions: stores.subscriptions,
      deliveries: createBullDeliveryQueue({
        discord: queues[QUEUES.deliverDiscord],
        telegram: queues[QUEUES.deliverTelegram],
        console: queues[QUEUES.deliverConsole],
      }),
      logger,
      alerts: alertRulesFromConfig(config),
    }),
  );
  return {
    name: 'worker',
    async start() {
      // Only the lease holder consumes thread-article; one job at a time across every process still
      // holds should two holders overlap for a moment (e.g. a holder paused by a long GC).
      await queues[QUEUES.threadArticle].setGlobalConcurrency(1);
    },
  };
}
