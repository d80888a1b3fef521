import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { Queue } from 'bullmq';
import { QUEUES } from '../../jobs/contracts.js';
import { createConsoleAlertSender } from '../adapters/console/alert-sender.js';
import { createProgressDisplay } from '../adapters/console/progress.js';
import { createOutletDirectory } from '../config/outlets.js';
import { plural } from '../core/render/format.js';
import { readStreamFile } from '../feeds/stream-file.js';
import { boot } from '../runtime/boot.js';
import { createKeys } from '../store/keys.js';
import { deleteKeysUnder } from '../store/prefix-keys.js';
import { closeRedisClient, createRedisClient, type RedisTarget } from '../store/redis-client.js';
import { createApp } from '../runtime/compose.js';
import { createReplayFeedServer } from '../runtime/replay-feed-server.js';
import { pipelineCounts } from '../runtime/stream-pipeline.js';
import { replaySources, replayStream } from '../runtime/stream-replay.js';

const USAGE = 'usage: replay FILE.jsonl [--speed N] [--demo]   (N = stream seconds per wall second, default 3600; --demo: start over on DEMO_REDIS_PREFIX)';
const DEFAULT_SPEED = 3_600;
/** Replayed alerts go to this console chat, subscribed to the top 10 for the length of the replay. */
const REPLAY_CHAT = 'replay';
const REPLAY_TOP_N = 10;

function parseArgs(args: string[]): { path: string; speed: number; demo: boolean } | string {
  let path: string | undefined;
  let speed = DEFAULT_SPEED;
  let demo = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--demo') demo = true;
    else if (arg === '--speed' || arg.startsWith('--speed=')) {
      const text = arg === '--speed' ? args[++index] : arg.slice('--speed='.length);
      speed = Number(text);
      if (!Number.isFinite(speed) || speed <= 0) return `--speed: must be a positive number, got "${text ?? ''}"`;
    } else if (!arg.startsWith('-') && path === undefined) path = arg;
    else return `unknown argument "${arg}"\n${USAGE}`;
  }
  return path ? { path, speed, demo } : USAGE;
}

