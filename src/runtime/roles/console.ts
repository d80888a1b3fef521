import { QUEUES } from '../../../jobs/contracts.js';
import type { AlertSender } from '../../../jobs/deliver-alert.js';
import type { AddDeliveryWorker } from '../worker-pool.js';

/**
 * Alerts for console subscriptions, printed by the open console (or logged). The prompt itself
 * belongs to the CLI command that owns the terminal (start, console); this role only consumes the
 * console delivery queue, so it has nothing to start or stop of its own.
 */
export function addConsoleRole(deps: { sender: AlertSender; addDeliveryWorker: AddDeliveryWorker }): void {
  deps.addDeliveryWorker(QUEUES.deliverConsole, deps.sender);
}
