import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { CommandRunner } from '../../commands/command.js';
import { createCommandRunner } from '../../commands/runner.js';
import { QUEUES, type QueueName } from '../../jobs/contracts.js';
import { createBullDeliveryQueue, createDeliverAlertProcessor, type AlertSender } from '../../jobs/deliver-alert.js';
import { createPollSourceProcessor } from '../../jobs/poll-source.js';
import { createRankThreadsProcessor } from '../../jobs/rank-threads.js';
import { createThreadArticleProcessor } from '../../jobs/thread-article.js';
import { createSummarizeThreadProcessor, summarizeJobOptions } from '../../jobs/summarize-thread.js';
import type { Config } from '../config/config.js';
import { loadSources, type Source } from '../config/sources.js';
import { createFeedReader } from '../feeds/read-feed.js';
import type { Logger } from '../logger.js';
import { createKeys, type Keys } from '../store/keys.js';
import { createRedisArticleStore } from '../store/redis-article-store.js';
import { createRedisDigestStore } from '../store/redis-digest-store.js';
import { createRedisRankingStore } from '../store/redis-ranking-store.js';
import { createRedisSourceStore } from '../store/redis-source-store.js';
import { createRedisAlertSentMarker, createRedisSubscriptionStore } from '../store/redis-subscription-store.js';
import { createSummarizerFromConfig } from '../llm/summarizer-from-config.js';
import { createStatsPictureSource } from '../core/render/stats-picture.js';
import { createRedisThreadStore } from '../store/redis-thread-store.js';
import { checkHealth, summariseSources } from './health.js';
import type { HttpRoute, HttpServer } from './http-server.js';
import { createMetrics, type Metrics } from './metrics.js';
import { closeQueues, createQueues, type Queues } from './queues.js';
import type { Role } from './roles.js';
import { retireUnconfiguredSources, syncSourceSchedulers } from './source-scheduler.js';

/**
 * The one composition root: every Redis connection, store, queue, worker, bot and server is built
 * here from Config, by plain function calls. CLI commands (start, ingest, replay, ask) differ only
 * in which roles they ask for.
 */

export interface AppOptions {
  config: Config;
  redisUrl: string;
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
}

export interface App {
  readonly config: Config;
  readonly keys: Keys;
  /** Connection for stores and commands (fails requests fast when Redis is away). */
  readonly redis: Redis;
  readonly queues: Queues;
  readonly metrics: Metrics;
  readonly stores: Stores;
  /** Timed command runner every adapter (console, Discord, Telegram) shares. */
  readonly runner: CommandRunner;
  readonly workers: readonly Worker[];
  /** Roles actually running (a bot role without its token is left out). */
  readonly activeRoles: readonly Role[];
  /** Hands stored article ids to threading: what polls do, and what ingest does with a stream. */
  handOffToThreading(articleIds: string[]): Promise<void>;
  /** Set once `start()` has opened the HTTP server. */
  httpAddress(): AddressInfo | undefined;
  start(): Promise<void>;
  /** Graceful: bots stop, workers finish in-flight jobs, HTTP closes, Redis quits. Safe to call twice. */
  stop(): Promise<void>;
}

type Stores = ReturnType<typeof createStores>;

function createStores(redis: Redis, keys: Keys, config: Config) {
  return {
    articles: createRedisArticleStore(redis, keys, { retentionDays: config.ARTICLE_RETENTION_DAYS }),
    threads: createRedisThreadStore(redis, keys, { articleRetentionDays: config.ARTICLE_RETENTION_DAYS }),
    ranking: createRedisRankingStore(redis, keys),
    subscriptions: createRedisSubscriptionStore(redis, keys),
    digests: createRedisDigestStore(redis, keys),
    sources: createRedisSourceStore(redis, keys),
  };
}

export const RANK_SCHEDULER_ID = 'rank-threads';

/**
 * How long shutdown waits for in-flight jobs (a slow feed, an LLM summary) before abandoning them;
 * abandoned jobs are not lost: BullMQ hands them to another worker once their lock expires. With
 * Redis unreachable no job can complete anyway, so shutdown does not wait long for them.
 */
const SHUTDOWN_GRACE_MS = 30_000;
const SHUTDOWN_GRACE_WITHOUT_REDIS_MS = 2_000;

function delay<T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(value), ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

