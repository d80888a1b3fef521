import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_CONSOLE, noFeedAnsweredLine, type FeedHealthLike } from '../core/feed-status.js';
import type { ReplayHistory } from '../core/source.js';
import { formatUtc } from '../core/render/format.js';

/**
 * What `npm start` adds to its banner for a new user: whether any news feed has answered (no
 * network on the first run is the usual reason none has), and where the demo's threads are when
 * `npm run demo` has run (they live on their own prefix, see DEMO_REDIS_PREFIX).
 */

export { DEMO_CONSOLE };
export const DEMO_ASK_TOP = 'npm run -s cli -- ask --demo "/top"';

export function demoHint(history: ReplayHistory, demoPrefix: string): string {
  return `The demo's threads (${history.last.file}, replayed ${formatUtc(history.last.finishedAt)}) are kept apart on Redis prefix "${demoPrefix}": ${DEMO_ASK_TOP}, or ${DEMO_CONSOLE}.`;
}

export interface FeedWatch {
  /**
   * Resolves with the first-run line once it is known (null when a feed answered, or when none had
   * been tried when the watch gave up). Never rejects: Redis errors only mean "ask again".
   */
  readonly line: Promise<string | null>;
  stop(): void;
}

export interface FeedWatchOptions {
  listHealth(): Promise<FeedHealthLike[]>;
  /** Sources this install polls: the line waits until each has been tried, or until `giveUpMs`. */
  configured: number;
  /** Replaces "run the demo" (once the demo has run, the console points at its threads). */
  nextStep?: string;
  /** After this long, what is known is reported ("30 of 48 failing, 18 not answered yet"). */
  giveUpMs: number;
  intervalMs?: number;
}

/** Looks at the sources' health until the first poll of each is in (or one feed answered). */
export function watchFirstPolls(options: FeedWatchOptions): FeedWatch {
  const stop = new AbortController();
  const intervalMs = options.intervalMs ?? 500;
  const line = (async (): Promise<string | null> => {
    const started = performance.now();
    while (!stop.signal.aborted) {
      const health = await options.listHealth().catch(() => null);
      if (health) {
        if (health.some((source) => source.lastSuccessAt)) return null;
        const text = noFeedAnsweredLine(health, { configured: options.configured, ...(options.nextStep ? { nextStep: options.nextStep } : {}) });
        const tried = health.filter((source) => (source.consecutiveFailures ?? 0) > 0 || source.disabled).length;
        if (text && (tried >= options.configured || performance.now() - started >= options.giveUpMs)) return text;
      }
      if (performance.now() - started >= options.giveUpMs) return null;
      await sleep(intervalMs, undefined, { signal: stop.signal, ref: false }).catch(() => undefined);
    }
    return null;
  })();
  return { line, stop: () => stop.abort() };
}
