import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { CommandRunner } from '../../commands/command.js';
import type { ShardSelection } from '../adapters/discord/bot.js';
import { createCommandRunner } from '../../commands/runner.js';
import { QUEUES } from '../../jobs/contracts.js';
import { createDeliverAlertProcessor, type AlertSender } from '../../jobs/deliver-alert.js';
import type { Config } from '../config/config.js';
import { loadSources, type Source } from '../config/sources.js';
import type { Logger } from '../logger.js';
import { createStatsPictureSource } from '../core/render/stats-picture.js';
import { createKeys, type Keys } from '../store/keys.js';
import { connectionLossCount, waitForReplicas, type RedisClient, type RedisTarget } from '../store/redis-client.js';
import { createRedisAlertSentMarker } from '../store/redis-subscription-store.js';
import { createConnections } from './connections.js';
import { checkHealth, summariseSources } from './health.js';
import { createMetrics, type Metrics } from './metrics.js';
import { closeQueues, createQueues, type Queues } from './queues.js';
import type { Role } from './roles.js';
import { addConsoleRole } from './roles/console.js';
import { addDiscordDelivery, createDiscordRole } from './roles/discord.js';
import { createHttpRole, type HttpRole } from './roles/http.js';
import type { RunningRole } from './roles/role.js';
import { createSchedulerRole } from './roles/scheduler.js';
import { createSupervision } from './roles/supervised.js';
import { createTelegramRole } from './roles/telegram.js';
import { createWorkerRole } from './roles/worker.js';
import { createStores, type Stores } from './stores.js';
import { createWorkerPool, type AddDeliveryWorker } from './worker-pool.js';

/**
 * The one composition root: every Redis connection, store, queue, worker, bot and server is built
 * here from Config, by plain function calls. The shared pieces come first; then one function per
 * role (src/runtime/roles/) adds that role's workers and returns how to start and stop it. CLI
 * commands (start, ingest, replay, ask) differ only in which roles they ask for.
 */

export interface AppOptions {
  config: Config;
  /** Where Redis is: one server, a cluster or a Sentinel-managed master (boot's locateRedis). */
  redisTarget: RedisTarget;
  roles: ReadonlySet<Role>;
  logger: Logger;
  /**
   * Wall-clock debounce before a changed thread is re-summarised. Live: the summaries default
   * (bursts of articles become one summary). Ingest and replay compress time, so they shorten it.
   */
  summaryDebounceMs?: number;
  /**
   * Where alerts for console subscriptions go (the open console, or the log). Without one, this
   * process does not consume the console delivery queue.
   */
  consoleAlerts?: AlertSender;
  /**
   * Sources the poll workers and the scheduler know. Omitted: SOURCES_FILE (or the built-in list)
   * is loaded when this process polls or schedules; replay passes one source per replayed outlet.
   */
  sources?: readonly Source[];
  /** `start --shard-ids … --shard-count …`: the Discord gateway shards this process runs (default: all). */
  discordShards?: ShardSelection;
  /** Where one-line notices about platforms go (a bot that cannot start, and recovers); default: the log. */
  notice?: (line: string) => void;
}

