import type { Config } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import { createComponentHealth, type ComponentHealth, type ComponentReporter } from '../health.js';
import type { Metrics } from '../metrics.js';
import type { RunningRole } from './role.js';

/**
 * Start-up of a part that depends on a platform outside our control (the Discord gateway, the Bot
 * API). A failed start is not the process's failure: the part is marked `down` in /healthz, one
 * plain line says why, and it is tried again with backoff while every other role keeps running.
 */

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
  /** 0..1; the delay is spread ±20 % so several processes do not retry in step. */
  random?: () => number;
}

export interface SupervisedPart {
  /**
   * One attempt. Throws when the part could not start, leaving nothing half-open behind. `lost` is
   * for later: the part calls it when it has stopped working for good after starting (a runner
   * that gave up), and it is started afresh.
   */
  start(lost: (error: unknown) => void): Promise<void>;
  stop(): Promise<void>;
  /** One line, no stack: what went wrong, in words an operator can act on. */
  describe(error: unknown): string;
}

/** What the composition root hands every supervised role: where states, notices and failures go. */
export interface Supervision {
  components: ComponentHealth;
  notice(line: string): void;
  countFailure(component: string, call: string): void;
  retry: RetryPolicy;
}

/**
 * The process's component registry, wired to the status gauge, with notices going to `notice`
 * (the open terminal) or, by default, the log as one warning line.
 */
export function createSupervision(deps: { config: Pick<Config, 'PLATFORM_RETRY_MAX_SECONDS'>; metrics: Metrics; logger: Logger; notice?: ((line: string) => void) | undefined }): Supervision {
  const maxMs = Math.round(deps.config.PLATFORM_RETRY_MAX_SECONDS * 1000);
  return {
    components: createComponentHealth({ onChange: (name, state) => deps.metrics.setComponentStatus(name, state.status) }),
    notice: deps.notice ?? ((line) => deps.logger.warn(line)),
    countFailure: (component, call) => deps.metrics.countComponentFailure(component, call),
    retry: { initialMs: Math.min(1_000, maxMs), maxMs },
  };
}

/** superviseStart's deps for the component `name`, from the shared Supervision. */
export function superviseDeps(supervision: Supervision, name: string): Pick<SuperviseDeps, 'name' | 'component' | 'notice' | 'countFailure' | 'retry'> {
  return {
    name,
    component: supervision.components.component(name),
    notice: supervision.notice,
    countFailure: (call) => supervision.countFailure(name, call),
    retry: supervision.retry,
  };
}

export interface SuperviseDeps {
  /** Component name in /healthz and /metrics (`discord`). */
  name: string;
  /** How people call it (`Discord bot`). */
  label: string;
  part: SupervisedPart;
  component: ComponentReporter;
  logger: Logger;
  /** Where the one-line notices go (the terminal when interactive, else the log). */
  notice(line: string): void;
  countFailure(call: string): void;
  retry: RetryPolicy;
}

export function retryDelayMs(policy: RetryPolicy, attempt: number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  const spread = 0.8 + 0.4 * (policy.random ?? Math.random)();
  return Math.round(Math.min(policy.maxMs, base * spread));
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

export function superviseStart(deps: SuperviseDeps): RunningRole {
  const { part, component, logger, label } = deps;
  let stopped = false;
  let running = false;
  let failures = 0;
  let lastReason: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> | undefined;

  function failed(error: unknown, call: string): void {
    failures += 1;
    const reason = part.describe(error);
    component.report('down', reason);
    deps.countFailure(call);
    const delay = retryDelayMs(deps.retry, failures);
    const line = `${label}: ${call === 'start' ? 'could not start' : 'stopped working'}: ${reason}. Retrying in ${formatDelay(delay)}; everything else keeps running.`;
    // A new reason is news; the same one again every retry is only worth a log line.
    if (reason !== lastReason) deps.notice(line);
    else logger.warn({ component: deps.name, reason, attempt: failures }, line);
    lastReason = reason;
    if (stopped) return;
    // unref: a pending retry never keeps a stopping process alive.
    timer = setTimeout(() => {
      timer = undefined;
      attempt = tryStart();
    }, delay);
    timer.unref();
  }

  async function tryStart(): Promise<void> {
    if (stopped) return;
    try {
      await part.start((error) => {
        if (!running || stopped) return;
        running = false;
        void part.stop().catch(() => undefined).then(() => failed(error, 'run'));
      });
    } catch (error) {
      if (!stopped) failed(error, 'start');
      return;
    }
    if (stopped) {
      await part.stop().catch(() => undefined);
      return;
    }
    running = true;
    if (component.current()?.status !== 'degraded') component.report('ok');
    if (failures > 0) deps.notice(`${label}: started after ${failures} failed attempt${failures === 1 ? '' : 's'}.`);
    failures = 0;
    lastReason = undefined;
    logger.info({ component: deps.name }, `${label} started`);
  }

  return {
    name: deps.name,
    async start() {
      // The first attempt is awaited (a healthy start keeps the start order and its log lines);
      // a failed one never fails the process.
      attempt = tryStart();
      await attempt;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await attempt?.catch(() => undefined);
      if (running) {
        running = false;
        await part.stop();
      }
    },
  };
}
