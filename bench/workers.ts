import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { QUEUES } from '../jobs/contracts.js';
import { loadConfig } from '../src/config/config.js';
import { createOutletDirectory } from '../src/config/outlets.js';
import { urlFingerprint } from '../src/core/articles/fingerprint.js';
import { articleFromStreamRecord } from '../src/core/articles/normalise.js';
import type { StreamRecord } from '../src/core/articles/stream-record.js';
import { createLogger } from '../src/logger.js';
import { createApp } from '../src/runtime/compose.js';
import { createReplayFeedServer } from '../src/runtime/replay-feed-server.js';
import { replaySources, replayStream } from '../src/runtime/stream-replay.js';
import { redisTargetEnv } from '../src/store/redis-client.js';
import { startCliProcess, type CliProcess } from '../test/helpers/cli-process.js';
import { accountArticles, uciSlice } from '../test/helpers/failover.js';
import { createBenchRedis } from './bench-redis.js';
import { round } from './figures.js';

/**
 * Scale-out: the same replayed feeds (the UCI March 2014 stream, 1,651 outlets, served as live RSS
 * by the replay feed server) polled, parsed, threaded, ranked and summarised by 1 and then by 2
 * `start --role worker` child processes sharing one Redis. This process only drives the replay
 * clock and enqueues the poll jobs, as `replay` does. Each run has its own throwaway prefix.
 *
 * Besides articles/s it checks that nothing was done twice or lost: every poll and thread-article
 * job became active exactly once (counted from BullMQ's event stream), every record's article was
 * stored, no article was stored twice, and every stored article has exactly one thread entry and
 * is counted once by the threads. WORKERS_BENCH_RECORDS (default: the whole stream, 4,577) takes
 * the first N records instead.
 */

/**
 * How far the replay clock moves between rounds of polls. `step10m` is `replay`'s own cadence (the
 * default POLL_INTERVAL_MINUTES): a round holds only the few feeds that changed in ten minutes, and
 * the driver waits for polling and threading to go idle after each. `step6h` gives each round
 * hundreds of polls at once, which is where a second process can help; no outlet publishes more
 * than 27 items in six hours of this stream, so its feeds (100 newest items) still show them all.
 */
const STEPS = [
  { name: 'step10m', ms: 10 * 60_000 },
  { name: 'step6h', ms: 6 * 3_600_000 },
] as const;

interface JobLog {
  /** Per job id, how often BullMQ reported it active: more than once means it was processed twice. */
  activations: Map<string, number>;
  /** Wall seconds during which at least one job of the queue was running (Redis stream times). */
  busySeconds(): number;
}

function logJobs(events: QueueEvents): JobLog {
  const activations = new Map<string, number>();
  const startedAt = new Map<string, number>();
  const intervals: [number, number][] = [];
  // An event's stream id starts with the Redis server's clock in ms, so all processes share one clock.
  const at = (id: string) => Number(id.split('-')[0]);
  events.on('active', ({ jobId }, id) => {
    activations.set(jobId, (activations.get(jobId) ?? 0) + 1);
    startedAt.set(jobId, at(id));
  });
  const finish = ({ jobId }: { jobId: string }, id: string) => {
    const start = startedAt.get(jobId);
    if (start !== undefined) intervals.push([start, at(id)]);
    startedAt.delete(jobId);
  };
  events.on('completed', finish);
  events.on('failed', finish);
  return {
    activations,
    busySeconds() {
      let busy = 0;
      let end = -Infinity;
      for (const [from, to] of [...intervals].sort((a, b) => a[0] - b[0])) {
        if (to <= end) continue;
        busy += to - Math.max(from, end);
        end = to;
      }
      return busy / 1000;
    },
  };
}

