import type { Worker } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Lease } from '../store/redis-lease.js';

/**
 * Runs a BullMQ worker only while this process holds a lease, so of all the worker processes one
 * consumes the queue (threading keeps its index in memory: one warm writer beats several that
 * each replay the others' writes). The others stand by and try to take the lease every
 * `ttl / 3`; when the holder dies its lease runs out and one of them takes over, and BullMQ's
 * stalled-job check hands it the job the dead process had started (the worker's lock duration is
 * the lease TTL). A holder that cannot renew in time pauses, and the store's sequence check keeps
 * two writers overlapping for a moment from corrupting anything.
 */
export interface LeaderGate {
  /** Starts competing for the lease; runs `worker` whenever it is held. */
  start(worker: Worker): void;
  /** Stops competing for the lease (before the worker closes, so nothing resumes it meanwhile). */
  standDown(): Promise<void>;
  /** Gives the lease back, so a standby takes over at once (after the worker has closed). */
  release(): Promise<void>;
  /** True while another process holds the lease (this one stands by). */
  isStandby(): boolean;
}

const SHUTDOWN_STEP_MS = 1_000;

async function bounded(promise: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, SHUTDOWN_STEP_MS)))]);
  clearTimeout(timer);
}

export function createLeaderGate(deps: { lease: Lease; logger: Logger; name: string; now?: () => number }): LeaderGate {
  const { lease, logger } = deps;
  const now = deps.now ?? Date.now;
  const renewEveryMs = Math.max(100, Math.floor(lease.ttlMs / 3));
  let worker: Worker | undefined;
  let held = false;
  let started = false;
  let stopping = false;
  let lastHeldAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    let holds: boolean;
    try {
      holds = await lease.tryAcquire();
      if (holds) lastHeldAt = now();
    } catch (error) {
      // Redis unreachable: keep going while the lease cannot have run out yet.
      holds = held && now() - lastHeldAt < lease.ttlMs;
      logger.debug({ err: error instanceof Error ? error.message : String(error), lease: deps.name }, 'lease renewal failed');
    }
    if (stopping || !worker) return;
    if (holds && !held) {
      held = true;
      logger.info({ lease: deps.name, owner: lease.owner }, `took the ${deps.name} lease: this process now runs it`);
      if (started) await worker.resume();
      else {
        started = true;
        worker.run().catch((error: unknown) => logger.error({ err: error, queue: worker?.name }, 'worker stopped unexpectedly'));
      }
    } else if (!holds && held) {
      held = false;
      logger.warn({ lease: deps.name, owner: lease.owner }, `lost the ${deps.name} lease: pausing until it can be taken again`);
      await worker.pause(true);
    }
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      ticking = tick().finally(() => {
        if (!stopping) schedule(renewEveryMs);
      });
    }, delayMs);
  }

  return {
    start(target) {
      worker = target;
      schedule(0);
    },
    async standDown() {
      stopping = true;
      clearTimeout(timer);
      // A renewal stuck on an unreachable Redis must not hold up shutdown; it no longer touches the worker.
      await bounded(ticking);
    },
    async release() {
      // Unreachable Redis: the lease runs out on its own.
      if (held) await bounded(lease.release());
      held = false;
    },
    isStandby: () => !held,
  };
}
