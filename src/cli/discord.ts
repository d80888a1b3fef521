import { parseArgs } from 'node:util';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { APIApplication, APIApplicationCommand } from 'discord.js';
import { COMMANDS } from '../../commands/registry.js';
import { DEFAULT_DISCORD_API_BASE } from '../adapters/discord/bot.js';
import { buildSlashCommands } from '../adapters/discord/slash-commands.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { errorMessage } from '../core/errors.js';
import { plural } from '../core/render/format.js';

const USAGE = 'usage: npm run -s cli -- discord deploy [--guild ID]';
const SNOWFLAKE = /^\d{15,22}$/;

/** `discord deploy [--guild ID]`: registers the slash commands globally, or in one server for instant testing. */
export async function main(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'deploy') {
    console.error(subcommand ? `unknown discord subcommand "${subcommand}"; ${USAGE}` : USAGE);
    return 2;
  }
  let guildId: string | undefined;
  try {
    const { values } = parseArgs({ args: rest, options: { guild: { type: 'string' } }, strict: true, allowPositionals: false });
    guildId = values.guild;
  } catch (error) {
    console.error(`${errorMessage(error)}; ${USAGE}`);
    return 2;
  }
  if (guildId !== undefined && !SNOWFLAKE.test(guildId)) {
    console.error(`--guild must be a server id (a long number; right-click the server with Developer Mode on → Copy Server ID), got "${guildId}"`);
    return 2;
  }

  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.lines.join('\n'));
      return 1;
    }
    throw error;
  }
  if (!config.DISCORD_TOKEN) {
    console.error('DISCORD_TOKEN is not set: copy the bot token from https://discord.com/developers/applications → your app → Bot, then export DISCORD_TOKEN=…');
    return 1;
  }

  const api = new REST({ api: config.DISCORD_API_BASE ?? DEFAULT_DISCORD_API_BASE }).setToken(config.DISCORD_TOKEN);
  try {
    const applicationId = config.DISCORD_APPLICATION_ID ?? ((await api.get(Routes.oauth2CurrentApplication())) as APIApplication).id;
    const body = buildSlashCommands(COMMANDS.map((command) => command.data));
    const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
    const registered = (await api.put(route, { body })) as APIApplicationCommand[];
    const names = registered.map((command) => `/${command.name}`).join(', ');
    console.log(
      guildId
        ? `registered ${plural(registered.length, 'command')} in server ${guildId} (usable now): ${names}`
        : `registered ${plural(registered.length, 'global command')} (Discord clients may take a few minutes to show them): ${names}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) console.error('discord deploy failed: Discord rejected DISCORD_TOKEN (401 Unauthorized); reset the token in the developer portal and export it again');
    else if (error instanceof DiscordAPIError) console.error(`discord deploy failed: ${error.status} ${error.message}`);
    else console.error(`discord deploy failed: ${errorMessage(error)}`);
    return 1;
  } finally {
    api.clearHashSweeper();
    api.clearHandlerSweeper();
  }
}
