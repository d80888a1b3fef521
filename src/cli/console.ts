import { createConsoleAlertSender } from '../adapters/console/alert-sender.js';
import { startInteractiveConsole } from '../adapters/console/console.js';
import { boot } from '../runtime/boot.js';
import { createApp } from '../runtime/compose.js';
import { consoleIdentity } from './ask.js';

/**
 * `console`: the bot's commands at a prompt, against the same Redis as the running service. Alerts
 * for console subscriptions are printed here while the prompt is open. `--demo`: on the demo's
 * prefix (DEMO_REDIS_PREFIX), where `npm run demo` left its threads.
 */
export async function main(args: string[]): Promise<number> {
  const demo = args[0] === '--demo';
  if (args.length > (demo ? 1 : 0)) {
    console.error('usage: console [--demo]   (then type /help; --demo: the demo\'s data, DEMO_REDIS_PREFIX)');
    return 2;
  }
  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn', demo });
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;
  // Alerts that arrive before the prompt opens are plain lines; then they print above the prompt.
  let print: (line: string) => void = (line) => void process.stdout.write(`${line}\n`);
  const app = await createApp({
    config,
    logger,
    redisTarget: redis.target,
    roles: new Set(),
    consoleAlerts: createConsoleAlertSender((line) => print(line)),
  });
  try {
    await app.start();
    const prompt = startInteractiveConsole({ runner: app.runner, input: process.stdin, output: process.stdout, invocation: consoleIdentity() });
    print = prompt.print;
    await prompt.closed;
    return 0;
  } finally {
    await app.stop();
    await redis.stop();
  }
}
