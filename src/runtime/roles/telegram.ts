import type { RedisClient } from '../../store/redis-client.js';
import type { CommandRunner } from '../../../commands/command.js';
import { QUEUES } from '../../../jobs/contracts.js';
import type { ChatSubscriptionStore, PictureRenderer } from '../../adapters/telegram/bot.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import type { HttpRoute } from '../http-server.js';
import type { AddDeliveryWorker } from '../worker-pool.js';
import type { RunningRole } from './role.js';
import { superviseDeps, superviseStart, type Supervision } from './supervised.js';

export interface TelegramRoleDeps {
  config: Config;
  runner: CommandRunner;
  pictures: PictureRenderer;
  subscriptions: ChatSubscriptionStore;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  addDeliveryWorker: AddDeliveryWorker;
  /** Whether this process serves HTTP (webhook mode receives updates on it). */
  servesHttp: boolean;
  supervision: Supervision;
}

export interface TelegramRole extends RunningRole {
  /** The webhook endpoint for the HTTP role (webhook mode only). */
  routes: HttpRoute[];
}

/** The Telegram bot (long polling or webhook) and the deliver-telegram worker. Needs TELEGRAM_TOKEN. */
export async function createTelegramRole(deps: TelegramRoleDeps): Promise<TelegramRole> {
  // Loaded only when the role runs with a token: `ask` never pays for grammY.
  const { createTelegramBot, describeTelegramFailure } = await import('../../adapters/telegram/bot.js');
  const { supervision, ...botDeps } = deps;
  const supervised = superviseDeps(supervision, 'telegram');
  // Reports from a bot that is not (or no longer) running would paint a stopped bot as `ok`.
  let live = false;
  const bot = createTelegramBot({
    ...botDeps,
    onStatus: (status, reason) => {
      if (live) supervised.component.report(status, reason);
    },
    onFailure: supervised.countFailure,
    setupRetry: { initialMs: supervision.retry.initialMs, maxMs: supervision.retry.maxMs },
  });
  deps.addDeliveryWorker(QUEUES.deliverTelegram, bot.sender);
  const { handleWebhook, webhookPath } = bot;
  if (handleWebhook && !deps.servesHttp)
    deps.logger.error('TELEGRAM_MODE=webhook needs the http role and an HTTP_PORT in the telegram process: updates will not arrive');
  const routes: HttpRoute[] =
    handleWebhook && webhookPath
      ? [{ method: 'post', path: webhookPath, handler: (req, res, next) => void handleWebhook(req, res).catch(next) }]
      : [];
  // A Bot API that is unreachable or refuses calls at start-up must not stop the other roles.
  const role = superviseStart({
    ...supervised,
    label: 'Telegram bot',
    logger: deps.logger,
    part: {
      async start(lost) {
        live = true;
        try {
          await bot.start(lost);
        } catch (error) {
          live = false;
          await bot.stop();
          throw error;
        }
      },
      async stop() {
        live = false;
        await bot.stop();
      },
      describe: (error) => describeTelegramFailure(error, deps.config.TELEGRAM_API_ROOT),
    },
  });
  return { ...role, routes };
}
