import { DelayedError, UnrecoverableError, type Job, type JobsOptions, type Queue } from 'bullmq';
import type { Notice } from '../src/core/alert.js';
import { ChatMovedError, PermanentDeliveryError, RateLimitedError, errorMessage } from '../src/core/errors.js';
import { subscriptionId, type Platform, type Subscription } from '../src/core/subscription.js';
import type { Logger } from '../src/logger.js';
import { deliverAlertPayload } from './contracts.js';
import { parseJobPayload } from './parse-payload.js';
import type { DeliveryItem, DeliveryQueue } from './rank-threads.js';

/** What each platform adapter implements; it signals outcomes with the delivery errors of src/core/errors.ts. */
export interface AlertSender {
  /** A rank-change alert or a daily digest (`notice.kind === 'digest'`). */
  send(subscription: Subscription, notice: Notice): Promise<void>;
}

export interface DeliverySubscriptions {
  get(id: string): Promise<Subscription | null>;
  disable(id: string, reason: string, at: number): Promise<boolean>;
  moveChat(platform: Platform, fromChatId: string, toChatId: string): Promise<number>;
}

/** Remembers alerts that reached the chat, so a job re-run after a crash or re-enqueued by a retried ranking sends nothing twice. */
export interface AlertSentMarker {
  isSent(alertId: string): Promise<boolean>;
  markSent(alertId: string): Promise<void>;
}

export interface DeliverAlertDeps {
  subscriptions: DeliverySubscriptions;
  sender: AlertSender;
  logger: Logger;
  sentMarker: AlertSentMarker;
  now?: () => number;
}

export type DeliverAlertResult = { status: 'sent' | 'skipped-duplicate' | 'skipped-disabled' };

export function createDeliverAlertProcessor(deps: DeliverAlertDeps): (job: Job, token?: string) => Promise<DeliverAlertResult> {
  const now = deps.now ?? Date.now;

  return async function deliverAlert(job: Job, token?: string): Promise<DeliverAlertResult> {
    const payload = parseJobPayload(deliverAlertPayload, job.data, 'deliver-alert');
    const { alert } = payload;
    const log = deps.logger.child({ job: job.id, alert: alert.id, subscription: payload.subscriptionId });

    if (await deps.sentMarker.isSent(alert.id)) return { status: 'skipped-duplicate' };
    let subscription = await deps.subscriptions.get(payload.subscriptionId);
    if (!subscription || subscription.disabled) return { status: 'skipped-disabled' };

    try {
      try {
        await deps.sender.send(subscription, alert);
      } catch (error) {
        if (!(error instanceof ChatMovedError)) throw error;
        subscription = await followMovedChat(subscription, error.newChatId);
        // Later attempts (after a rate limit or a crash) must go to the new chat too.
        await job.updateData({ subscriptionId: subscription.id, alert });
        log.info({ newChatId: error.newChatId }, 'chat moved; subscription follows it');
        await deps.sender.send(subscription, alert);
      }
    } catch (error) {
      if (error instanceof RateLimitedError && token !== undefined) {
        // Not a failure: park the job until the platform allows more, without using up an attempt.
        await job.moveToDelayed(now() + error.retryAfterMs, token);
        throw new DelayedError();
      }
      if (error instanceof PermanentDeliveryError) {
        await deps.subscriptions.disable(subscription.id, error.reason, now());
        log.warn({ reason: error.reason }, 'subscription disabled after a permanent delivery failure');
        throw new UnrecoverableError(`subscription ${subscription.id} disabled: ${error.reason}`);
      }
      log.warn({ err: errorMessage(error) }, 'alert delivery failed; will retry');
      throw error;
    }

    await deps.sentMarker.markSent(alert.id);
    return { status: 'sent' };
  };

  async function followMovedChat(subscription: Subscription, newChatId: string): Promise<Subscription> {
    await deps.subscriptions.moveChat(subscription.platform, subscription.chatId, newChatId);
    const movedId = subscriptionId({ ...subscription, chatId: newChatId }, subscription.target);
    const moved = await deps.subscriptions.get(movedId);
    if (!moved) throw new PermanentDeliveryError(`chat moved to ${newChatId} but the subscription could not follow`);
    return moved;
  }
}

export interface DeliveryQueueOptions {
  attempts?: number;
  backoffDelayMs?: number;
}

/**
 * The DeliveryQueue the ranking job fans out through: BullMQ `addBulk` with the alert id as job id,
 * so a retried ranking run re-adding the same alerts creates no second job while the first exists
 * (and the sent marker covers the time after it was removed).
 */
export function createBullDeliveryQueue(queues: Record<Platform, Queue>, options: DeliveryQueueOptions = {}): DeliveryQueue {
  const jobOptions: JobsOptions = {
    attempts: options.attempts ?? 8,
    backoff: { type: 'exponential', delay: options.backoffDelayMs ?? 5_000 },
    removeOnComplete: { age: 24 * 3_600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3_600, count: 10_000 },
  };
  return {
    async enqueue(items: readonly DeliveryItem[]): Promise<void> {
      const byPlatform = new Map<Platform, DeliveryItem[]>();
      for (const item of items) {
        const group = byPlatform.get(item.platform);
        if (group) group.push(item);
        else byPlatform.set(item.platform, [item]);
      }
      for (const [platform, platformItems] of byPlatform) {
        for (let start = 0; start < platformItems.length; start += 1_000) {
          await queues[platform].addBulk(
            platformItems.slice(start, start + 1_000).map((item) => ({
              name: 'deliver-alert',
              data: deliverAlertPayload.parse(item.payload),
              opts: { ...jobOptions, jobId: item.payload.alert.id },
            })),
          );
        }
      }
    },
  };
}
