import { Worker, type Processor, type WorkerOptions } from 'bullmq';
import type { RedisClient } from '../store/redis-client.js';
import type { AlertSender } from '../../jobs/deliver-alert.js';
import { QUEUES, type QueueName } from '../../jobs/contracts.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { Keys } from '../store/keys.js';
import type { Metrics } from './metrics.js';

/**
 * Every BullMQ worker of this process. Roles add theirs while the app is built; they all start
 * together once the roles are set up, and stop together (in-flight jobs finish first).
 */
export interface WorkerPool {
  add(name: QueueName, processor: Processor, extra?: Partial<WorkerOptions>): void;
  readonly workers: readonly Worker[];
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
  return {
    workers,
    add(name, processor, extra = {}) {
      const worker = new Worker(name, processor, {
        connection: deps.connection,
        prefix: deps.keys.queuePrefix(name),
        concurrency: concurrencyFor(name, config),
        autorun: false,
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
    },
    run() {
      for (const worker of workers) {
        worker.run().catch((error: unknown) => logger.error({ err: error, queue: worker.name }, 'worker stopped unexpectedly'));
      }
    },
    async close(graceMs) {
      const closed = await Promise.all(workers.map((worker) => closeWorker(worker, graceMs)));
      return workers.filter((_, index) => !closed[index]).map((worker) => worker.name);
    },
  };
}

/** Adds the worker of one platform's delivery queue, posting through that platform's sender. */
export type AddDeliveryWorker = (queue: DeliveryQueueName, sender: AlertSender, extra?: Partial<WorkerOptions>) => void;
export type DeliveryQueueName = typeof QUEUES.deliverConsole | typeof QUEUES.deliverDiscord | typeof QUEUES.deliverTelegram;
