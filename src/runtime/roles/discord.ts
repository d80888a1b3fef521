import type { RedisClient } from '../../store/redis-client.js';
import type { CommandRunner } from '../../../commands/command.js';
import { QUEUES } from '../../../jobs/contracts.js';
import type { ShardSelection, StatsPictures } from '../../adapters/discord/bot.js';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../logger.js';
import type { Keys } from '../../store/keys.js';
import type { AddDeliveryWorker } from '../worker-pool.js';
import type { RunningRole } from './role.js';
import { superviseDeps, superviseStart, type Supervision } from './supervised.js';

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
  supervision: Supervision;
}

/** The Discord bot (gateway + slash commands) and the deliver-discord worker. Needs DISCORD_TOKEN. */
export async function createDiscordRole(deps: DiscordRoleDeps): Promise<RunningRole> {
  // Loaded only when the role runs with a token: `ask` never pays for discord.js.
  const { discordDeliveryLimiter } = await import('../../adapters/discord/request-limiter.js');
  const { createDiscordBot, describeDiscordFailure } = await import('../../adapters/discord/bot.js');
  const { shards, supervision, ...botDeps } = deps;
  const supervised = superviseDeps(supervision, 'discord');
  // Reports from a bot that is not (or no longer) connected would paint a stopped bot as `ok`.
  let live = false;
  const bot = createDiscordBot({
    ...botDeps,
    ...(shards ? { shards } : {}),
    onStatus: (status, reason) => {
      if (live) supervised.component.report(status, reason);
    },
    onFailure: supervised.countFailure,
  });
  deps.addDeliveryWorker(QUEUES.deliverDiscord, bot.sender, { limiter: discordDeliveryLimiter(deps.config) });
  // Discord unreachable or broken at start-up must not take the workers, HTTP or Telegram with it.
  return superviseStart({
    ...supervised,
    label: 'Discord bot',
    logger: deps.logger,
    part: {
      async start() {
        await bot.start();
        live = true;
      },
      async stop() {
        live = false;
        await bot.stop();
      },
      describe: (error) => describeDiscordFailure(error, deps.config.DISCORD_API_BASE),
    },
  });
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
