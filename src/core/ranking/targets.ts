/**
 * Subscription targets are strings so they can key Redis sets: a thread id for one story,
 * `top:N` for rank-change alerts about the top N, or `top:N:digest` for one message a day listing
 * what entered the top N.
 */
export const MAX_TOP_N = 100;

export function topTarget(n: number, options: { digest?: boolean } = {}): string {
  return options.digest ? `top:${n}:digest` : `top:${n}`;
}

/** N and the mode of a `top:N` or `top:N:digest` target; null for thread targets (and malformed or out-of-range N). */
export function parseTopSubscription(target: string): { n: number; digest: boolean } | null {
  const match = /^top:(\d{1,3})(:digest)?$/.exec(target);
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  return n >= 1 && n <= MAX_TOP_N ? { n, digest: match[2] !== undefined } : null;
}

/** N for a `top:N` (alerts) target; null for digests, thread targets and malformed N. */
export function parseTopTarget(target: string): number | null {
  const parsed = parseTopSubscription(target);
  return parsed && !parsed.digest ? parsed.n : null;
}
