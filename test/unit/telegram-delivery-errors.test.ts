import { GrammyError, HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { isMessageNotModified, toDeliveryError } from '../../src/adapters/telegram/delivery-errors.js';
import { ChatMovedError, PermanentDeliveryError, RateLimitedError } from '../../src/core/errors.js';

const botApiError = (error_code: number, description: string, parameters: { retry_after?: number; migrate_to_chat_id?: number } = {}) =>
  new GrammyError(`Call to 'sendMessage' failed! (${error_code}: ${description})`, { ok: false, error_code, description, parameters }, 'sendMessage', {});

describe('mapping Bot API failures to delivery errors', () => {
  it('turns 429 into RateLimitedError carrying retry_after in milliseconds', () => {
    const mapped = toDeliveryError(botApiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }));
    expect(mapped).toBeInstanceOf(RateLimitedError);
    expect((mapped as RateLimitedError).retryAfterMs).toBe(7_000);
  });

  it('turns 403 (blocked, kicked) and 400 chat not found into permanent failures with the reason', () => {
    for (const [code, description] of [
      [403, 'Forbidden: bot was blocked by the user'],
      [403, 'Forbidden: bot was kicked from the supergroup chat'],
      [400, 'Bad Request: chat not found'],
      [400, 'Bad Request: message thread not found'],
    ] as const) {
      const mapped = toDeliveryError(botApiError(code, description));
      expect(mapped).toBeInstanceOf(PermanentDeliveryError);
      expect((mapped as PermanentDeliveryError).reason).toBe(description);
    }
  });

  it('turns a 400 with migrate_to_chat_id into ChatMovedError with the new id', () => {
    const mapped = toDeliveryError(botApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }));
    expect(mapped).toBeInstanceOf(ChatMovedError);
    expect((mapped as ChatMovedError).newChatId).toBe('-1001234');
  });

  it('leaves network failures and server errors alone so the job retries them', () => {
    const network = new HttpError('Network request for sendMessage failed', new Error('ECONNRESET'));
    expect(toDeliveryError(network)).toBe(network);
    const serverError = botApiError(502, 'Bad Gateway');
    expect(toDeliveryError(serverError)).toBe(serverError);
  });

  it('recognises an edit that would not change the message', () => {
    expect(isMessageNotModified(botApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same'))).toBe(true);
    expect(isMessageNotModified(botApiError(400, 'Bad Request: chat not found'))).toBe(false);
  });
});
