import type { OptionSpec } from './command.js';

/**
 * Text-line parsing shared by Telegram, the console and button presses: `thread "trump putin" qa who met?`.
 * Positional tokens fill options in declaration order; an option with `rest` takes the remaining text.
 */

export interface ParsedLine {
  /** Lower-cased command name without the leading slash; empty for a blank line. */
  name: string;
  /** The text after the command name, untouched (needed for `rest` options). */
  argsText: string;
}

export function splitCommandLine(line: string): ParsedLine {
  const trimmed = line.trim().replace(/^\/+/, '');
  const match = /^(\S*)\s*([\s\S]*)$/.exec(trimmed);
  return { name: (match?.[1] ?? '').toLowerCase(), argsText: match?.[2] ?? '' };
}

export interface Token {
  value: string;
  /** Offset just past the token in the source text, so a `rest` option can take the raw remainder. */
  end: number;
  start: number;
}

export class LineSyntaxError extends Error {
  override readonly name = 'LineSyntaxError';
}

/** Whitespace-separated tokens; "double" or 'single' quotes group words; a backslash escapes one character. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    while (index < text.length && /\s/.test(text[index] ?? '')) index += 1;
    if (index >= text.length) break;
    const start = index;
    let value = '';
    while (index < text.length && !/\s/.test(text[index] ?? '')) {
      const char = text[index] ?? '';
      if (char === '"' || char === "'" || char === '“' || char === '”') {
        const closers = char === '“' || char === '”' ? ['”', '“'] : [char];
        let close = index + 1;
        while (close < text.length && !closers.includes(text[close] ?? '')) close += 1;
        if (close >= text.length) throw new LineSyntaxError(`Unclosed quote ${char} in "${text.slice(start)}"`);
        value += text.slice(index + 1, close);
        index = close + 1;
      } else if (char === '\\' && index + 1 < text.length) {
        value += text[index + 1];
        index += 2;
      } else {
        value += char;
        index += 1;
      }
    }
    tokens.push({ value, start, end: index });
  }
  return tokens;
}

/** Integer options arrive as numbers so the schema sees the same values from text and from Discord. */
function coerce(option: OptionSpec, raw: string): unknown {
  if (option.type === 'integer' && /^[+-]?\d+$/.test(raw)) return Number(raw);
  return raw;
}

export class TooManyArgumentsError extends Error {
  override readonly name = 'TooManyArgumentsError';
  constructor(readonly extra: string) {
    super(`Unexpected extra text: "${extra}"`);
  }
}

/** Maps positional arguments onto named options; values still need the command's schema to validate them. */
export function mapPositional(argsText: string, options: readonly OptionSpec[]): Record<string, unknown> {
  const tokens = tokenize(argsText);
  const result: Record<string, unknown> = {};
  let next = 0;
  for (const option of options) {
    const token = tokens[next];
    if (!token) break;
    if (option.rest) {
      // The remainder keeps its own spacing and quotes: it is free text (a question), not arguments.
      const remainder = tokens.slice(next);
      result[option.name] = remainder.length === 1 ? token.value : argsText.slice(token.start).trim();
      next = tokens.length;
      break;
    }
    result[option.name] = coerce(option, token.value);
    next += 1;
  }
  const leftover = tokens[next];
  if (leftover) throw new TooManyArgumentsError(argsText.slice(leftover.start).trim());
  return result;
}

/** `thread <slug> [view] [question…]` */
export function usageLine(data: { name: string; options: readonly OptionSpec[] }): string {
  const parts = data.options.map((option) => {
    const label = option.rest ? `${option.name}…` : option.name;
    return option.required ? `<${label}>` : `[${label}]`;
  });
  return ['/' + data.name, ...parts].join(' ');
}

/** Words that name a view of `/thread`, wherever they stand in the text; the value is the view. */
export const VIEW_WORDS: Readonly<Record<string, 'summary' | 'perspectives' | 'stats' | 'qa'>> = {
  summary: 'summary',
  perspectives: 'perspectives',
  perspective: 'perspectives',
  stats: 'stats',
  statistics: 'stats',
  qa: 'qa',
  'q&a': 'qa',
};

/** A question starts at its first question word when `qa` comes first: `qa trump putin when is the call?`. */
const QUESTION_WORDS = new Set(
  'who whom whose what when where why how which is are was were do does did will would can could should has have had any'.split(' '),
);

export interface ThreadText {
  /** What identifies the thread: a slug or free text. */
  query: string;
  view?: 'summary' | 'perspectives' | 'stats' | 'qa';
  question?: string;
}

/**
 * Splits `/thread` text into the thread query, a view word and (for `qa`) the question:
 * `trump putin stats`, `stats trump putin`, `trump putin qa when is the call?`,
 * `qa trump putin when is the call?`. The first view word counts; quotes keep words together
 * (`"stats canada" summary`). Without a view word everything is the query.
 */
export function splitThreadText(text: string): ThreadText {
  const tokens = tokenize(text);
  // A quoted word is part of the query, never a view.
  const at = tokens.findIndex((token) => VIEW_WORDS[token.value.toLowerCase()] !== undefined && !/["'“”]/.test(text.slice(token.start, token.end)));
  if (at < 0) return { query: tokens.map((token) => token.value).join(' ') };
  const marker = tokens[at]!;
  const view = VIEW_WORDS[marker.value.toLowerCase()]!;
  const before = tokens.slice(0, at).map((token) => token.value).join(' ');
  const after = tokens.slice(at + 1);
  if (view !== 'qa') return { query: [before, ...after.map((token) => token.value)].filter(Boolean).join(' '), view };
  if (before !== '') {
    const question = after.length > 0 ? text.slice(after[0]!.start).trim() : '';
    return { query: before, view, ...(question ? { question } : {}) };
  }
  const split = after.findIndex((token) => QUESTION_WORDS.has(token.value.toLowerCase()));
  if (split < 0) return { query: after.map((token) => token.value).join(' '), view };
  const question = text.slice(after[split]!.start).trim();
  return { query: after.slice(0, split).map((token) => token.value).join(' '), view, question };
}
