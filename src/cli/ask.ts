import { userInfo } from 'node:os';
import type { Invocation } from '../../commands/command.js';
import { renderReplyAsText } from '../core/render/text.js';
import { boot } from '../runtime/boot.js';
import { createApp } from '../runtime/compose.js';

const USAGE = 'usage: ask [--json] [--demo] "/thread <slug> [view]"   (any bot command: /top, /sources, /help …; --demo: the demo\'s data, DEMO_REDIS_PREFIX)';

/** Who is asking from a terminal: the operator, in a private chat with full rights. */
export function consoleIdentity(): Omit<Invocation, 'now'> {
  let user = 'console';
  try {
    user = userInfo().username || user;
  } catch {
    // No passwd entry (some containers): the generic name is fine.
  }
  return { platform: 'console', chatId: 'console', userId: user, isGroup: false, canManageSubscriptions: true };
}

/** `ask "/top 5"` (`ask --demo "/top"`: on the demo's prefix): one command, printed as terminal text (or the reply model as JSON), then exit. */
export async function main(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const demo = args.includes('--demo');
  const line = args
    .filter((arg) => arg !== '--json' && arg !== '--demo')
    .join(' ')
    .trim();
  if (line === '' || args.includes('--help') || args.includes('-h')) {
    console.error(USAGE);
    return line === '' ? 2 : 0;
  }
  const booted = await boot(process.env, { logLevel: process.env['LOG_LEVEL'] ?? 'warn', demo });
  if (!booted.ok) return booted.exitCode;
  const { config, logger, redis } = booted;
  const app = await createApp({ config, logger, redisTarget: redis.target, roles: new Set() });
  try {
    const reply = await app.runner.runLine(line.replace(/^\//, ''), { ...consoleIdentity(), now: Date.now() });
    const width = process.stdout.columns ? Math.min(process.stdout.columns, 100) : undefined;
    console.log(json ? JSON.stringify(reply, null, 2) : renderReplyAsText(reply, width ? { width } : {}));
    return reply.tone === 'error' ? 1 : 0;
  } finally {
    await app.stop();
    await redis.stop();
  }
}
