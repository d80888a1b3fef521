import type { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import { joinAlternatives } from '../src/core/render/format.js';
import type { Logger } from '../src/logger.js';
import type { Command, CommandRunner, Invocation } from './command.js';
import type { CommandDeps } from './deps.js';
import { LineSyntaxError, mapPositional, splitCommandLine, TooManyArgumentsError, usageLine } from './parse-line.js';
import { COMMANDS, findCommand, type RegistryDeps } from './registry.js';
import { createThreadFinder } from '../src/core/finding/finder.js';
import { ALERT_TOP_INTERVAL_DEFAULT_MINUTES } from '../src/config/config.js';

const GENERIC_FAILURE = 'Something went wrong on our side. Please try again in a moment.';
/** More than any command needs (Telegram's whole message limit): longer input is answered before any parsing. */
export const MAX_COMMAND_CHARS = 4_096;

const count = (value: number) => value.toLocaleString('en-US');

function tooLongReply(length: number): Reply {
  return {
    tone: 'error',
    blocks: [{ type: 'text', text: `That is too long for a command: ${count(length)} characters, and commands take at most ${count(MAX_COMMAND_CHARS)}.` }],
    actions: [{ label: 'Help', command: 'help' }],
    private: true,
  };
}

export interface CommandRunnerOptions {
  logger?: Pick<Logger, 'error' | 'warn'>;
  /** ALERT_TOP_INTERVAL_MINUTES, so `/subscribe top:N` says how often its messages come (default: the config default). */
  alertTopIntervalMinutes?: number;
}

function userErrorReply(error: UserError): Reply {
  return {
    tone: 'error',
    blocks: [{ type: 'text', text: error.message }, ...error.suggestions.map((text) => ({ type: 'text' as const, text }))],
    actions: [...error.actions],
    private: true,
  };
}

function usageReply(data: Command['data'], problems: readonly string[]): Reply {
  return {
    tone: 'error',
    title: `Usage: ${usageLine(data)}`,
    blocks: problems.map((text) => ({ type: 'text' as const, text })),
    actions: [{ label: `Help on /${data.name}`, command: `help ${data.name}` }],
    private: true,
  };
}

function unknownCommandReply(name: string): Reply {
  return {
    tone: 'error',
    blocks: [
      { type: 'text', text: `There is no \`/${name}\` command.` },
      { type: 'text', text: `Commands: ${joinAlternatives(COMMANDS.map((command) => `/${command.data.name}`))}.` },
    ],
    actions: [{ label: 'Help', command: 'help' }],
    private: true,
  };
}

/** Schema problems in our own words; length limits say the limit and how long the input was. */
function describeIssues(error: z.ZodError, raw: Record<string, unknown>): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const given = issue.path.length === 1 ? raw[String(issue.path[0])] : undefined;
    const length = typeof given === 'string' ? given.trim().length : undefined;
    if (issue.code === 'too_big' && issue.origin === 'string')
      return `\`${field || 'text'}\` is too long: at most ${count(Number(issue.maximum))} characters${length !== undefined ? ` (this one has ${count(length)})` : ''}.`;
    if (issue.code === 'too_small' && issue.origin === 'string') return `\`${field || 'text'}\` is too short: at least ${count(Number(issue.minimum))} characters.`;
    return field && !issue.message.startsWith(field) ? `${field}: ${issue.message}` : issue.message;
  });
}

/**
 * What every adapter holds. Failures never escape: a UserError becomes a private error reply with
 * its suggestions, anything else is logged and answered with a generic apology (no stack traces).
 */
export function createCommandRunner(deps: CommandDeps, options: CommandRunnerOptions = {}): CommandRunner {
  const catalog = COMMANDS.map((command) => command.data);
  // One resolver per runner (one per process): its index is what every entry point searches.
  const finder = createThreadFinder({ catalog: deps.threads, ranks: deps.ranking });
  const registryDeps: RegistryDeps = { ...deps, catalog, finder, alertTopIntervalMinutes: options.alertTopIntervalMinutes ?? ALERT_TOP_INTERVAL_DEFAULT_MINUTES };

  async function execute(command: Command<z.ZodType, RegistryDeps>, raw: Record<string, unknown>, invocation: Invocation): Promise<Reply> {
    const parsed = command.input.safeParse(raw);
    if (!parsed.success) return usageReply(command.data, describeIssues(parsed.error, raw));
    try {
      return await command.execute(parsed.data, invocation, registryDeps);
    } catch (error) {
      if (error instanceof UserError) return userErrorReply(error);
      options.logger?.error({ err: error, command: command.data.name, platform: invocation.platform, chatId: invocation.chatId }, 'command failed');
      return { tone: 'error', blocks: [{ type: 'text', text: GENERIC_FAILURE }], actions: [], private: true };
    }
  }

  return {
    commands: catalog,

    async runLine(line, invocation) {
      if (line.length > MAX_COMMAND_CHARS) return tooLongReply(line.length);
      const { name, argsText } = splitCommandLine(line);
      const command = findCommand(name || 'help');
      if (!command) return unknownCommandReply(name);
      let raw: Record<string, unknown>;
      try {
        raw = command.parseText ? command.parseText(argsText) : mapPositional(argsText, command.data.options);
      } catch (error) {
        if (error instanceof LineSyntaxError || error instanceof TooManyArgumentsError) return usageReply(command.data, [error.message]);
        throw error;
      }
      return execute(command, raw, invocation);
    },

    async run(name, rawOptions, invocation) {
      const command = findCommand(name.replace(/^\//, ''));
      if (!command) return unknownCommandReply(name);
      // Platforms send absent options as null/undefined; the schemas treat "not given" as undefined.
      const cleaned = Object.fromEntries(Object.entries(rawOptions).filter(([, value]) => value !== null && value !== undefined));
      const longest = Math.max(0, ...Object.values(cleaned).map((value) => (typeof value === 'string' ? value.length : 0)));
      if (longest > MAX_COMMAND_CHARS) return tooLongReply(longest);
      return execute(command, cleaned, invocation);
    },

    async complete(query, limit) {
      try {
        const hits = await finder.complete(query, limit);
        return hits.map(({ entry, rank }) => ({ slug: entry.slug, topic: entry.topic || entry.title, title: entry.title, rank, status: entry.status }));
      } catch (error) {
        // Autocomplete is best effort: an empty list is better than an error popup while typing.
        options.logger?.warn({ err: error, query }, 'thread autocomplete failed');
        return [];
      }
    },
  };
}
