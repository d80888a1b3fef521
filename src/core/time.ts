/**
 * Time units in epoch milliseconds, the one unit every timestamp in threadwatch uses (stream time
 * and wall-clock time alike).
 */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Start of the UTC hour that contains `time`: the key of a thread's hourly article counts and of stream hours. */
export function hourStart(time: number): number {
  return Math.floor(time / HOUR_MS) * HOUR_MS;
}