/** True when the worker closed in time; otherwise its connections are dropped and its jobs left to their locks. */
async function closeWorker(worker: Worker, graceMs: number): Promise<boolean> {
  const grace = delay(graceMs, false);
  const closed = await Promise.race([worker.close().then(() => true), grace.promise]);
  grace.cancel();
  if (!closed) {
    const settle = delay(1_000, undefined);
    await Promise.race([worker.disconnect().catch(() => undefined), settle.promise]);
    settle.cancel();
  }
  return closed;
}

/** Per-process worker concurrency; cross-process limits are set on the queues themselves. */
function concurrencyFor(name: QueueName, config: Config): number {
  switch (name) {
    case QUEUES.pollSource:
      return config.POLL_CONCURRENCY;
    // Threading is order-sensitive: one job at a time across every process (global concurrency 1).
    case QUEUES.threadArticle:
      return 1;
    // Summaries may wait on an LLM; more in parallel would only spend the hourly call budget faster.
    case QUEUES.summarizeThread:
      return 2;
    case QUEUES.rankThreads:
      return 1;
    // Platform rate limits (shared through Redis) pace these, not the worker.
    case QUEUES.deliverDiscord:
    case QUEUES.deliverTelegram:
      return 10;
    case QUEUES.deliverConsole:
      return 1;
  }
}

