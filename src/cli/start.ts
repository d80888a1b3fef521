import { startInteractiveConsole } from '../adapters/console/console.js';
import { createConsoleAlertSender } from '../adapters/console/alert-sender.js';
import { SourcesFileError } from '../config/sources.js';
import { boot, embeddedRedisDir } from '../runtime/boot.js';
import { createApp, type App } from '../runtime/compose.js';
import { parseRoles, RoleError, ROLES, type Role } from '../runtime/roles.js';
import { parseShardSelection } from '../runtime/shards.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { describeRedisTarget } from '../store/redis-client.js';
import { consoleIdentity } from './ask.js';

const USAGE = `usage: start [--role ${ROLES.join('|')}|all (comma-separated, default all)] [--no-console] [--shard-ids 0,1 --shard-count 4]`;

interface StartArgs {
  roles: ReadonlySet<Role>;
  explicitRoles: boolean;
  console: boolean;
  shardIds: string | undefined;
  shardCount: string | undefined;
}

function parseArgs(args: string[]): StartArgs | string {
  let roleText: string | undefined;
  let openConsole = true;
  let shardIds: string | undefined;
  let shardCount: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? args[++index] ?? '';
    if (name === '--no-console' && inline === undefined) openConsole = false;
    else if (name === '--role') roleText = value();
    else if (name === '--shard-ids') shardIds = value();
    else if (name === '--shard-count') shardCount = value();
    else return `unknown argument "${arg}"\n${USAGE}`;
  }
  try {
    const roles = parseRoles(roleText);
    if ((shardIds !== undefined || shardCount !== undefined) && !roles.has('discord')) return '--shard-ids and --shard-count choose Discord gateway shards: use them with the discord role';
    return { roles, explicitRoles: roleText !== undefined && roleText !== 'all', console: openConsole, shardIds, shardCount };
  } catch (error) {
    if (error instanceof RoleError) return error.message;
    throw error;
  }
}

const TOKEN_HELP = {
  discord: 'DISCORD_TOKEN: required for --role discord (Bot token from https://discord.com/developers/applications)',
  telegram: 'TELEGRAM_TOKEN: required for --role telegram (token from @BotFather)',
};

/**
 * `npm start`: everything in one process by default (workers, scheduler, HTTP, bots with tokens,
 * and the console when run in a terminal); `--role` splits it across processes on one Redis.
 */
export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(parsed);
    return 2;
  }
  const interactive = parsed.console && !parsed.explicitRoles && process.stdin.isTTY === true;
  // JSON log lines would bury the prompt (feed problems show in /sources); an explicit LOG_LEVEL still wins.
  const booted = await boot(process.env, interactive && !process.env['LOG_LEVEL'] ? { logLevel: 'error' } : {});
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;
  const discordShards = parseShardSelection(parsed.shardIds, parsed.shardCount, config.DISCORD_SHARDS);
  if (typeof discordShards === 'string') {
    console.error(discordShards);
    await redis.stop();
    return 2;
  }

  const missing = (['discord', 'telegram'] as const).filter(
    (platform) => parsed.explicitRoles && parsed.roles.has(platform) && !config[platform === 'discord' ? 'DISCORD_TOKEN' : 'TELEGRAM_TOKEN'],
  );
  if (missing.length > 0) {
    missing.forEach((platform) => console.error(TOKEN_HELP[platform]));
    await redis.stop();
    return 1;
  }

  let app: App | undefined;
  let printAlert: (line: string) => void = (line) => logger.info({ alert: line }, 'console alert');
  try {
    app = await createApp({
      config,
      logger,
      redisTarget: redis.target,
      roles: parsed.roles,
      ...(discordShards ? { discordShards } : {}),
      consoleAlerts: parsed.roles.has('worker') ? createConsoleAlertSender((line) => printAlert(line)) : undefined,
    });
    await app.start();
  } catch (error) {
    await app?.stop();
    await redis.stop();
    if (error instanceof SourcesFileError) {
      error.lines.forEach((line) => console.error(`SOURCES_FILE ${line}`));
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      console.error(`HTTP_PORT: cannot listen on ${config.HTTP_HOST}:${config.HTTP_PORT} (${code}); set HTTP_PORT to a free port, or 0 to turn the HTTP server off`);
      return 1;
    }
    throw error;
  }
  const running = app;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await running.stop();
      await redis.stop();
      logger.info('stopped');
    })();
    return stopping;
  };
  const stopped = new Promise<void>((resolve) => {
    const removeHandlers = onShutdownSignal(async () => {
      await stop();
      removeHandlers();
      resolve();
    }, logger);
  });

  const address = running.httpAddress();
  const lines = [
    `threadwatch is running (${running.activeRoles.join(', ')}) on Redis ${describeRedisTarget(redis.target)}${redis.origin === 'spawned' || redis.origin === 'embedded' ? ` (embedded, data in ${embeddedRedisDir(config)})` : ''}`,
  ];
  if (address) lines.push(`health and metrics: http://${address.address}:${address.port}/healthz  /metrics${config.DASHBOARD_PASSWORD ? '  /admin/queues' : ''}`);
  if (!parsed.explicitRoles && !config.DISCORD_TOKEN && !config.TELEGRAM_TOKEN)
    lines.push('no bot tokens set: set DISCORD_TOKEN and/or TELEGRAM_TOKEN in the environment and restart to run the Discord/Telegram bots.');
  console.error(lines.join('\n'));

  if (!interactive) {
    await stopped;
    return 0;
  }
  const prompt = startInteractiveConsole({
    runner: running.runner,
    input: process.stdin,
    output: process.stdout,
    invocation: consoleIdentity(),
  });
  // Alerts print above the prompt, which is then redrawn with whatever was being typed.
  printAlert = (line) => prompt.print(line);
  await Promise.race([prompt.closed, stopped]);
  await stop();
  return 0;
}
