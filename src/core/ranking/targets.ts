/**
 * Subscription targets are strings so they can key Redis sets: a thread id for one story, or
 * `top:N` for "any thread entering the top N".
 */
export const MAX_TOP_N = 100;

export function topTarget(n: number): string {
  return `top:${n}`;
}

/** N for a `top:N` target; null for thread targets (and for malformed or out-of-range N). */
export function parseTopTarget(target: string): number | null {
  const match = /^top:(\d{1,3})$/.exec(target);
  if (!match?.[1]) return null;
  const n = Number(match[1]);
  return n >= 1 && n <= MAX_TOP_N ? n : null;
}