/**
 * `replay FILE.jsonl --speed N`: serves the stream as RSS feeds on loopback (one per outlet) and
 * runs the real pipeline over them — poll jobs, threading, hourly ranking in stream time,
 * summaries, alerts — with a progress bar. `--demo` (what `npm run demo` passes) works on
 * DEMO_REDIS_PREFIX and starts over there, so the demo never mixes with live data and re-running it
 * gives the same threads.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 2;
  }
  try {
    await access(parsed.path);
  } catch (error) {
    console.error(`replay: cannot read ${parsed.path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return 1;
  }
  const { records, rejected } = await readStreamFile(parsed.path);
  if (rejected.length > 0) console.error(`replay: skipping ${plural(rejected.length, 'unusable line')} (first: line ${rejected[0]!.line}: ${rejected[0]!.error})`);
  if (records.length === 0) {
    console.error(`replay: ${parsed.path} has no usable article lines`);
    return 1;
  }

  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn', demo: parsed.demo });
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;

  // Polls of the replayed sources only work in this process (other processes do not know them).
  const others = await countPollWorkers(redis.target, config.REDIS_PREFIX);
  if (others > 0) {
    console.error(
      `replay: ${plural(others, 'other threadwatch worker')} ${others === 1 ? 'is' : 'are'} connected to prefix "${config.REDIS_PREFIX}"; stop them (npm start) or run the replay with another ${parsed.demo ? 'DEMO_REDIS_PREFIX' : 'REDIS_PREFIX'}`,
    );
    await redis.stop();
    return 1;
  }
  if (parsed.demo) await startOver(redis.target, config.REDIS_PREFIX);

  let streamNow = 0;
  const server = createReplayFeedServer(records, () => streamNow);
  await server.listen();
  const sources = replaySources(server, createOutletDirectory());
  // Drawn only on a terminal, clipped to its width; alerts print whole above it (or as plain lines).
  const display = createProgressDisplay({
    format: ' {bar} {percentage}% | {stream} | articles {articles} | threads {threads} | rank changes {rankChanges} | alerts {alerts}',
    bar: process.stderr,
    lines: process.stdout,
  });
  let alerts = 0;
  const app = await createApp({
    config,
    logger,
    redisTarget: redis.target,
    roles: new Set(['worker']),
    sources,
    // Threads change every few wall milliseconds here; summarise each burst once, soon after.
    summaryDebounceMs: 250,
    consoleAlerts: createConsoleAlertSender((line, subscription) => {
      if (subscription.chatId !== REPLAY_CHAT) return logger.info({ alert: line }, 'console alert');
      alerts += 1;
      display.log(line);
    }),
  });
  const started = performance.now();
  try {
    await app.start();
    const destination = { platform: 'console' as const, chatId: REPLAY_CHAT };
    await app.stores.subscriptions.subscribe({ destination, target: `top:${REPLAY_TOP_N}`, slug: '', at: Date.now(), createdBy: 'replay' });
    display.start(records.length, { stream: '', articles: 0, threads: 0, rankChanges: 0, alerts: 0 });
    const stop = new AbortController();
    const onSignal = () => stop.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const summary = await replayStream(app, server, {
        setClock: (at) => {
          streamNow = at;
        },
        speed: parsed.speed,
        stepMs: config.POLL_INTERVAL_MINUTES * 60_000,
        signal: stop.signal,
        onProgress: async (progress) => {
          const [totals, threads] = await Promise.all([app.metrics.totals(), app.redis.zcard(app.keys.activeThreads())]);
          display.update(progress.revealed, {
            stream: new Date(progress.at).toISOString().slice(0, 16).replace('T', ' '),
            articles: totals.articlesIngested,
            threads,
            rankChanges: progress.rankChanges,
            alerts,
          });
        },
      });
      display.stop();
      const counts = await pipelineCounts(app);
      const totals = await app.metrics.totals();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      await app.stores.sources.recordReplay({
        file: basename(parsed.path),
        feeds: server.feeds.size,
        polls: summary.polls,
        articles: totals.articlesIngested,
        from: summary.from,
        to: summary.to,
        finishedAt: Date.now(),
      });
      const askTop = `npm run -s cli -- ask${parsed.demo ? ' --demo' : ''} "/top"`;
      console.log(
        `replayed ${plural(records.length, 'article')} from ${plural(server.feeds.size, 'feed')} (${plural(summary.polls, 'poll')}): ${totals.articlesIngested.toLocaleString('en-US')} new, ` +
          `${plural(counts.threads, 'thread')} (${counts.publicThreads.toLocaleString('en-US')} public), ${plural(summary.rankings, 'hourly ranking')}, ${plural(summary.rankChanges, 'rank change')}, ` +
          `${plural(totals.summaries, 'summary', 'summaries')}, ${plural(alerts, 'alert')} in ${seconds} s — try: ${askTop}`,
      );
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // The replay's outlets and its alert subscription were only for the replay: /sources and
      // /subscriptions afterwards show the configured sources and the user's own subscriptions.
      await app.stores.subscriptions.unsubscribe(destination, 'all');
      for (const source of sources) await app.stores.sources.remove(source.id);
    }
  } catch (error) {
    display.stop();
    if (error instanceof Error && error.message === 'interrupted') {
      console.error('replay: interrupted; what was replayed so far stays in Redis');
      return 130;
    }
    throw error;
  } finally {
    await app.stop();
    await server.close();
    await redis.stop();
  }
}

/** The demo's prefix holds only the demo: its previous run's keys go, so every run starts from the same empty state. */
async function startOver(target: RedisTarget, prefix: string): Promise<void> {
  const connection = createRedisClient(target, { purpose: 'demo-reset' });
  try {
    // The check for other workers has already left a queue key here: only a finished demo counts as "previous".
    const previous = (await connection.exists(createKeys(prefix).replays())) > 0;
    await deleteKeysUnder(connection, prefix);
    if (previous) console.error(`demo: starting over on Redis prefix "${prefix}" (the previous demo's data is replaced; live data under REDIS_PREFIX is not touched)`);
  } finally {
    await closeRedisClient(connection);
  }
}

async function countPollWorkers(target: RedisTarget, prefix: string): Promise<number> {
  const connection = createRedisClient(target, { purpose: 'replay-check' });
  const queue = new Queue(QUEUES.pollSource, { connection, prefix: createKeys(prefix).queuePrefix(QUEUES.pollSource) });
  try {
    return (await queue.getWorkers()).length;
  } finally {
    await queue.close();
    await closeRedisClient(connection);
  }
}
