import cliProgress from 'cli-progress';

/**
 * A progress bar for long CLI runs (the demo's replay) that only draws on a terminal, and output
 * lines (alerts) that survive it:
 * - the bar is drawn only when its stream is a TTY; piped or redirected, nothing of it is written;
 * - the bar line is clipped to the terminal's width, so it never wraps (a wrapped bar makes every
 *   redraw land one row off, over the line above);
 * - terminal line wrapping stays on (cli-progress turns it off by default, and then a line wider
 *   than the terminal has all its overflow written into the last column: `virtu-financial` became
 *   `virtul`), so a long alert wraps and is shown whole, above the bar.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressDisplay {
  /** Starts the bar at 0 of `total` (no-op off a terminal). */
  start(total: number, payload: Record<string, unknown>): void;
  update(value: number, payload: Record<string, unknown>): void;
  /** One or more whole lines: above the bar on a terminal, else written to `lines` as they are. */
  log(text: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** cli-progress format string, e.g. ` {bar} {percentage}% | articles {articles}`. */
  format: string;
  /** Where the bar goes (stderr). */
  bar: ProgressStream;
  /** Where lines go when the bar is not drawn (stdout). */
  lines: ProgressStream;
}

const DEFAULT_COLUMNS = 80;

export function createProgressDisplay(options: ProgressOptions): ProgressDisplay {
  const stream = options.bar;
  if (stream.isTTY !== true) {
    return {
      start() {},
      update() {},
      log(text) {
        options.lines.write(text.endsWith('\n') ? text : `${text}\n`);
      },
      stop() {},
    };
  }
  const width = () => Math.max(10, (stream.columns ?? DEFAULT_COLUMNS) - 1);
  const formatter: cliProgress.GenericFormatter = (format, params, payload) =>
    // Code points, not UTF-16 units, so a clipped line never ends in half a character.
    [...cliProgress.Format.Formatter({ ...format, format: options.format }, params, payload)].slice(0, width()).join('');
  const bars = new cliProgress.MultiBar(
    {
      format: formatter,
      // A quarter of the width for the bar itself, so the figures after it still fit a narrow terminal.
      barsize: Math.max(10, Math.min(40, Math.floor(width() / 4))),
      stream: stream as NodeJS.WritableStream,
      // true keeps the terminal's wrapping on (cli-progress then trims bar writes, never log lines).
      linewrap: true,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let stopped = false;
  return {
    start(total, payload) {
      if (!bar && !stopped) bar = bars.create(total, 0, payload);
    },
    update(value, payload) {
      bar?.update(value, payload);
    },
    log(text) {
      const line = text.endsWith('\n') ? text : `${text}\n`;
      if (!bar || stopped) {
        stream.write(line);
        return;
      }
      bars.log(line);
      // Redraw now: cli-progress only flushes logged lines on its next scheduled redraw, and stop()
      // does not flush them at all, so a line logged just before the end would be lost.
      bars.update();
    },
    /** Leaves the last state of the bar on screen; safe to call twice, or without a start. */
    stop() {
      if (bar && !stopped) bars.stop();
      stopped = true;
    },
  };
}
