import { topMargin } from '../src/core/ranking/alert-rules.js';
import { plural } from '../src/core/render/format.js';

/**
 * What each kind of subscription will send, in words that match the alert rules exactly
 * (src/core/ranking/alert-rules.ts; test/unit/command-subscriptions.test.ts checks the numbers).
 * `/subscribe` shows it once subscribed; docs/ranking.md says the same at length.
 */

/** `top:N`: one message at most every interval, listing what entered, what left and a new #1. */
export function describeTopSubscription(n: number, digest: boolean, topIntervalMinutes: number): string {
  if (digest) {
    return `Once a day, just after midnight UTC, you will get one message here listing every thread that entered the top ${n} that day (or saying that none did).`;
  }
  const hours = topIntervalMinutes / 60;
  const every = topIntervalMinutes < 60 ? plural(topIntervalMinutes, 'minute') : Number.isInteger(hours) ? plural(hours, 'hour') : `${hours.toFixed(1)} hours`;
  return (
    `You will get at most one message here every ${every}, listing what changed in the top ${n} since the last one: ` +
    `threads that entered it (even if they have left again since), threads that left it (ranked below #${n + topMargin(n)}, or outside the top ${n} for two rankings in a row), ` +
    `and a new #1 once it has held #1 for two rankings or leads clearly.`
  );
}

/** A thread: one alert per change, at most one per ALERT_MIN_INTERVAL_MINUTES. */
export function describeThreadSubscription(shown: string): string {
  return `You will get an alert here when ${shown} climbs or falls several places, enters or leaves the top ranks, or becomes #1 (once it has held #1 for two rankings or leads clearly).`;
}

