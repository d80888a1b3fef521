import type { z } from 'zod';
import type { Reply } from '../src/core/reply.js';
import type { Platform } from '../src/core/subscription.js';

/** Option metadata: enough for Discord slash-command registration, Telegram /help and text parsing. */
export interface OptionSpec {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  choices?: readonly string[];
  /** Discord autocomplete (thread slugs). */
  autocomplete?: boolean;
  /** Takes the rest of the text line (free-text question). Only the last option may. */
  rest?: boolean;
  minValue?: number;
  maxValue?: number;
}

/** Who is asking and from where; adapters fill it from the platform's own data, never from user input. */
export interface Invocation {
  platform: Platform;
  chatId: string;
  userId: string;
  /** Telegram forum topic / Discord thread the command was sent in. */
  topicId?: string;
  /** Discord channel type of `chatId` (forum channels get one post per story). */
  channelKind?: 'text' | 'thread' | 'forum';
  isGroup: boolean;
  /**
   * Whether this person may change this chat's subscriptions: Discord Manage Channels from the
   * interaction's member permissions, Telegram group admin, always true in private chats/console.
   */
  canManageSubscriptions: boolean;
  /** Wall clock (or replay clock) at invocation, epoch ms. */
  now: number;
}

/**
 * One command: `data` describes it, `input` validates options, `execute` returns a neutral reply.
 * `Deps` is the set of small ports the command needs; the registry passes one object satisfying all.
 */
export interface Command<Schema extends z.ZodType = z.ZodType, Deps = unknown> {
  data: { name: string; description: string; options: readonly OptionSpec[] };
  input: Schema;
  /** Reads a text line's arguments when they are free-form (`/thread trump putin stats`); default: positional options. */
  parseText?(argsText: string): Record<string, unknown>;
  execute(input: z.output<Schema>, invocation: Invocation, deps: Deps): Promise<Reply>;
}

/** One thread offered while typing (Discord autocomplete, Telegram inline mode, console Tab). */
export interface ThreadChoice {
  slug: string;
  /** Topic title ("Trump Putin Call"); the headline when the thread has no topic yet. */
  topic: string;
  /** The representative article's headline. */
  title: string;
  rank: number | null;
  status: 'active' | 'archived';
}

/** What adapters hold: run a parsed or typed command and answer autocomplete. */
export interface CommandRunner {
  /** `thread trump-putin stats` — no leading slash, `@BotName` already stripped by the adapter. */
  runLine(line: string, invocation: Invocation): Promise<Reply>;
  /** Named options, as Discord delivers them. */
  run(name: string, options: Record<string, unknown>, invocation: Invocation): Promise<Reply>;
  /** Threads matching what the user has typed so far (≤ limit), best first: slug, topic title, representative headline. */
  complete(query: string, limit: number): Promise<ThreadChoice[]>;
  /** The registry's metadata, for slash-command registration and setMyCommands. */
  readonly commands: readonly Command['data'][];
}
