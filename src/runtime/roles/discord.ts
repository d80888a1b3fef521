import type { RedisClient } from '../../store/redis-client.js';
import type { CommandRunner } from '../../../commands/command.js';
import { QUEUES } from '../../../jobs/contracts.js';
import type { ShardSelection, StatsPictures } from '../../adapters/discord/bot.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import type { AddDeliveryWorker } from '../worker-pool.js';
import type { RunningRole } from './role.js';

export interface DiscordRoleDeps {
  config: Config;
  runner: CommandRunner;
  pictures: StatsPictures;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  addDeliveryWorker: AddDeliveryWorker;
  /** `--shard-ids`/`--shard-count`: this process runs only these gateway shards. */
  shards?: ShardSelection | undefined;
}

/** The Discord bot (gateway + slash commands) and the deliver-discord worker. Needs DISCORD_TOKEN. */
export async function createDiscordRole(deps: DiscordRoleDeps): Promise<RunningRole> {
  // Loaded only when the role runs with a token: `ask` never pays for discord.js.
  const { createDiscordBot } = await import('../../adapters/discord/bot.js');
  const { discordDeliveryLimiter } = await import('../../adapters/discord/request-limiter.js');
  const { shards, ...botDeps } = deps;
  const bot = createDiscordBot({ ...botDeps, ...(shards ? { shards } : {}) });
  deps.addDeliveryWorker(QUEUES.deliverDiscord, bot.sender, { limiter: discordDeliveryLimiter(deps.config) });
  return {
    name: 'discord',
    async start() {
      await bot.start();
      deps.logger.info({ bot: 'discord' }, 'bot started');
    },
    stop: () => bot.stop(),
  };
}

/**
 * A worker process with DISCORD_TOKEN but no discord role delivers Discord alerts too, over REST
 * only: delivery scales with the workers, independent of which process holds which gateway shard.
 */
export async function addDiscordDelivery(deps: Pick<DiscordRoleDeps, 'config' | 'redis' | 'keys' | 'logger' | 'addDeliveryWorker'>): Promise<void> {
  const { createDiscordRestSender } = await import('../../adapters/discord/bot.js');
  const { discordDeliveryLimiter } = await import('../../adapters/discord/request-limiter.js');
  deps.addDeliveryWorker(QUEUES.deliverDiscord, createDiscordRestSender(deps), { limiter: discordDeliveryLimiter(deps.config) });
}
