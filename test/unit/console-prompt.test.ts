import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createCommandRunner } from '../../commands/runner.js';
import type { CommandRunner } from '../../commands/command.js';
import { completeConsoleLine, startInteractiveConsole } from '../../src/adapters/console/console.js';
import { createProgressDisplay } from '../../src/adapters/console/progress.js';
import { fakeDeps, referenceWorld } from '../helpers/command-fakes.js';

const identity = { platform: 'console' as const, chatId: 'console', userId: 'operator', isGroup: false, canManageSubscriptions: true };
const PROMPT = 'threadwatch> ';
const ESC = String.fromCharCode(27);

/** A pseudo-terminal: readline treats a PassThrough with isTTY and columns as a terminal. */
function terminal(columns = 80) {
  const input = new PassThrough();
  const output = Object.assign(new PassThrough(), { isTTY: true, columns });
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  return { input, output, written: () => text, clear: () => void (text = '') };
}

/** Waits until readline has taken everything written so far (it reads input asynchronously). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** Records the lines the runner was asked to run. */
function recordingRunner(): { runner: CommandRunner; ran: string[] } {
  const runner = createCommandRunner(fakeDeps(referenceWorld().world));
  const ran: string[] = [];
  return {
    ran,
    runner: {
      ...runner,
      commands: runner.commands,
      complete: (text, limit) => runner.complete(text, limit),
      runLine: async (line, invocation) => {
        ran.push(line);
        return runner.runLine(line, invocation);
      },
    },
  };
}

describe('console prompt with async output', () => {
  it('prints an alert above the prompt and redraws the prompt with the half-typed line, which then runs intact', async () => {
    const tty = terminal();
    const { runner, ran } = recordingRunner();
    const consoleSession = startInteractiveConsole({ runner, input: tty.input, output: tty.output, invocation: identity });
    await settle();
    tty.input.write('/thread tru');
    await settle();
    tty.clear();
    consoleSession.print('🔔 Virtu Financial IPO entered the top 10 at #4 · virality 5.1 · 12 articles · /thread virtu-financial');
    const redraw = tty.written();
    // Back to column 0, cleared from there down, the alert whole on its own line, then the prompt and the typed text again.
    expect(redraw.startsWith(`${ESC}[1G${ESC}[0J`)).toBe(true);
    expect(redraw).toContain('🔔 Virtu Financial IPO entered the top 10 at #4 · virality 5.1 · 12 articles · /thread virtu-financial\n');
    expect(redraw.slice(redraw.indexOf('\n') + 1)).toContain(`${PROMPT}/thread tru`);
    tty.input.write('mp-putin\r');
    await settle();
    expect(ran).toEqual(['/thread trump-putin']);
    tty.input.end();
    await consoleSession.closed;
  });

  it('goes back up over a typed line that wraps before clearing, so no row of it is left behind', async () => {
    const tty = terminal(20);
    const { runner } = recordingRunner();
    const consoleSession = startInteractiveConsole({ runner, input: tty.input, output: tty.output, invocation: identity });
    await settle();
    // 13 columns of prompt + 30 typed = 43: the cursor is on the third row of the line.
    tty.input.write('/thread trump putin stats qa x');
    await settle();
    tty.clear();
    consoleSession.print('alert');
    expect(tty.written().startsWith(`${ESC}[2A${ESC}[1G${ESC}[0J`)).toBe(true);
    tty.input.end();
    await consoleSession.closed;
  });

  it('writes async output as plain lines while a command runs, and when the output is not a terminal', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const { runner } = recordingRunner();
    const consoleSession = startInteractiveConsole({ runner, input, output, invocation: identity });
    consoleSession.print('🔔 one alert');
    expect(text).toBe('🔔 one alert\n');
    input.end();
    await consoleSession.closed;
  });
});

describe('console Tab completion', () => {
  const runner = createCommandRunner(fakeDeps(referenceWorld().world));

  it('completes commands, slugs, views and subscription targets, including the digest', async () => {
    expect(await completeConsoleLine(runner, '/sub')).toEqual([['/subscribe', '/subscriptions'], '/sub']);
    expect(await completeConsoleLine(runner, '/thread trump-putin st')).toEqual([['stats'], 'st']);
    expect(await completeConsoleLine(runner, 'subscribe trump')).toEqual([['trump-putin'], 'trump']);
    expect(await completeConsoleLine(runner, 'subscribe top:')).toEqual([['top:5', 'top:10', 'top:25'], 'top:']);
    expect(await completeConsoleLine(runner, 'subscribe top:5 d')).toEqual([['digest'], 'd']);
    expect(await completeConsoleLine(runner, 'unsubscribe top:5 ')).toEqual([['digest'], '']);
  });

  it('completes through readline: Tab on a half-typed view word finishes it on the line that runs', async () => {
    const tty = terminal();
    const { runner: recording, ran } = recordingRunner();
    const consoleSession = startInteractiveConsole({ runner: recording, input: tty.input, output: tty.output, invocation: identity });
    await settle();
    tty.input.write('/thread trump-putin st\t');
    await settle();
    tty.input.write('\r');
    await settle();
    expect(ran).toEqual(['/thread trump-putin stats']);
    tty.input.end();
    await consoleSession.closed;
  });
});

describe('progress display', () => {
  function stream(isTTY: boolean, columns = 40) {
    let text = '';
    return {
      isTTY,
      columns,
      write(chunk: string) {
        text += chunk;
        return true;
      },
      written: () => text,
    };
  }

  it('draws nothing off a terminal, and writes lines there as they are', () => {
    const bar = stream(false);
    const lines = stream(false);
    const display = createProgressDisplay({ format: ' {bar} {percentage}% | alerts {alerts}', bar, lines });
    display.start(10, { alerts: 0 });
    display.update(5, { alerts: 1 });
    display.log('🔔 an alert');
    display.stop();
    expect(bar.written()).toBe('');
    expect(lines.written()).toBe('🔔 an alert\n');
  });

  it('on a terminal keeps the bar within the width, leaves line wrapping on, and shows a long line whole', () => {
    const bar = stream(true, 40);
    const lines = stream(false);
    const display = createProgressDisplay({ format: ' {bar} {percentage}% | {stream} | articles {articles} | alerts {alerts}', bar, lines });
    display.start(100, { stream: '2014-03-10 18:00', articles: 0, alerts: 0 });
    const alert = '🔔 Virtu Financial IPO entered the top 10 at #4 · virality 5.1 · 12 articles · /thread virtu-financial';
    display.log(alert);
    display.update(50, { stream: '2014-03-11 02:00', articles: 2_000, alerts: 1 });
    display.stop();
    const written = bar.written();
    expect(written).toContain(`${alert}\n`);
    // Turning autowrap off (ESC[?7l) is what clipped long alert lines in the demo.
    expect(written).not.toContain(`${ESC}[?7l`);
    const barLines = written
      .replace(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g'), '\n')
      .split('\n')
      .filter((line) => line.includes('%'));
    expect(barLines.length).toBeGreaterThan(0);
    for (const line of barLines) expect([...line].length).toBeLessThanOrEqual(39);
    expect(lines.written()).toBe('');
  });
});