async function runWith(workerCount: number, records: readonly StreamRecord[], stepMs: number): Promise<Record<string, number>> {
  const bench = createBenchRedis(`workers${workerCount}`);
  let streamNow = 0;
  const server = createReplayFeedServer(records, () => streamNow);
  await server.listen();
  const sources = replaySources(server, createOutletDirectory());
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-workers-'));
  const sourcesFile = join(dir, 'sources.json');
  writeFileSync(sourcesFile, JSON.stringify({ sources }));
  const config = loadConfig({ REDIS_PREFIX: bench.prefix, HTTP_PORT: '0' });
  // The driver runs no role: the worker processes do all the work.
  const app = await createApp({ config, redisTarget: bench.target, roles: new Set(), logger: createLogger('silent') });
  const events = [QUEUES.pollSource, QUEUES.threadArticle].map(
    (queue) => new QueueEvents(queue, { connection: bench.connect({ forWorker: true }), prefix: bench.keys.queuePrefix(queue) }),
  );
  const workers: CliProcess[] = [];
  try {
    await Promise.all(events.map((queueEvents) => queueEvents.waitUntilReady()));
    const [polling, threading] = events.map(logJobs) as [JobLog, JobLog];
    for (let index = 0; index < workerCount; index++) {
      workers.push(
        startCliProcess(['start', '--role', 'worker', '--no-console'], {
          ...redisTargetEnv(bench.target),
          REDIS_PREFIX: bench.prefix,
          SOURCES_FILE: sourcesFile,
          HTTP_PORT: '0',
          LOG_LEVEL: 'warn',
        }),
      );
    }
    await Promise.all(workers.map((worker) => worker.waitForOutput(/threadwatch is running/, 120_000)));

    const started = performance.now();
    const summary = await replayStream(app, server, {
      setClock: (at) => {
        streamNow = at;
      },
      speed: 1e9,
      stepMs,
    });
    const seconds = (performance.now() - started) / 1000;

    // Give the event streams a moment to deliver the last events before counting them.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const account = await accountArticles(app, records);
    const storedIds = new Set<string>();
    const outlets = createOutletDirectory();
    for (const record of records) {
      const id = await app.redis.get(app.keys.seen(urlFingerprint(articleFromStreamRecord(record, outlets.lookup(record.source)).url)));
      if (id !== null) storedIds.add(id);
    }
    const twice = (activations: Map<string, number>) => [...activations.values()].filter((count) => count > 1).length;
    const failed = async (queue: keyof typeof app.queues) => (await app.queues[queue].getJobCounts('failed')).failed ?? 0;
    const threads = (await app.stores.threads.listActiveThreadIds()).length + (await app.stores.threads.listArchivedThreadIds()).length;
    const result = {
      records: records.length,
      seconds: round(seconds),
      articlesPerSec: round(records.length / seconds),
      polls: summary.polls,
      pollingBusySeconds: round(polling.busySeconds()),
      threadingBusySeconds: round(threading.busySeconds()),
      pollJobsRun: polling.activations.size,
      pollJobsRunTwice: twice(polling.activations),
      threadJobsRun: threading.activations.size,
      threadJobsRunTwice: twice(threading.activations),
      failedJobs: (await failed(QUEUES.pollSource)) + (await failed(QUEUES.threadArticle)) + (await failed(QUEUES.rankThreads)) + (await failed(QUEUES.summarizeThread)),
      storedArticles: account.stored,
      // An article stored twice would be a second article key no record's fingerprint points to.
      storedTwice: account.stored - storedIds.size,
      lost: account.lost.length,
      threadEntries: account.threaded,
      countedInThreads: account.countedInThreads,
      listedInThreads: account.listedInThreads,
      threads,
      rankings: summary.rankings,
    };
    for (const worker of workers) {
      const code = await worker.stop();
      if (code !== 0) throw new Error(`worker exited with ${code}:\n${worker.output.slice(-2_000)}`);
    }
    return result;
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    await Promise.all(events.map((queueEvents) => queueEvents.close()));
    await app.stop();
    await server.close();
    await bench.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, number | string>> {
  const records = await uciSlice(Math.max(1, Number(process.env['WORKERS_BENCH_RECORDS'] ?? 1_000_000)));
  const figures: Record<string, number | string> = { records: records.length };
  for (const step of STEPS) {
    const runs: Record<string, number>[] = [];
    for (const workerCount of [1, 2]) {
      const result = await runWith(workerCount, records, step.ms);
      runs.push(result);
      const label = `${step.name}.${workerCount}w`;
      for (const [key, value] of Object.entries(result)) if (key !== 'records') figures[`${label}.${key}`] = value;
      // The proof the issue asks for, in one line per run: 0 duplicates, 0 lost, one thread entry per stored article.
      const duplicates = result['pollJobsRunTwice']! + result['threadJobsRunTwice']! + result['storedTwice']! + (result['countedInThreads']! - result['storedArticles']!);
      const consistent = result['threadEntries'] === result['storedArticles'] && result['listedInThreads'] === result['storedArticles'];
      figures[`${label}.check`] = `${duplicates} duplicated, ${result['lost']} lost, thread entries ${consistent ? '=' : '≠'} stored articles`;
    }
    const [one, two] = runs as [Record<string, number>, Record<string, number>];
    figures[`${step.name}.speedup`] = round(two['articlesPerSec']! / one['articlesPerSec']!);
    figures[`${step.name}.sameArticles`] = one['storedArticles'] === two['storedArticles'] ? 'yes' : 'no';
  }
  return figures;
}
