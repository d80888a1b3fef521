import type { Logger } from '../logger.js';

/**
 * First SIGTERM/SIGINT: stop gracefully (workers finish in-flight jobs, bots log out, Redis quits).
 * A second signal means the operator does not want to wait: exit at once.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => Promise<void>, logger: Logger): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for in-flight jobs');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight jobs');
    stop(signal).catch((error: unknown) => logger.error({ err: error }, 'shutdown failed'));
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
}
