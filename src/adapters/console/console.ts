import { clearScreenDown, createInterface, cursorTo, moveCursor, type Completer } from 'node:readline';
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

const SUBSCRIPTION_COMMANDS = new Set(['subscribe', 'unsubscribe']);
const TOP_TARGETS = ['top:5', 'top:10', 'top:25'];

/** The view words `/thread` takes, from the registry (its `view` option's choices). */
function viewWords(runner: CommandRunner): string[] {
  return [...(runner.commands.find((command) => command.name === 'thread')?.options.find((option) => option.name === 'view')?.choices ?? [])];
}

/**
 * Tab completion, through the same resolver as Discord autocomplete: command names; then for
 * `/thread`, `/subscribe` and `/unsubscribe` the threads matching the words typed so far (the
 * whole argument text is replaced by the slug); after a thread, the view words
 * (`/thread flappy-bird st` → `stats`); for subscriptions also `top:N`, then `digest` after it, and,
 * to unsubscribe, `all`;
 * for `/help`, command names.
 */
export async function completeConsoleLine(runner: CommandRunner, line: string): Promise<[string[], string]> {
  const match = /^\/?(\S+)\s+([\s\S]*)$/.exec(line);
  const name = (match?.[1] ?? '').toLowerCase();
  if (match && SLUG_COMMANDS.has(name)) {
    const args = match[2] ?? '';
    const words = args.split(/\s+/);
    const last = words.at(-1) ?? '';
    const earlier = words.slice(0, -1).join(' ').trim();
    if (name === 'thread' && earlier !== '') {
      const views = viewWords(runner).filter((view) => view.startsWith(last.toLowerCase()));
      if (views.length > 0 && (await runner.complete(earlier, 1).catch(() => [])).length > 0) return [views, last];
    }
    if (SUBSCRIPTION_COMMANDS.has(name)) {
      // `subscribe top:5 d` → `digest` (the daily digest of the top 5).
      const afterTop = /^top:?\d+\s+(\S*)$/i.exec(args);
      if (afterTop) return [['digest'].filter((word) => word.startsWith((afterTop[1] ?? '').toLowerCase())), afterTop[1] ?? ''];
    }
    const hits = (await runner.complete(args, 20).catch(() => [])).map((hit) => hit.slug);
    if (SUBSCRIPTION_COMMANDS.has(name)) {
      const extras = [...(name === 'unsubscribe' ? ['all'] : []), ...TOP_TARGETS].filter((target) => target.startsWith(args.trim().toLowerCase()));
      return [[...hits, ...extras], args];
    }
    return [hits, args];
  }
  if (match && name === 'help') {
    const partial = match[2] ?? '';
    return [runner.commands.map((command) => command.name).filter((command) => command.startsWith(partial.toLowerCase())), partial];
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

/** The open prompt: `print` writes async output (alerts) above it; `closed` resolves when the session ends. */
export interface InteractiveConsole {
  /**
   * Writes `text` (one or more lines) without corrupting what is being typed: on a terminal the
   * prompt and the half-typed line are cleared, the text is written, and readline redraws the
   * prompt with the typed text and the cursor where they were. Elsewhere it is a plain line.
   */
  print(text: string): void;
  closed: Promise<void>;
}

/**
 * The same commands as the bots, at a prompt. Lines run one at a time in order (piped input
 * included); Ctrl-D or `exit` ends the session, Ctrl-C only clears the current line.
 */
export function startInteractiveConsole(options: InteractiveConsoleOptions): InteractiveConsole {
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
  // Whether the prompt is on screen (not while a command runs or after the session ended).
  let prompting = false;
  let open = true;
  const prompt = () => {
    if (!interactive || !open) return;
    prompting = true;
    rl.prompt();
  };
  rl.on('SIGINT', () => {
    output.write('\n(Ctrl-D or `exit` to quit)\n');
    prompt();
  });
  rl.on('close', () => {
    open = false;
    prompting = false;
  });

  const print = (text: string) => {
    const body = text.endsWith('\n') ? text : `${text}\n`;
    if (!interactive || !prompting) {
      output.write(body);
      return;
    }
    // The prompt plus a long typed line can wrap over several rows: go back to where the prompt
    // starts, clear from there down, write the text, and let readline redraw prompt, line and cursor.
    moveCursor(output, 0, -rl.getCursorPos().rows);
    cursorTo(output, 0);
    clearScreenDown(output);
    output.write(body);
    rl.prompt(true);
  };

  const closed = (async () => {
    if (interactive) output.write('threadwatch console: type /help for commands, Tab to complete, Ctrl-D to quit.\n');
    prompt();
    for await (const raw of rl) {
      prompting = false;
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
    open = false;
    prompting = false;
    rl.close();
  })();
  return { print, closed };
}

/** Runs a console session to its end (for callers with no async output to print). */
export async function runInteractiveConsole(options: InteractiveConsoleOptions): Promise<void> {
  await startInteractiveConsole(options).closed;
}
