import { setTimeout as sleep } from 'node:timers/promises';
import { startInteractiveConsole } from '../adapters/console/console.js';
import { createConsoleAlertSender } from '../adapters/console/alert-sender.js';
import { SourcesFileError } from '../config/sources.js';
import { boot, embeddedRedisDir } from '../runtime/boot.js';
import { createApp, type App } from '../runtime/compose.js';
import { parseRoles, RoleError, ROLES, type Role } from '../runtime/roles.js';
import { parseShardSelection } from '../runtime/shards.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { describeRedisTarget } from '../store/redis-client.js';
import { createKeys } from '../store/keys.js';
import { createRedisSourceStore } from '../store/redis-source-store.js';
import { consoleIdentity } from './ask.js';
import { DEMO_CONSOLE, demoHint, watchFirstPolls } from './first-run.js';

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

/** How long the banner waits for the first polls' verdict before printing without it. */
const BANNER_WAIT_MS = 10_000;
/** A feed is given up on after FEED_TIMEOUT_MS (per redirect hop at worst); this covers queueing too. */
const FIRST_POLL_SLACK_MS = 15_000;

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
      // At the prompt the log shows errors only: a bot that cannot start still gets its one line.
      ...(interactive ? { notice: (line: string) => console.error(line) } : {}),
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

  // A new user's first run: say whether any feed answers, and where the demo's threads are.
  const demoHistory = await createRedisSourceStore(running.redis, createKeys(config.DEMO_REDIS_PREFIX))
    .getReplayHistory()
    .catch(() => null);
  const feedWatch =
    running.sources.length > 0
      ? watchFirstPolls({
          listHealth: () => running.stores.sources.listHealth(),
          configured: running.sources.length,
          giveUpMs: config.FEED_TIMEOUT_MS + FIRST_POLL_SLACK_MS,
          ...(demoHistory ? { nextStep: `look at the demo's threads: \`${DEMO_CONSOLE}\`` } : {}),
        })
      : undefined;
  const address = running.httpAddress();
  const lines = [
    `threadwatch is running (${running.activeRoles.join(', ')}) on Redis ${describeRedisTarget(redis.target)}${redis.origin === 'spawned' || redis.origin === 'embedded' ? ` (embedded, data in ${embeddedRedisDir(config)})` : ''}`,
  ];
  if (address) lines.push(`health and metrics: http://${address.address}:${address.port}/healthz  /metrics${config.DASHBOARD_PASSWORD ? '  /admin/queues' : ''}`);
  if (!parsed.explicitRoles && !config.DISCORD_TOKEN && !config.TELEGRAM_TOKEN)
    lines.push('no bot tokens set: set DISCORD_TOKEN and/or TELEGRAM_TOKEN in the environment and restart to run the Discord/Telegram bots.');
  if (demoHistory) lines.push(demoHint(demoHistory, config.DEMO_REDIS_PREFIX));
  console.error(lines.join('\n'));
  // Without network the first polls fail within seconds: their verdict comes before the prompt opens.
  // If it takes longer (timeouts rather than no network), it is printed when known, like an alert.
  void stopped.then(() => feedWatch?.stop());
  let printFeedLine = (line: string) => console.error(line);
  const feedLine = feedWatch ? await Promise.race([feedWatch.line, stopped.then(() => null), sleep(BANNER_WAIT_MS, undefined, { ref: false }).then(() => undefined)]) : null;
  if (feedLine) console.error(feedLine);
  else if (feedWatch && feedLine === undefined) void feedWatch.line.then((line) => line && printFeedLine(line));

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
  // Alerts (and a late feed verdict) print above the prompt, which is then redrawn with whatever was being typed.
  printAlert = (line) => prompt.print(line);
  printFeedLine = (line) => prompt.print(line);
  await Promise.race([prompt.closed, stopped]);
  await stop();
  return 0;
}
