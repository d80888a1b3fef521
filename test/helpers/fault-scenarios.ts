import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '../../jobs/contracts.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
import { createLogger } from '../../src/logger.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { createReplayFeedServer } from '../../src/runtime/replay-feed-server.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { waitForIdle } from '../../src/runtime/stream-pipeline.js';
import { replaySourceId, replaySources, replayStream } from '../../src/runtime/stream-replay.js';
import { createPrefixedRedis } from '../../src/store/prefix-keys.js';
import { redisTargetEnv, type RedisTarget } from '../../src/store/redis-client.js';
import { freePort } from '../../src/store/redis-locator.js';
import { startCliProcess, type CliProcess } from './cli-process.js';
import { accountArticles, repeated, type ArticleAccount } from './failover.js';
import { faults as botApiFaults, startFakeTelegram, type FakeTelegram } from './fake-telegram.js';
import { startFakeDiscord } from './fake-discord.js';

/**
 * The fault scenarios of `npm run faults` (faults/run.ts, full size) and of the focused tests
 * (small size): each runs the real pipeline on a real Redis, breaks something on purpose, and
 * reports what a user would notice: articles lost or counted twice, threads that differ from an
 * uninterrupted run, alerts missing, extra or sent twice.
 */

export type StreamMode = 'ingest' | 'replay';

export interface PipelineOutcome {
  account: ArticleAccount;
  /** Every thread as the sorted record ids of its articles, sorted: equal lists = the same threading. */
  groups: string[];
  /** `chat → alert text` of every alert the fake Bot API accepted, sorted. */
  alerts: string[];
  kills: number;
  seconds: number;
}

export interface OutcomeDiff {
  lost: number;
  /** Articles counted by more threads than list them, or stored twice. */
  duplicated: number;
  /** Threads (as article groups) in one run and not the other. */
  threadsDiffering: number;
  alertsMissing: number;
  alertsExtra: number;
  alertsSentTwice: number;
}

export function compareOutcomes(reference: PipelineOutcome, run: PipelineOutcome): OutcomeDiff {
  const difference = (a: readonly string[], b: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const value of b) counts.set(value, (counts.get(value) ?? 0) + 1);
    let missing = 0;
    for (const value of a) {
      const left = counts.get(value) ?? 0;
      if (left > 0) counts.set(value, left - 1);
      else missing += 1;
    }
    return missing;
  };
  return {
    lost: run.account.lost.length,
    duplicated: Math.max(0, run.account.countedInThreads - run.account.listedInThreads) + Math.max(0, run.account.stored - reference.account.stored),
    threadsDiffering: difference(reference.groups, run.groups) + difference(run.groups, reference.groups),
    alertsMissing: difference(reference.alerts, run.alerts),
    alertsExtra: difference(run.alerts, reference.alerts),
    alertsSentTwice: repeated(run.alerts).length,
  };
}

/** Threads as groups of record ids, so two runs compare whatever their thread ids are. */
async function threadGroups(app: App, records: readonly StreamRecord[]): Promise<string[]> {
  const outlets = createOutletDirectory();
  const { urlFingerprint } = await import('../../src/core/articles/fingerprint.js');
  const { articleFromStreamRecord } = await import('../../src/core/articles/normalise.js');
  const byThread = new Map<string, string[]>();
  for (const record of records) {
    const article = articleFromStreamRecord(record, outlets.lookup(record.source));
    const id = await app.redis.get(app.keys.seen(urlFingerprint(article.url)));
    if (id === null) continue;
    const [threadId] = await app.stores.threads.getArticleThreadIds([id]);
    if (!threadId) continue;
    byThread.set(threadId, [...(byThread.get(threadId) ?? []), record.id]);
  }
  return [...byThread.values()].map((ids) => ids.sort().join(' ')).sort();
}

/**
 * `stream` (ingest or replay) driven from this process, with every job run by a separate
 * `start --role worker,telegram` process that is SIGKILLed when the stream's progress passes each
 * of `killAt` (shares of 0..1) and started again at once. `killAt: []` is the uninterrupted run.
 */
