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
