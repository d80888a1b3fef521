import type { Action } from './reply.js';

/**
 * Two kinds of failure matter to callers: ones the person typing a command caused and can fix
 * (shown to them verbatim), and everything else (logged, shown as a generic apology).
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    /** Extra lines such as "did you mean `trump-putin`?" suggestions. */
    readonly suggestions: readonly string[] = [],
    /** Buttons that act on the suggestions (open `trump-putin`), so chat users tap instead of retyping. */
    readonly actions: readonly Action[] = [],
  ) {
    super(message);
  }
}

/** Delivery failures the platform adapters raise; the deliver-alert job maps them to retries or disabling. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterMs: number) {
    super(`rate limited; retry after ${retryAfterMs} ms`);
  }
}

/** Telegram groups upgraded to supergroups change id; the subscription must follow. */
export class ChatMovedError extends Error {
  override readonly name = 'ChatMovedError';
  constructor(readonly newChatId: string) {
    super(`chat moved to ${newChatId}`);
  }
}

/** A feed that will not start working by retrying (404/410, not a feed at all). */
export class PermanentFeedError extends Error {
  override readonly name = 'PermanentFeedError';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