export interface App {
  readonly config: Config;
  readonly keys: Keys;
  /** Connection for stores and commands (fails requests fast when Redis is away). */
  readonly redis: RedisClient;
  readonly queues: Queues;
  readonly metrics: Metrics;
  readonly stores: Stores;
  /** Timed command runner every adapter (console, Discord, Telegram) shares. */
  readonly runner: CommandRunner;
  readonly workers: readonly Worker[];
  /** Roles actually running (a bot role without its token is left out). */
  readonly activeRoles: readonly Role[];
  /** The sources this process polls or schedules (none unless it runs the worker or scheduler role). */
  readonly sources: readonly Source[];
  /** Hands stored article ids to threading: what polls do, and what ingest does with a stream. */
  handOffToThreading(articleIds: string[]): Promise<void>;
  /** Threads whatever the reorder window still holds: the end of an ingest or a replay. */
  flushThreading(): Promise<void>;
  /** Set once `start()` has opened the HTTP server. */
  httpAddress(): AddressInfo | undefined;
  start(): Promise<void>;
  /** Graceful: bots stop, workers finish in-flight jobs, HTTP closes, Redis quits. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * How long shutdown waits for in-flight jobs (a slow feed, an LLM summary) before abandoning them;
 * abandoned jobs are not lost: BullMQ hands them to another worker once their lock expires. With
 * Redis unreachable no job can complete anyway, so shutdown does not wait long for them.
 */
const SHUTDOWN_GRACE_MS = 30_000;
const SHUTDOWN_GRACE_WITHOUT_REDIS_MS = 2_000;

export async function createApp(options: AppOptions): Promise<App> {
  const { config, roles, logger } = options;

  // Shared pieces: every role gets the ones it needs, by name.
  const keys = createKeys(config.REDIS_PREFIX);
  const connections = createConnections(options.redisTarget, logger);
  const redis = connections.store;
  const queues = createQueues(redis, keys);
  for (const queue of Object.values(queues)) queue.on('error', connections.reportError(`queue:${queue.name}`));
  const metrics = createMetrics();
  const supervision = createSupervision({ config, metrics, logger, notice: options.notice });
  const stores = createStores(redis, keys, config);
  const runner = metrics.timeCommands(createCommandRunner(stores, { logger, alertTopIntervalMinutes: config.ALERT_TOP_INTERVAL_MINUTES }));
  const pool = createWorkerPool({
    connection: connections.bullmq,
    keys,
    config,
    logger,
    metrics,
    reportError: connections.reportError,
    failoverMark: () => connectionLossCount(redis),
    replicated: (since) => waitForReplicas(redis, since),
  });
  const sentMarker = createRedisAlertSentMarker(redis, keys);
  const addDeliveryWorker: AddDeliveryWorker = (queue, sender, extra) =>
    pool.add(queue, createDeliverAlertProcessor({ subscriptions: stores.subscriptions, sender, logger, sentMarker }), extra);
  const handOffToThreading = async (articleIds: string[]) => {
    // Same ids → same job id, so a retried poll handing off the same batch adds nothing.
    const jobId = `articles-${createHash('sha1').update(articleIds.join(',')).digest('hex')}`;
    const mark = connectionLossCount(redis);
    await queues[QUEUES.threadArticle].add(QUEUES.threadArticle, { articleIds }, { jobId });
    // The poll confirms the hand-off next (on another node): the job must not be lost in a failover after that.
    await waitForReplicas(redis, mark);
  };
  const flushThreading = async () => {
    // A flush is idempotent; each gets its own job so a second one is never deduplicated away.
    await queues[QUEUES.threadArticle].add(QUEUES.threadArticle, { articleIds: [], flush: true }, { jobId: `flush-${randomUUID()}` });
  };
  const needsSources = roles.has('worker') || roles.has('scheduler');
  const sources = options.sources ?? (needsSources ? await loadSources(config.SOURCES_FILE) : []);
  const pictures = createStatsPictureSource({ ranking: stores.ranking });

  // One function per role. A bot role without its token, or HTTP on port 0, is not built at all.
  const runsHttp = roles.has('http') && config.HTTP_PORT !== 0;
  const worker = roles.has('worker')
    ? createWorkerRole({ config, redis, keys, logger, metrics, queues, stores, pool, sources, handOffToThreading, summaryDebounceMs: options.summaryDebounceMs, supervision })
    : undefined;
  const scheduler = roles.has('scheduler') ? createSchedulerRole({ config, logger, queues, stores, sources, handOffToThreading }) : undefined;
  if (options.consoleAlerts) addConsoleRole({ sender: options.consoleAlerts, addDeliveryWorker });
  const discord =
    roles.has('discord') && config.DISCORD_TOKEN
      ? await createDiscordRole({ config, runner, pictures, redis, keys, logger, addDeliveryWorker, shards: options.discordShards, supervision })
      : undefined;
  if (!discord && roles.has('worker') && config.DISCORD_TOKEN) await addDiscordDelivery({ config, redis, keys, logger, addDeliveryWorker });
  const telegram =
    roles.has('telegram') && config.TELEGRAM_TOKEN
      ? await createTelegramRole({ config, runner, pictures, subscriptions: stores.subscriptions, redis, keys, logger, addDeliveryWorker, servesHttp: runsHttp, supervision })
      : undefined;
  const http: HttpRole | undefined = runsHttp
    ? createHttpRole({
        config,
        logger,
        metrics,
        queues,
        routes: telegram?.routes ?? [],
        health: () => checkHealth({ ping: () => redis.ping(), workers: () => pool.workers.map((w) => ({ name: w.name, isRunning: () => w.isRunning(), isStandby: () => pool.isStandby(w) })), listSourceHealth: () => stores.sources.listHealth(), components: () => supervision.components.snapshot() }),
      })
    : undefined;

  metrics.setScrapeSources({
    queues: Object.values(queues),
    countSources: async () => summariseSources(await stores.sources.listHealth()),
    countThreads: async () => {
      const [active, archived] = await Promise.all([redis.zcard(keys.activeThreads()), redis.zcard(keys.archivedThreads())]);
      return { active, archived };
    },
  });

  // Start order: HTTP first (a taken port fails the start before any job is picked up), then the
  // queues' set-up, then every worker at once, then the bots. Stop runs the same list backwards.
  const jobWorkers: RunningRole = {
    name: 'job workers',
    start: async () => pool.run(),
    async stop() {
      // In-flight jobs finish (close waits for them); nothing new is picked up meanwhile.
      const graceMs = redis.status === 'ready' ? SHUTDOWN_GRACE_MS : SHUTDOWN_GRACE_WITHOUT_REDIS_MS;
      const abandoned = await pool.close(graceMs);
      if (abandoned.length > 0) logger.warn({ queues: abandoned, graceMs }, 'shutdown did not wait for these workers; their jobs go back to the queue when their locks expire');
    },
  };
  const sequence = [http, worker, scheduler, jobWorkers, discord, telegram].filter((role): role is RunningRole => role !== undefined);
  let stopped: Promise<void> | undefined;

  return {
    config,
    keys,
    redis,
    queues,
    metrics,
    stores,
    runner,
    workers: pool.workers,
    activeRoles: [...roles].filter((role) => ({ worker, scheduler, discord, telegram, http })[role] !== undefined),
    sources,
    handOffToThreading,
    flushThreading,
    httpAddress: () => http?.address(),
    async start() {
      for (const role of sequence) await role.start();
    },
    stop() {
      stopped ??= (async () => {
        for (const role of [...sequence].reverse()) {
          await role.stop?.().catch((error: unknown) => logger.warn({ err: error, role: role.name }, 'role did not stop cleanly'));
        }
        // Closing the queues (which share `redis`) would wait for a reconnect that may never come.
        if (redis.status === 'ready') await closeQueues(queues);
        await connections.close();
      })();
      return stopped;
    },
  };
}
