import { z } from 'zod';
import { UserError } from '../src/core/errors.js';
import type { Reply } from '../src/core/reply.js';
import { joinAlternatives } from '../src/core/render/format.js';
import type { Command } from './command.js';
import { usageLine } from './parse-line.js';

/** The registry hands help its own metadata, so the help text can never drift from the commands. */
export interface HelpDeps {
  catalog: readonly Command['data'][];
}

const EXAMPLES: Record<string, string[]> = {
  thread: ['/thread trump-putin', '/thread trump-putin perspectives', '/thread trump-putin stats', '/thread trump-putin qa who met whom?'],
  top: ['/top', '/top 5'],
  subscribe: ['/subscribe trump-putin', '/subscribe top:10'],
  unsubscribe: ['/unsubscribe trump-putin', '/unsubscribe all'],
};

const input = z.object({
  command: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().replace(/^\//, '').toLowerCase() || undefined : value),
    z.string().max(40).optional(),
  ),
});

export const helpCommand = {
  data: {
    name: 'help',
    description: 'What this bot can do',
    options: [{ name: 'command', description: 'A command to explain in detail', type: 'string' }],
  },
  input,
  async execute({ command }, _invocation, deps): Promise<Reply> {
    if (command) {
      const data = deps.catalog.find((entry) => entry.name === command);
      if (!data) {
        throw new UserError(`No command \`/${command}\`.`, [`Commands: ${joinAlternatives(deps.catalog.map((entry) => `/${entry.name}`))}.`]);
      }
      const optionItems = data.options.map((option) => ({
        text: option.name,
        detail: [option.description, option.choices ? `one of ${option.choices.join(', ')}` : '', option.required ? 'required' : 'optional']
          .filter(Boolean)
          .join(' · '),
      }));
      const examples = EXAMPLES[data.name] ?? [];
      return {
        tone: 'info',
        title: usageLine(data),
        blocks: [
          { type: 'text', text: data.description },
          ...(optionItems.length > 0 ? [{ type: 'list' as const, heading: 'Options', items: optionItems, ordered: false }] : []),
          ...(examples.length > 0 ? [{ type: 'list' as const, heading: 'Examples', items: examples.map((text) => ({ text })), ordered: false }] : []),
        ],
        actions: [],
      };
    }
    return {
      tone: 'info',
      title: 'threadwatch commands',
      blocks: [
        { type: 'text', text: 'threadwatch follows news stories as threads, ranks them by virality and alerts this chat when ranks change.' },
        { type: 'list', items: deps.catalog.map((data) => ({ text: usageLine(data), detail: data.description })), ordered: false },
        { type: 'text', text: 'Details on one command: `/help thread`.' },
      ],
      actions: [
        { label: 'Top threads', command: 'top' },
        { label: 'Subscriptions', command: 'subscriptions' },
      ],
    };
  },
} satisfies Command<typeof input, HelpDeps>;
