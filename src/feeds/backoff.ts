/**
 * How long a failing source rests before the next fetch: 5 min × 2^(n−1) after the n-th failure in a
 * row (MonitoRSS's schedule), capped so a source that recovers is picked up again within a day.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5 * 60_000, maxMs: 24 * 60 * 60_000 };

export function backoffDelayMs(consecutiveFailures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (consecutiveFailures <= 0) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
}
