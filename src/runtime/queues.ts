import { Queue, type ConnectionOptions, type DefaultJobOptions } from 'bullmq';
import { QUEUES, type QueueName } from '../../jobs/contracts.js';
import type { Keys } from '../store/keys.js';

/**
 * Retention keeps Redis bounded (noeviction means a full Redis stops the service) while leaving
 * enough history in the dashboard to debug: recent completions, a week of failures.
 */
const KEEP_COMPLETED = { count: 1_000, age: 24 * 3600 };
const KEEP_FAILED = { count: 5_000, age: 7 * 24 * 3600 };

const base: DefaultJobOptions = {
  removeOnComplete: KEEP_COMPLETED,
  removeOnFail: KEEP_FAILED,
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
};

/** Per-queue defaults; producers may still override per job (the poll scheduler sets its own). */
export const DEFAULT_JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  // A failed poll is recorded in source health and retried by the next scheduled poll, not by BullMQ.
  [QUEUES.pollSource]: { ...base, attempts: 1 },
  [QUEUES.threadArticle]: { ...base, attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
  [QUEUES.summarizeThread]: { ...base, attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  // A ranking must outlast a failover (its writes are confirmed by WAIT, and a job that cannot confirm
  // them waits up to 30 s for the new master, then throws to be retried): three attempts two and four
  // seconds apart could all fall inside one failover, and a ranking lost there loses its alerts.
  [QUEUES.rankThreads]: { ...base, attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
  [QUEUES.deliverDiscord]: { ...base, attempts: 8, backoff: { type: 'exponential', delay: 5_000 } },
  [QUEUES.deliverTelegram]: { ...base, attempts: 8, backoff: { type: 'exponential', delay: 5_000 } },
  [QUEUES.deliverConsole]: { ...base, attempts: 3 },
};

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, keys: Keys): Queues {
  const entries = Object.values(QUEUES).map(
    (name) => [name, new Queue(name, { connection, prefix: keys.queuePrefix(name), defaultJobOptions: DEFAULT_JOB_OPTIONS[name] })] as const,
  );
  return Object.fromEntries(entries) as Queues;
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}
