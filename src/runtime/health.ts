
/**
 * What /healthz reports. Only Redis and the workers decide the status code: a few broken feeds are
 * normal on the internet and are reported, not treated as the service being down.
 */
export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  redis: { reachable: boolean; latencyMs?: number; error?: string };
  /** `standby`: a worker that runs only in the process holding its lease (threading), waiting its turn. */
  workers: { queue: string; running: boolean; standby?: boolean }[];
  sources?: { total: number; failing: number; disabled: number; failingIds: string[] };
  checkedAt: string;
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
  const degraded = sources !== undefined && sources.total > 0 && sources.failing + sources.disabled === sources.total;
  return { status: down ? 'down' : degraded ? 'degraded' : 'ok', redis, workers, ...(sources ? { sources } : {}), checkedAt: new Date(now()).toISOString() };
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
