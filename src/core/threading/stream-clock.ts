/**
 * Stream time: "now" for the threading index, read from the articles themselves so that replays
 * and ingests of old data thread the way a live run did. It is the median publish time of the last
 * WINDOW articles, and never goes back: one misdated article (a 1989 archive page, a feed that
 * says 2090) cannot move it.
 */

const WINDOW = 33;

export interface StreamClockSnapshot {
  clock: number | null;
  recent: number[];
}

export function createStreamClock() {
  const recent: number[] = [];
  let clock = -Infinity;

  return {
    /** Counts one article's publish time; returns the clock after it. */
    observe(published: number): number {
      recent.push(published);
      if (recent.length > WINDOW) recent.shift();
      const sorted = [...recent].sort((a, b) => a - b);
      // The lower median: with two articles, one misdated (2090) cannot carry the clock.
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      if (median > clock) clock = median;
      return clock;
    },
    now(): number {
      return clock;
    },
    snapshot(): StreamClockSnapshot {
      return { clock: Number.isFinite(clock) ? clock : null, recent: [...recent] };
    },
    restore(saved: StreamClockSnapshot): void {
      clock = saved.clock ?? -Infinity;
      recent.length = 0;
      recent.push(...saved.recent);
    },
  };
}

export type StreamClock = ReturnType<typeof createStreamClock>;
