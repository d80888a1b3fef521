import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON lines to stderr (stdout stays clean for `ask --json`, `preview` and `eval-threads`). */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'threadwatch', ...bindings } }, pino.destination({ fd: 2, sync: true }));
}
