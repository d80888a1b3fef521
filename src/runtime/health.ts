
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** One part of the process that talks to the outside world (a bot platform, the LLM), as /healthz shows it. */
export interface ComponentState {
  status: HealthStatus;
  /** Why it is not ok, in words an operator can act on; absent when ok. */
  reason?: string;
  /** When it entered this status. */
  since: string;
}

/**
 * What /healthz reports. Only Redis and the workers decide `down` (and the 503): without them
 * nothing works, and a restart may help. A platform (Discord, Telegram, the LLM) that is unreachable
 * makes the process `degraded`: everything else keeps running and the platform is retried, so a
 * restart would not help. A few broken feeds are normal on the internet; all of them failing is
 * `degraded` too.
 */
export interface HealthReport {
  status: HealthStatus;
  redis: { reachable: boolean; latencyMs?: number; error?: string };
  /** `standby`: a worker that runs only in the process holding its lease (threading), waiting its turn. */
  workers: { queue: string; running: boolean; standby?: boolean }[];
  sources?: { total: number; failing: number; disabled: number; failingIds: string[] };
  /** By name (`discord`, `telegram`, `llm`): only the ones this process runs. */
  components: Record<string, ComponentState>;
  checkedAt: string;
}

/** How one component tells the registry what state it is in. */
export interface ComponentReporter {
  report(status: HealthStatus, reason?: string): void;
  current(): ComponentState | undefined;
}

export interface ComponentHealth {
  /** The reporter for `name`; the component appears in /healthz from its first report. */
  component(name: string): ComponentReporter;
  snapshot(): Record<string, ComponentState>;
}

/**
 * The process's components and their current states. `onChange` sees every transition (the metrics
 * gauge and the one-line console notices hang off it); repeating the current state is not a change.
 */
export function createComponentHealth(options: { now?: () => number; onChange?: (name: string, state: ComponentState, previous: ComponentState | undefined) => void } = {}): ComponentHealth {
  const now = options.now ?? Date.now;
  const states = new Map<string, ComponentState>();
  return {
    component(name) {
      return {
        report(status, reason) {
          const previous = states.get(name);
          if (previous && previous.status === status && previous.reason === reason) return;
          const next: ComponentState = { status, ...(status !== 'ok' && reason ? { reason } : {}), since: previous?.status === status ? previous.since : new Date(now()).toISOString() };
          states.set(name, next);
          options.onChange?.(name, next, previous);
        },
        current: () => states.get(name),
      };
    },
    snapshot: () => Object.fromEntries([...states].map(([name, state]) => [name, { ...state }])),
  };
}

/** The part of a source's health record that decides whether it counts as failing. */
export interface SourceHealthSummary {
  sourceId: string;
  consecutiveFailures: number;
  disabled: boolean;
}

export interface HealthDeps {
  ping(): Promise<unknown>;
  workers(): readonly { name: string; isRunning(): boolean; isStandby?(): boolean }[];
  listSourceHealth?: () => Promise<SourceHealthSummary[]>;
  components?: () => Record<string, ComponentState>;
  now?: () => number;
}

const PING_TIMEOUT_MS = 2_000;

export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const now = deps.now ?? Date.now;
  const started = now();
  let redis: HealthReport['redis'];
  try {
    await withTimeout(deps.ping(), PING_TIMEOUT_MS);
    redis = { reachable: true, latencyMs: now() - started };
  } catch (error) {
    redis = { reachable: false, error: error instanceof Error ? error.message : String(error) };
  }
  const workers = deps.workers().map((worker) => ({ queue: worker.name, running: worker.isRunning(), ...(worker.isStandby?.() ? { standby: true } : {}) }));
  let sources: HealthReport['sources'];
  if (redis.reachable && deps.listSourceHealth) {
    const health = await deps.listSourceHealth().catch(() => null);
    if (health) sources = summariseSources(health);
  }
  const down = !redis.reachable || workers.some((worker) => !worker.running && !worker.standby);
  const components = deps.components?.() ?? {};
  const allSourcesFailing = sources !== undefined && sources.total > 0 && sources.failing + sources.disabled === sources.total;
  const degraded = allSourcesFailing || Object.values(components).some((component) => component.status !== 'ok');
  return { status: down ? 'down' : degraded ? 'degraded' : 'ok', redis, workers, ...(sources ? { sources } : {}), components, checkedAt: new Date(now()).toISOString() };
}

export function summariseSources(health: readonly SourceHealthSummary[]): NonNullable<HealthReport['sources']> {
  const disabled = health.filter((source) => source.disabled);
  const failing = health.filter((source) => !source.disabled && source.consecutiveFailures > 0);
  return { total: health.length, failing: failing.length, disabled: disabled.length, failingIds: failing.map((source) => source.sourceId).slice(0, 50) };
}

/** Rejects when `promise` has not settled within `ms` (a stalled Redis must not stall a probe). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
