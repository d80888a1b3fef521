import { GrammyError } from 'grammy';
import { ChatMovedError, PermanentDeliveryError, RateLimitedError } from '../../core/errors.js';

/** 400 descriptions that mean the destination itself is gone or closed to us; retrying cannot help. */
const PERMANENT_BAD_REQUESTS = [
  'chat not found',
  'message thread not found',
  'topic_deleted',
  'topic_closed',
  'peer_id_invalid',
  'group chat was deactivated',
  'not enough rights',
  'have no rights to send',
  'chat_write_forbidden',
  'need administrator rights',
];

/**
 * Maps a Bot API failure to the delivery errors the deliver-alert job understands. Anything else
 * (network errors, 5xx, unexpected 400s) is returned unchanged so the job's retry policy decides.
 */
export function toDeliveryError(error: unknown): unknown {
  if (!(error instanceof GrammyError)) return error;
  const description = error.description;
  if (error.error_code === 429) return new RateLimitedError(Math.max(1, error.parameters.retry_after ?? 1) * 1000);
  if (error.parameters.migrate_to_chat_id !== undefined) return new ChatMovedError(String(error.parameters.migrate_to_chat_id));
  if (error.error_code === 403) return new PermanentDeliveryError(description);
  const lower = description.toLowerCase();
  if (error.error_code === 400 && PERMANENT_BAD_REQUESTS.some((fragment) => lower.includes(fragment))) return new PermanentDeliveryError(description);
  return error;
}

/** Telegram answers 400 when an edit would not change anything (a user pressed the active view). */
export function isMessageNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified');
}
