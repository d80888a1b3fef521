import type { z } from 'zod';
import type { ThreadFinder } from '../src/core/finding/finder.js';
import type { Command } from './command.js';
import type { CommandDeps } from './deps.js';
import { helpCommand, type HelpDeps } from './help.js';
import { sourcesCommand } from './sources.js';
import { subscribeCommand } from './subscribe.js';
import { subscriptionsCommand } from './subscriptions.js';
import { threadCommand } from './thread.js';
import { topCommand } from './top.js';
import { unsubscribeCommand } from './unsubscribe.js';

export type RegistryDeps = CommandDeps & HelpDeps & { finder: ThreadFinder; alertTopIntervalMinutes: number };

/** Every command, in the order /help and the platforms' command menus list them. */
export const COMMANDS: readonly Command<z.ZodType, RegistryDeps>[] = [
  threadCommand,
  topCommand,
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  sourcesCommand,
  helpCommand,
];

export function findCommand(name: string): Command<z.ZodType, RegistryDeps> | undefined {
  const wanted = name.toLowerCase();
  return COMMANDS.find((command) => command.data.name === wanted);
}
