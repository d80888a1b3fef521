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
}

export interface TelegramRole extends RunningRole {
  /** The webhook endpoint for the HTTP role (webhook mode only). */
  routes: HttpRoute[];
}

/** The Telegram bot (long polling or webhook) and the deliver-telegram worker. Needs TELEGRAM_TOKEN. */
export async function createTelegramRole(deps: TelegramRoleDeps): Promise<TelegramRole> {
  // Loaded only when the role runs with a token: `ask` never pays for grammY.
  const { createTelegramBot } = await import('../../adapters/telegram/bot.js');
  const bot = createTelegramBot(deps);
  deps.addDeliveryWorker(QUEUES.deliverTelegram, bot.sender);
  const { handleWebhook, webhookPath } = bot;
  if (handleWebhook && !deps.servesHttp)
    deps.logger.error('TELEGRAM_MODE=webhook needs the http role and an HTTP_PORT in the telegram process: updates will not arrive');
  const routes: HttpRoute[] =
    handleWebhook && webhookPath
      ? [{ method: 'post', path: webhookPath, handler: (req, res, next) => void handleWebhook(req, res).catch(next) }]
      : [];
  return {
    name: 'telegram',
    routes,
    async start() {
      await bot.start();
      deps.logger.info({ bot: 'telegram' }, 'bot started');
    },
    stop: () => bot.stop(),
  };
}
