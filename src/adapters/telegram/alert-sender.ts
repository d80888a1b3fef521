import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { AlertSender } from '../../../jobs/deliver-alert.js';
import { RateLimitedError } from '../../core/errors.js';
import type { Logger } from '../../logger.js';
import { renderNoticeMessage } from './alert-message.js';
import { toDeliveryError } from './delivery-errors.js';
import type { SendRateLimiter } from './rate-limiter.js';

export interface TelegramAlertSenderDeps {
  /** A plain Api without auto-retry: a 429 must reach the job as RateLimitedError, not be slept on here. */
  api: Api;
  limiter: SendRateLimiter;
  logger: Logger;
}

/** Beyond this, a woken-up send is too late for its slot (see waitForOnTimeSlot). */
const MAX_LATENESS_MS = 15;
const MAX_SLOT_ATTEMPTS = 5;

/**
 * Reserves a send slot and sleeps until it. A send that goes out much later than its slot (the
 * process stalled: GC, CPU contention) would crowd the sends reserved after it inside Telegram's
 * window, so a late slot is given back and a fresh one taken instead.
 */
async function waitForOnTimeSlot(limiter: SendRateLimiter, chatId: string): Promise<void> {
  for (let attempt = 1; attempt <= MAX_SLOT_ATTEMPTS; attempt++) {
    const askedAt = performance.now();
    const reservation = await limiter.reserve(chatId);
    if (!reservation.granted) throw new RateLimitedError(reservation.retryAfterMs);
    if (reservation.delayMs > 0) await sleep(reservation.delayMs);
    if (performance.now() - askedAt - reservation.delayMs <= MAX_LATENESS_MS) return;
    await reservation.release();
  }
  // The process is too busy to keep time; let the job come back shortly instead of risking a 429.
  throw new RateLimitedError(1_000);
}

/**
 * Sends one alert to one chat (or forum topic). The rate budget is checked before Telegram is
 * called, so an over-budget job is delayed without spending a send or a retry attempt.
 */
export function createTelegramAlertSender({ api, limiter, logger }: TelegramAlertSenderDeps): AlertSender {
  return {
    async send(subscription, alert) {
      const { html, keyboard } = renderNoticeMessage(alert);
      await waitForOnTimeSlot(limiter, subscription.chatId);
      try {
        await api.sendMessage(subscription.chatId, html, {
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
          ...(keyboard.inline_keyboard.length > 0 ? { reply_markup: keyboard } : {}),
          ...(subscription.topicId ? { message_thread_id: Number(subscription.topicId) } : {}),
        });
      } catch (error) {
        const mapped = toDeliveryError(error);
        // Other alerts queued for this chat should wait too instead of each earning its own 429.
        if (mapped instanceof RateLimitedError) await limiter.pause(subscription.chatId, mapped.retryAfterMs);
        logger.warn({ chatId: subscription.chatId, alertId: alert.id, err: mapped }, 'telegram alert delivery failed');
        throw mapped;
      }
    },
  };
}
