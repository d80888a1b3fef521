import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { RedisClient } from '../store/redis-client.js';
import type { AlertSender } from '../../jobs/deliver-alert.js';
import { QUEUES, type QueueName } from '../../jobs/contracts.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../store/keys.js';
import type { LeaderGate } from './leader-gate.js';
import type { Metrics } from './metrics.js';

/**
 * Every BullMQ worker of this process. Roles add theirs while the app is built; they all start
 * together once the roles are set up, and stop together (in-flight jobs finish first).
 */
export interface WorkerPool {
  /** With a gate, the worker runs only while the gate's lease is held (see leader-gate.ts). */
  add(name: QueueName, processor: Processor, extra?: Partial<WorkerOptions>, gate?: LeaderGate): void;
  readonly workers: readonly Worker[];
  /** True for a gated worker while another process holds its lease (it stands by, by design). */
  isStandby(worker: Worker): boolean;
  run(): void;
  /** Returns the queues whose workers did not finish in time (their jobs go back to the queue when their locks expire). */
  close(graceMs: number): Promise<string[]>;
}

export interface WorkerPoolDeps {
  connection: RedisClient;
  keys: Keys;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  reportError(source: string): (error: Error) => void;
  /**
   * Resolves once the job's writes have reached a replica (waitForReplicas, given the connection
   * loss count from `failoverMark` before the job). A job completes only after it, so a failover
   * never keeps a job's completion while losing what the job wrote.
   */
  replicated(since: number): Promise<unknown>;
  failoverMark(): number;
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

export function createWorkerPool(deps: WorkerPoolDeps): WorkerPool {
  const { config, logger, metrics } = deps;
  const workers: Worker[] = [];
  const gates = new Map<Worker, LeaderGate>();
  return {
    workers,
    isStandby: (worker) => gates.get(worker)?.isStandby() ?? false,
    add(name, processor, extra = {}, gate) {
      const durable: Processor = async (job, token, signal) => {
        const mark = deps.failoverMark();
        const result: unknown = await processor(job, token, signal);
        await deps.replicated(mark);
        return result;
      };
      const worker = new Worker(name, durable, {
        connection: deps.connection,
        prefix: deps.keys.queuePrefix(name),
        concurrency: concurrencyFor(name, config),
        autorun: false,
        // A dead worker's jobs go back to the queue once their lock runs out (found by the next
        // stalled-job check); a job survives a few deaths before BullMQ gives up on it.
        lockDuration: Math.round(config.JOB_LOCK_SECONDS * 1000),
        stalledInterval: Math.max(500, Math.round((config.JOB_LOCK_SECONDS * 1000) / 2)),
        maxStalledCount: 5,
        ...extra,
      });
      worker.on('error', deps.reportError(`worker:${name}`));
      worker.on('failed', (job, error) => {
        const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
        // Poll failures are recorded and logged by the poll job itself (source health); retries are routine.
        const level = name === QUEUES.pollSource || !final ? 'debug' : 'warn';
        logger[level]({ queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, final ? 'job failed, no retries left' : 'job failed, will retry');
      });
      metrics.observeWorker(worker);
      workers.push(worker);
      if (gate) gates.set(worker, gate);
    },
    run() {
      for (const worker of workers) {
        const gate = gates.get(worker);
        if (gate) gate.start(worker);
        else worker.run().catch((error: unknown) => logger.error({ err: error, queue: worker.name }, 'worker stopped unexpectedly'));
      }
    },
    async close(graceMs) {
      await Promise.all([...gates.values()].map((gate) => gate.standDown()));
      const closed = await Promise.all(workers.map((worker) => closeWorker(worker, graceMs)));
      // Leases go back only once their workers are done, so the next holder never overlaps a running job.
      await Promise.all([...gates.values()].map((gate) => gate.release()));
      return workers.filter((_, index) => !closed[index]).map((worker) => worker.name);
    },
  };
}

/** Adds the worker of one platform's delivery queue, posting through that platform's sender. */
export type AddDeliveryWorker = (queue: DeliveryQueueName, sender: AlertSender, extra?: Partial<WorkerOptions>) => void;
export type DeliveryQueueName = typeof QUEUES.deliverConsole | typeof QUEUES.deliverDiscord | typeof QUEUES.deliverTelegram;
