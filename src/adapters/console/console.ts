import { createInterface, type Completer } from 'node:readline';
import type { CommandRunner, Invocation } from '../../../commands/command.js';
import type { Reply } from '../../core/reply.js';
import { renderReplyAsText } from '../../core/render/text.js';

/** Terminals narrower than this still get 78 columns' worth of wrapping rules, just clipped less nicely. */
const MAX_COLUMNS = 100;
const EXIT_WORDS = new Set(['exit', 'quit', '/exit', '/quit']);
const SLUG_COMMANDS = new Set(['thread', 'subscribe', 'unsubscribe']);

/** Wraps to the terminal's width (capped, so very wide terminals keep readable line lengths). */
export function renderForTerminal(reply: Reply, columns?: number): string {
  const width = columns && columns > 0 ? Math.min(MAX_COLUMNS, columns - 2) : undefined;
  return renderReplyAsText(reply, width ? { width } : {});
}

export interface InteractiveConsoleOptions {
  runner: CommandRunner;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { columns?: number; isTTY?: boolean };
  /** Who is typing; `now` is taken per line from `clock`. */
  invocation: Omit<Invocation, 'now'>;
  clock?: () => number;
  prompt?: string;
}

/** Tab completion: command names first, then thread slugs for commands that take one. */
export async function completeConsoleLine(runner: CommandRunner, line: string): Promise<[string[], string]> {
  const match = /^\/?(\S+)\s+(\S*)$/.exec(line);
  if (match && SLUG_COMMANDS.has((match[1] ?? '').toLowerCase())) {
    const partial = match[2] ?? '';
    const hits = await runner.complete(partial, 20).catch(() => []);
    return [hits.map((hit) => hit.slug), partial];
  }
  const typed = line.trim();
  const wanted = typed.startsWith('/') ? typed : `/${typed}`;
  const names = runner.commands.map((command) => `/${command.name}`);
  const hits = names.filter((name) => name.startsWith(wanted));
  return [hits.length > 0 ? hits : names, typed];
}

function completerFor(runner: CommandRunner): Completer {
  return ((line: string, callback: (error: Error | null, result: [string[], string]) => void) => {
    completeConsoleLine(runner, line).then(
      (result) => callback(null, result),
      () => callback(null, [[], line]),
    );
  }) as Completer;
}

/**
 * The same commands as the bots, at a prompt. Lines run one at a time in order (piped input
 * included); Ctrl-D or `exit` ends the session, Ctrl-C only clears the current line.
 */
export async function runInteractiveConsole(options: InteractiveConsoleOptions): Promise<void> {
  const { runner, input, output } = options;
  const clock = options.clock ?? Date.now;
  const interactive = output.isTTY === true;
  const rl = createInterface({
    input,
    output,
    terminal: interactive,
    prompt: options.prompt ?? 'threadwatch> ',
    historySize: 500,
    removeHistoryDuplicates: true,
    ...(interactive ? { completer: completerFor(runner) } : {}),
  });
  rl.on('SIGINT', () => {
    output.write('\n(Ctrl-D or `exit` to quit)\n');
    rl.prompt();
  });
  const prompt = () => {
    if (interactive) rl.prompt();
  };

  if (interactive) output.write('threadwatch console: type /help for commands, Tab to complete, Ctrl-D to quit.\n');
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') {
      prompt();
      continue;
    }
    if (EXIT_WORDS.has(line.toLowerCase())) break;
    const reply = await runner.runLine(line, { ...options.invocation, now: clock() });
    output.write(`${renderForTerminal(reply, output.columns)}\n`);
    prompt();
  }
  rl.close();
}