export async function streamWithWorkerKills(options: {
  target: RedisTarget;
  mode: StreamMode;
  records: readonly StreamRecord[];
  chats: number;
  killAt: readonly number[];
  /** JOB_LOCK_SECONDS of the worker: how soon a dead worker's jobs go to the next one. */
  jobLockSeconds?: number;
}): Promise<PipelineOutcome> {
  const started = performance.now();
  const prefix = `twfault-${randomBytes(4).toString('hex')}`;
  const scoped = createPrefixedRedis(options.target, prefix);
  const telegram = await startFakeTelegram();
  const dir = await mkdtemp(join(tmpdir(), 'threadwatch-faults-'));
  let streamNow = 0;
  const server = options.mode === 'replay' ? createReplayFeedServer(options.records, () => streamNow) : undefined;
  let app: App | undefined;
  let worker: CliProcess | undefined;
  let kills = 0;
  try {
    const outlets = createOutletDirectory();
    let sources: ReturnType<typeof replaySources> = [];
    if (server) {
      await server.listen();
      sources = replaySources(server, outlets);
      await writeFile(join(dir, 'sources.json'), JSON.stringify({ sources }));
    }
    const env: Record<string, string> = {
      ...redisTargetEnv(options.target),
      REDIS_PREFIX: prefix,
      HTTP_PORT: '0',
      LOG_LEVEL: 'error',
      DATA_DIR: dir,
      TELEGRAM_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_MAX_PER_SECOND: '500',
      TELEGRAM_MAX_PER_CHAT_PER_SECOND: '100',
      THREADING_LEASE_SECONDS: '1',
      JOB_LOCK_SECONDS: String(options.jobLockSeconds ?? 2),
      FEEDS_ALLOW_PRIVATE: 'true',
      ...(server ? { SOURCES_FILE: join(dir, 'sources.json') } : {}),
    };
    const startWorker = async () => {
      const child = startCliProcess(['start', '--role', 'worker,telegram', '--no-console'], env);
      await child.waitForOutput(/threadwatch is running/, 120_000);
      return child;
    };
    worker = await startWorker();
    const config = loadConfig({ REDIS_PREFIX: prefix, HTTP_PORT: '0' });
    // The driver runs no workers of its own: every job is the worker process's.
    app = await createApp({ config, redisTarget: options.target, roles: new Set(), logger: createLogger('silent'), sources });
    await app.start();
    for (let chat = 1; chat <= options.chats; chat++) {
      await app.stores.subscriptions.subscribe({ destination: { platform: 'telegram', chatId: String(8000 + chat) }, target: 'top:5', slug: '', at: Date.now() });
    }

    const plan = [...options.killAt].sort((a, b) => a - b);
    let restarting: Promise<void> = Promise.resolve();
    const onShare = (share: number) => {
      while (plan.length > 0 && share >= plan[0]!) {
        plan.shift();
        kills += 1;
        restarting = restarting.then(async () => {
          await worker?.kill();
          worker = await startWorker();
        });
      }
    };
    if (options.mode === 'ingest') {
      await ingestStream(app, options.records, { outlets, onProgress: (progress) => onShare(progress.processed / progress.total) });
    } else {
      await replayStream(app, server!, {
        setClock: (at) => {
          streamNow = at;
        },
        speed: 1e9,
        stepMs: config.POLL_INTERVAL_MINUTES * 60_000,
        onProgress: (progress) => onShare(progress.revealed / progress.total),
      });
      // The next interval's poll of every source, as its Job Scheduler would run it.
      const pollQueue = app.queues[QUEUES.pollSource];
      await pollQueue.addBulk(sources.map((source) => ({ name: QUEUES.pollSource, data: { sourceId: source.id }, opts: { jobId: `next-interval-${replaySourceId(source.domain)}` } })));
      await waitForIdle([pollQueue, app.queues[QUEUES.threadArticle]]);
    }
    await restarting;
    // Deliveries a kill interrupted may still be waiting out their backoff.
    await waitForIdle([app.queues[QUEUES.rankThreads], app.queues[QUEUES.deliverTelegram]]);
    return {
      account: await accountArticles(app, options.records),
      groups: await threadGroups(app, options.records),
      alerts: telegram
        .callsTo('sendMessage')
        .filter((call) => String(call.params['text']).includes('🔔'))
        .map((call) => `${String(call.params['chat_id'])} → ${String(call.params['text'])}`)
        .sort(),
      kills,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await worker?.stop();
    await app?.stop();
    await server?.close();
    await telegram.close();
    await scoped.cleanup();
    await rm(dir, { recursive: true, force: true });
  }
}

/** redis-server with AOF on a free port in its own temp dir, restartable on the same port and data. */
export async function startPrivateRedis(): Promise<{ target: RedisTarget; restart(downMs?: number): Promise<void>; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'threadwatch-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    const spawned = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = spawned;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) resolve();
      };
      spawned.stdout?.on('data', onData);
      spawned.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    });
  };
  const shutdown = async () => {
    const current = child;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    // SIGTERM: Redis flushes the AOF and exits, as `redis-cli shutdown` or a service restart does.
    current.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    target: { mode: 'standalone', url: `redis://127.0.0.1:${port}` },
    async restart(downMs = 1_000) {
      await shutdown();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    async stop() {
      await shutdown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How long after a platform outage ends the bots are healthy again and answering. */
export interface BotRecovery {
  outageSeconds: number;
  telegramHealthyAfterSeconds: number;
  telegramAnsweringAfterSeconds: number;
  discordHealthyAfterSeconds: number;
  discordAnsweringAfterSeconds: number;
  telegramFailuresCounted: number;
  discordFailuresCounted: number;
}

/**
 * The Telegram and Discord bots of one process against fakes that answer 500 to everything for
 * `outageMs`; commands sent during the outage go unanswered, and afterwards the bots must be
 * healthy and answer again without anyone restarting anything.
 */
export async function botsThroughApiOutage(target: RedisTarget, outageMs: number): Promise<BotRecovery> {
  const prefix = `twfault-${randomBytes(4).toString('hex')}`;
  const scoped = createPrefixedRedis(target, prefix);
  const telegram: FakeTelegram = await startFakeTelegram();
  const discord = await startFakeDiscord();
  const config = loadConfig({
    REDIS_PREFIX: prefix,
    HTTP_PORT: String(await freePort()),
    TELEGRAM_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_BASE: discord.apiBase,
    DISCORD_SHARDS: '1',
  });
  const app = await createApp({ config, redisTarget: target, roles: new Set(['http', 'telegram', 'discord']), logger: createLogger('silent'), sources: [], notice: () => undefined });
  const { commandUpdate, privateChat } = await import('./fake-telegram.js');
  try {
    await app.start();
    const base = `http://127.0.0.1:${app.httpAddress()!.port}`;
    const component = async (name: string) => ((await (await fetch(`${base}/healthz`)).json()) as { components: Record<string, { status: string }> }).components[name]?.status;
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 5 * 60_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('the bots did not recover within 5 minutes of the outage ending');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return (performance.now() - ended) / 1000;
    };
    telegram.setOutage(botApiFaults.serverError());
    discord.setOutage('error-500');
    // Asked during the outage: these answers fail (and are logged), they must not stop the bots.
    telegram.pushUpdate(commandUpdate('/help', privateChat(9001), 9001));
    discord.slashCommand('help');
    await new Promise((resolve) => setTimeout(resolve, outageMs));
    telegram.setOutage(undefined);
    discord.setOutage(undefined);
    const ended = performance.now();
    const telegramHealthy = until(async () => (await component('telegram')) === 'ok');
    const telegramAnswering = (async () => {
      const before = telegram.callsTo('sendMessage').length;
      telegram.pushUpdate(commandUpdate('/help', privateChat(9002), 9002));
      return until(async () => telegram.callsTo('sendMessage').length > before);
    })();
    const discordAnswering = (async () => {
      const interaction = discord.slashCommand('help');
      return until(async () => discord.requests.some((request) => request.path.includes(interaction.token) && request.status < 300));
    })();
    const discordAnsweringAfter = await discordAnswering;
    const discordHealthy = until(async () => (await component('discord')) === 'ok');
    const metrics = await app.metrics.registry.getSingleMetricAsString('threadwatch_component_failures_total');
    const countFor = (name: string) =>
      metrics
        .split('\n')
        .filter((line) => line.startsWith(`threadwatch_component_failures_total{component="${name}"`))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    return {
      outageSeconds: outageMs / 1000,
      telegramHealthyAfterSeconds: round(await telegramHealthy),
      telegramAnsweringAfterSeconds: round(await telegramAnswering),
      discordHealthyAfterSeconds: round(await discordHealthy),
      discordAnsweringAfterSeconds: round(discordAnsweringAfter),
      telegramFailuresCounted: countFor('telegram'),
      discordFailuresCounted: countFor('discord'),
    };
  } finally {
    await app.stop();
    await telegram.close();
    await discord.close();
    await scoped.cleanup();
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
