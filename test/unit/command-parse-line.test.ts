import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../commands/command.js';
import { LineSyntaxError, mapPositional, splitCommandLine, tokenize, TooManyArgumentsError, usageLine } from '../../commands/parse-line.js';

const threadOptions: OptionSpec[] = [
  { name: 'slug', description: '', type: 'string' },
  { name: 'view', description: '', type: 'string' },
  { name: 'question', description: '', type: 'string', rest: true },
];

describe('command line parsing', () => {
  it('splits the command name from its arguments, dropping the slash and case', () => {
    expect(splitCommandLine('  /Thread trump-putin stats ')).toEqual({ name: 'thread', argsText: 'trump-putin stats' });
    expect(splitCommandLine('')).toEqual({ name: '', argsText: '' });
  });

  it('groups quoted words and honours backslash escapes', () => {
    expect(tokenize(`a "b c" 'd e' f\\ g`).map((t) => t.value)).toEqual(['a', 'b c', 'd e', 'f g']);
    expect(tokenize('“smart quotes” too').map((t) => t.value)).toEqual(['smart quotes', 'too']);
  });

  it('rejects an unclosed quote instead of guessing', () => {
    expect(() => tokenize('thread "trump')).toThrow(LineSyntaxError);
  });

  it('maps positional tokens in order and gives the rest option the remaining text verbatim', () => {
    expect(mapPositional('trump-putin qa who  met   Putin?', threadOptions)).toEqual({
      slug: 'trump-putin',
      view: 'qa',
      question: 'who  met   Putin?',
    });
  });

  it('unwraps a rest option given as one quoted token', () => {
    expect(mapPositional('trump-putin qa "who met?"', threadOptions)).toMatchObject({ question: 'who met?' });
  });

  it('leaves options that were not given out of the result', () => {
    expect(mapPositional('trump-putin', threadOptions)).toEqual({ slug: 'trump-putin' });
    expect(mapPositional('', threadOptions)).toEqual({});
  });

  it('turns integer options into numbers and leaves non-numbers for the schema to reject', () => {
    const options: OptionSpec[] = [{ name: 'n', description: '', type: 'integer' }];
    expect(mapPositional('5', options)).toEqual({ n: 5 });
    expect(mapPositional('five', options)).toEqual({ n: 'five' });
  });

  it('reports text beyond the last option', () => {
    const options: OptionSpec[] = [{ name: 'n', description: '', type: 'integer' }];
    expect(() => mapPositional('5 6', options)).toThrow(TooManyArgumentsError);
  });

  it('builds usage lines from option metadata', () => {
    expect(usageLine({ name: 'thread', options: threadOptions })).toBe('/thread [slug] [view] [question…]');
    expect(usageLine({ name: 'subscribe', options: [{ name: 'target', description: '', type: 'string', required: true }] })).toBe('/subscribe <target>');
  });
});
