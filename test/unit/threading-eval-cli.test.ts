import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/eval-threads.js';

const FIXTURE = 'test/fixtures/threading/small-stream.jsonl';

function captureOutput() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void stdout.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void stderr.push(args.join(' ')));
  return { stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('eval-threads command', () => {
  it('prints the scores and the cold and warm speed as one JSON object on the last stdout line', async () => {
    const output = captureOutput();
    expect(await main([FIXTURE])).toBe(0);
    const last = JSON.parse(output.stdout.at(-1)!) as Record<string, number>;
    expect(Object.keys(last)).toEqual(['articles', 'threads', 'bcubedP', 'bcubedR', 'bcubedF1', 'pairwiseF1', 'nmi', 'articlesPerSec', 'warmArticlesPerSec', 'largestThreadArticles', 'largestThreadSpanHours']);
    expect(last['warmArticlesPerSec']).toBeGreaterThan(0);
    // Five usable records: the repeated id is a distinct record, the unlabelled one its own story.
    expect(last['articles']).toBe(5);
    for (const key of ['bcubedP', 'bcubedR', 'bcubedF1', 'pairwiseF1', 'nmi']) expect(last[key]).toBeGreaterThan(0);
    for (const key of ['bcubedP', 'bcubedR', 'bcubedF1', 'pairwiseF1', 'nmi']) expect(last[key]).toBeLessThanOrEqual(1);
    expect(output.stderr.join('\n')).toMatch(/skipped 1 unusable line/);
  });

  it('builds a long stream of renamed cycles and reports per-cycle quality and the largest thread', async () => {
    const output = captureOutput();
    expect(await main([FIXTURE, '--long-stream', '--cycles', '3', '--gap-hours', '36', '--keep-top', '5'])).toBe(0);
    const last = JSON.parse(output.stdout.at(-1)!) as Record<string, number>;
    expect(last['articles']).toBe(15);
    expect(last['largestThreadArticles']).toBeGreaterThan(0);
    for (const key of ['firstCycleF1', 'lastCycleF1', 'lastOverFirst']) expect(last[key]).toBeGreaterThan(0);
    expect(output.stderr.join('\n')).toMatch(/per-cycle B-cubed F1: \S+ \S+ \S+/);
  });

  it('scores the stream rewritten as MStream-style short titles, and refuses to combine that with --long-stream', async () => {
    const output = captureOutput();
    expect(await main([FIXTURE, '--short-titles'])).toBe(0);
    const last = JSON.parse(output.stdout.at(-1)!) as Record<string, number>;
    expect(last['articles']).toBe(5);
    // One publish instant: the largest thread spans no time at all.
    expect(last['largestThreadSpanHours']).toBe(0);
    expect(await main([FIXTURE, '--short-titles', '--long-stream'])).toBe(2);
    expect(output.stderr.join('\n')).toMatch(/--short-titles goes with neither --long-stream nor --restart/);
  });

  it('counts the articles a restart or other batch sizes would group differently', async () => {
    const output = captureOutput();
    expect(await main([FIXTURE, '--restart'])).toBe(0);
    expect(JSON.parse(output.stdout.at(-1)!)).toEqual({ articles: 5, batch1: 0, batch10: 0, batch1000: 0, halfAndHalf: 0 });
  });

  it('rejects a missing file argument and unknown options with a one-line usage error', async () => {
    const output = captureOutput();
    expect(await main([])).toBe(2);
    expect(await main([FIXTURE, '--fast'])).toBe(2);
    expect(await main([FIXTURE, '--batch', '0'])).toBe(2);
    expect(output.stderr.join('\n')).toMatch(/usage: npm run -s cli -- eval-threads FILE.jsonl/);
    expect(output.stdout).toEqual([]);
  });

  it('fails clearly when the file cannot be read', async () => {
    const output = captureOutput();
    expect(await main(['test/fixtures/threading/does-not-exist.jsonl'])).toBe(1);
    expect(output.stderr[0]).toMatch(/cannot read/);
  });
});