export async function createApp(options: AppOptions): Promise<App> {
  const { config, roles } = options;
  const logger = options.logger;
  const keys = createKeys(config.REDIS_PREFIX);
  // During a Redis outage every connection, queue and worker reports each reconnect attempt; one
  // line every 10 s says the same. (Unhandled 'error' events would crash the process.)
  let lastReported = 0;
  const reportError = (source: string) => (error: Error) => {
    const now = Date.now();
    if (now - lastReported < 10_000) return;
    lastReported = now;
    logger.warn({ source, err: error.message }, 'Redis error (reconnecting; repeats within 10 s not logged)');
  };
  const connections: Redis[] = [];
  const connect = (purpose: string, extra: RedisOptions = {}): Redis => {
    const connection = new Redis(options.redisUrl, { connectionName: `threadwatch:${purpose}`, ...extra });
    connection.on('error', reportError(`connection:${purpose}`));
    connections.push(connection);
    return connection;
  };
  // Stores, commands and producers fail a request after ioredis's retries, so a command or a scrape
  // answers with an error while Redis is away instead of hanging.
  const redis = connect('store');
  // Workers wait instead: BullMQ requires maxRetriesPerRequest: null so blocking calls survive a Redis restart.
  const bullRedis = connect('bullmq', { maxRetriesPerRequest: null });
  const queues = createQueues(redis, keys);
  for (const queue of Object.values(queues)) queue.on('error', reportError(`queue:${queue.name}`));
  const metrics = createMetrics();
  const stores = createStores(redis, keys, config);

  const runner = metrics.timeCommands(
    createCommandRunner(
      {
        threads: stores.threads,
        articles: stores.articles,
        ranking: stores.ranking,
        subscriptions: stores.subscriptions,
        sources: stores.sources,
        digests: stores.digests,
      },
      { logger },
    ),
  );

  const workers: Worker[] = [];
  const addWorker = (name: QueueName, processor: Processor, extra: Partial<WorkerOptions> = {}) => {
    const worker = new Worker(name, processor, {
      connection: bullRedis,
      prefix: keys.queuePrefix,
      concurrency: concurrencyFor(name, config),
      autorun: false,
      ...extra,
    });
    worker.on('error', reportError(`worker:${name}`));
    worker.on('failed', (job, error) => {
      const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
      // Poll failures are recorded and logged by the poll job itself (source health); retries are routine.
      const level = name === QUEUES.pollSource || !final ? 'debug' : 'warn';
      logger[level]({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, final ? 'job failed, no retries left' : 'job failed, will retry');
    });
    metrics.observeWorker(worker);
    workers.push(worker);
  };

  const summaryDebounceMs = options.summaryDebounceMs;
  const enqueueSummary = async (threadId: string) => {
    await queues[QUEUES.summarizeThread].add(QUEUES.summarizeThread, { threadId }, summarizeJobOptions(threadId, summaryDebounceMs));
  };

  const deliveries = createBullDeliveryQueue({
    discord: queues[QUEUES.deliverDiscord],
    telegram: queues[QUEUES.deliverTelegram],
    console: queues[QUEUES.deliverConsole],
  });
  const deliverWith = (sender: AlertSender) =>
    createDeliverAlertProcessor({ subscriptions: stores.subscriptions, sender, logger, sentMarker: createRedisAlertSentMarker(redis, keys) });

  const handOffToThreading = async (articleIds: string[]) => {
    // Same ids → same job id, so a retried poll handing off the same batch adds nothing.
    const jobId = `articles-${createHash('sha1').update(articleIds.join(',')).digest('hex')}`;
    await queues[QUEUES.threadArticle].add(QUEUES.threadArticle, { articleIds }, { jobId });
  };

  const needsSources = roles.has('worker') || roles.has('scheduler');
  const sources = options.sources ?? (needsSources ? await loadSources(config.SOURCES_FILE) : []);

  if (roles.has('worker')) {
    const sourcesById = new Map(sources.map((source) => [source.id, source]));
    addWorker(
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
        handOff: handOffToThreading,
        logger,
        maxFailures: config.SOURCE_MAX_FAILURES,
      }),
    );
    addWorker(
      QUEUES.threadArticle,
      createThreadArticleProcessor({
        articles: stores.articles,
        store: stores.threads,
        onThreadsChanged: async (changes) => {
          for (const change of changes) await enqueueSummary(change.threadId);
        },
        threading: { archiveAfterMs: config.THREAD_ARCHIVE_AFTER_DAYS * 86_400_000 },
        logger,
      }),
    );
    const summarizer = createSummarizerFromConfig({ config, redis, keys, logger, onFallback: (reason) => metrics.countLlmFallback(reason) });
    addWorker(
      QUEUES.summarizeThread,
      createSummarizeThreadProcessor({ threads: stores.threads, articles: stores.articles, summarizer, digests: stores.digests, logger }),
    );
    addWorker(
      QUEUES.rankThreads,
      createRankThreadsProcessor({
        threads: stores.threads,
        articles: stores.articles,
        ranking: stores.ranking,
        subscriptions: stores.subscriptions,
        deliveries,
        logger,
        alerts: {
          minRankChange: config.ALERT_MIN_RANK_CHANGE,
          minIntervalMs: config.ALERT_MIN_INTERVAL_MINUTES * 60_000,
          threadTopN: config.ALERT_TOP_N,
        },
      }),
    );
  }
  if (options.consoleAlerts) addWorker(QUEUES.deliverConsole, deliverWith(options.consoleAlerts));

  // Bots load their SDKs only when their role runs with a token: `ask` never pays for discord.js.
  const bots: { name: string; start(): Promise<void>; stop(): Promise<void> }[] = [];
  const routes: HttpRoute[] = [];
  const pictures = createStatsPictureSource({ ranking: stores.ranking });
  if (roles.has('discord') && config.DISCORD_TOKEN) {
    const { createDiscordBot } = await import('../adapters/discord/bot.js');
    const { discordDeliveryLimiter } = await import('../adapters/discord/request-limiter.js');
    const bot = createDiscordBot({ config, runner, pictures, redis, keys, logger });
    bots.push({ name: 'discord', start: () => bot.start(), stop: () => bot.stop() });
    addWorker(QUEUES.deliverDiscord, deliverWith(bot.sender), { limiter: discordDeliveryLimiter(config) });
  }
  if (roles.has('telegram') && config.TELEGRAM_TOKEN) {
    const { createTelegramBot } = await import('../adapters/telegram/bot.js');
    const bot = createTelegramBot({ config, runner, pictures, subscriptions: stores.subscriptions, redis, keys, logger });
    bots.push({ name: 'telegram', start: () => bot.start(), stop: () => bot.stop() });
    addWorker(QUEUES.deliverTelegram, deliverWith(bot.sender));
    const { handleWebhook, webhookPath } = bot;
    if (handleWebhook && (!roles.has('http') || config.HTTP_PORT === 0))
      logger.error('TELEGRAM_MODE=webhook needs the http role and an HTTP_PORT in the telegram process: updates will not arrive');
    if (handleWebhook && webhookPath) {
      routes.push({
        method: 'post',
        path: webhookPath,
        handler: (req, res, next) => {
          handleWebhook(req, res).catch(next);
        },
      });
    }
  }

  metrics.setScrapeSources({
    queues: Object.values(queues),
    countSources: async () => {
      const health = await stores.sources.listHealth();
      return summariseSources(health);
    },
    countThreads: async () => {
      const [active, archived] = await Promise.all([redis.zcard(keys.activeThreads()), redis.zcard(keys.archivedThreads())]);
      return { active, archived };
    },
  });

  /** One Job Scheduler, upserted on every boot so a changed RANK_INTERVAL_MINUTES takes effect. */
  const scheduleRanking = async () => {
    const every = Math.round(config.RANK_INTERVAL_MINUTES * 60_000);
    await queues[QUEUES.rankThreads].upsertJobScheduler(RANK_SCHEDULER_ID, { every }, { name: QUEUES.rankThreads, data: {} });
    logger.info({ everyMinutes: config.RANK_INTERVAL_MINUTES }, 'ranking scheduled');
  };

  let http: HttpServer | undefined;
  let address: AddressInfo | undefined;
  let stopped: Promise<void> | undefined;

  return {
    config,
    keys,
    redis,
    queues,
    metrics,
    stores,
    runner,
    workers,
    activeRoles: [...roles].filter(
      (role) => (role !== 'discord' || config.DISCORD_TOKEN) && (role !== 'telegram' || config.TELEGRAM_TOKEN) && (role !== 'http' || config.HTTP_PORT !== 0),
    ),
    handOffToThreading,
    httpAddress: () => address,
    async start() {
      // HTTP first: a taken port fails the start before any job has been picked up.
      if (roles.has('http') && config.HTTP_PORT !== 0) {
        // Loaded on demand: express and bull-board are heavy, and `ask` never serves HTTP.
        const { createHttpServer } = await import('./http-server.js');
        http = createHttpServer({
          metrics,
          queues: Object.values(queues),
          dashboardPassword: config.DASHBOARD_PASSWORD,
          routes,
          logger,
          health: () => checkHealth({ ping: () => redis.ping(), workers: () => workers, listSourceHealth: () => stores.sources.listHealth() }),
        });
        address = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
        logger.info({ url: `http://${address.address}:${address.port}` }, 'HTTP: /healthz, /metrics' + (config.DASHBOARD_PASSWORD ? ', /admin/queues' : ''));
      }
      // Threading keeps an in-memory index per process: one job at a time across every worker process.
      if (roles.has('worker')) await queues[QUEUES.threadArticle].setGlobalConcurrency(1);
      if (roles.has('scheduler')) {
        const synced = await syncSourceSchedulers(queues[QUEUES.pollSource], [...sources], config);
        const retired = await retireUnconfiguredSources({ sources: stores.sources, articles: stores.articles, handOff: handOffToThreading }, [...sources]);
        logger.info({ sources: synced.upserted.length, removed: synced.removed, retiredHealthRecords: retired.length }, 'source polls scheduled');
        await scheduleRanking();
      }
      for (const worker of workers) {
        worker.run().catch((error: unknown) => logger.error({ err: error, queue: worker.name }, 'worker stopped unexpectedly'));
      }
      for (const bot of bots) {
        await bot.start();
        logger.info({ bot: bot.name }, 'bot started');
      }
    },
    stop() {
      stopped ??= (async () => {
        // Bots first, so no new command arrives while the rest shuts down.
        await Promise.all(bots.map((bot) => bot.stop().catch((error: unknown) => logger.warn({ err: error, bot: bot.name }, 'bot did not stop cleanly'))));
        // In-flight jobs finish (close waits for them); nothing new is picked up meanwhile.
        const graceMs = redis.status === 'ready' ? SHUTDOWN_GRACE_MS : SHUTDOWN_GRACE_WITHOUT_REDIS_MS;
        const closed = await Promise.all(workers.map((worker) => closeWorker(worker, graceMs)));
        const abandoned = workers.filter((_, index) => !closed[index]).map((worker) => worker.name);
        if (abandoned.length > 0) logger.warn({ queues: abandoned, graceMs }, 'shutdown did not wait for these workers; their jobs go back to the queue when their locks expire');
        await http?.close();
        // Without Redis, QUIT (and closing the queues, which share `redis`) would wait for a reconnect
        // that may never come: the sockets are dropped instead.
        if (redis.status === 'ready') await closeQueues(queues);
        await Promise.all(
          connections.map((connection) => (connection.status === 'ready' ? connection.quit().catch(() => connection.disconnect()) : connection.disconnect())),
        );
      })();
      return stopped;
    },
  };
}
