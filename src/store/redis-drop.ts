/**
 * A Redis restart or failover closes the connection under the commands in flight. ioredis queues
 * single commands while it reconnects and sends them again, but not pipelines and transactions
 * (BullMQ counts jobs and adds them in bulk with MULTI/EXEC): it cannot know which of their
 * commands already ran, so it rejects them ("Command aborted due to connection close"). A server
 * still reading its append-only file answers LOADING, and a demoted master READONLY, for a few
 * seconds. Callers whose step is idempotent (fixed job ids, reads) retry it after such a drop;
 * everything else is a real error and is thrown at once.
 */

const DROP_MESSAGES = [/connection close/i, /connection is closed/i, /^LOADING\b/, /^READONLY\b/, /^CLUSTERDOWN\b/, /^TRYAGAIN\b/, /Reached the max retries per request limit/i];
const DROP_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);

export function isRedisConnectionDrop(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && DROP_CODES.has(code)) return true;
  return DROP_MESSAGES.some((pattern) => pattern.test(error.message));
}

export interface DropRetry {
  /** How long, in all, the step may keep failing with drops before the last drop is thrown. */
  giveUpAfterMs?: number;
  signal?: AbortSignal;
}

/** About the time a restart from an append-only file or a Sentinel failover takes, with room to spare. */
const GIVE_UP_AFTER_MS = 60_000;
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 2_000;

/** Runs `step`, and again after each connection drop (see above) until it succeeds or the time is up. */
export async function retryAfterRedisDrop<T>(step: () => Promise<T>, options: DropRetry = {}): Promise<T> {
  const deadline = Date.now() + (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS);
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    options.signal?.throwIfAborted();
    try {
      return await step();
    } catch (error) {
      if (!isRedisConnectionDrop(error) || Date.now() + pause > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
