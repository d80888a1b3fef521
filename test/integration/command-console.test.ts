import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import { completeConsoleLine, renderForTerminal, runInteractiveConsole } from '../../src/adapters/console/console.js';
import { fakeDeps, referenceWorld } from '../helpers/command-fakes.js';

const identity = { platform: 'console' as const, chatId: 'console', userId: 'operator', isGroup: false, canManageSubscriptions: true };

async function session(lines: string, clock?: () => number): Promise<{ output: string; world: ReturnType<typeof referenceWorld>['world'] }> {
  const { world } = referenceWorld();
  const runner = createCommandRunner(fakeDeps(world));
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  input.end(lines);
  await runInteractiveConsole({ runner, input, output, invocation: identity, ...(clock ? { clock } : {}) });
  return { output: text, world };
}

describe('interactive console', () => {
  it('runs each line in order, with or without a leading slash, and ends at end of input (Ctrl-D)', async () => {
    const { output } = await session('/top\n\nthread zzzqqq\n');
    const topAt = output.indexOf('Top thread');
    const errorAt = output.indexOf('Error: No thread matches `zzzqqq`.');
    expect(topAt).toBeGreaterThanOrEqual(0);
    expect(errorAt).toBeGreaterThan(topAt);
    expect(output).toContain('Did you mean Trump Putin Call (`trump-putin`)?');
  });

  it('stops at exit and ignores what follows', async () => {
    const { output } = await session('help\nexit\ntop\n');
    expect(output).toContain('threadwatch commands');
    expect(output).not.toContain('Top thread');
  });

  it('stamps each command with the clock at the time it runs', async () => {
    let now = Date.UTC(2026, 0, 1);
    const { world } = await session('subscribe top:10\n', () => now++);
    expect([...world.subscriptions.values()][0]?.createdAt).toBe(Date.UTC(2026, 0, 1));
  });

  it('wraps to the terminal width, capped for readability', () => {
    const reply = { tone: 'info' as const, blocks: [{ type: 'text' as const, text: 'word '.repeat(60) }], actions: [] };
    const narrow = renderForTerminal(reply, 50).split('\n').filter(Boolean);
    expect(Math.max(...narrow.map((line) => line.length))).toBeLessThanOrEqual(48);
    const wide = renderForTerminal(reply, 300).split('\n').filter(Boolean);
    expect(Math.max(...wide.map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('completes command names and, after a command that takes one, thread slugs', async () => {
    const runner = createCommandRunner(fakeDeps(referenceWorld().world));
    expect(await completeConsoleLine(runner, '/su')).toEqual([['/subscribe', '/subscriptions'], '/su']);
    expect(await completeConsoleLine(runner, 'thread tru')).toEqual([['trump-putin'], 'tru']);
    expect(await completeConsoleLine(runner, '/subscribe tr')).toEqual([['trump-putin'], 'tr']);
  });

  it('completes free text to the slug, views after a thread, and subscription targets', async () => {
    const runner = createCommandRunner(fakeDeps(referenceWorld().world));
    expect(await completeConsoleLine(runner, 'thread trump pu')).toEqual([['trump-putin'], 'trump pu']);
    expect(await completeConsoleLine(runner, 'thread trump-putin st')).toEqual([['stats'], 'st']);
    expect(await completeConsoleLine(runner, '/thread trump putin ')).toEqual([['summary', 'perspectives', 'stats', 'qa'], '']);
    expect(await completeConsoleLine(runner, 'subscribe top')).toEqual([['top:5', 'top:10', 'top:25'], 'top']);
    expect((await completeConsoleLine(runner, 'unsubscribe al'))[0]).toContain('all');
    expect(await completeConsoleLine(runner, 'help th')).toEqual([['thread'], 'th']);
  });
});
