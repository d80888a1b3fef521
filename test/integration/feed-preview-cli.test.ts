import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as preview } from '../../src/cli/preview.js';
import { main as sources } from '../../src/cli/sources.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';

function captureStdout(): { lines: () => string[] } {
  const chunks: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { lines: () => chunks.join('').split('\n').filter((line) => line !== '') };
}

function captureConsole(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  return { out, err };
}

describe('preview and sources commands', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('prints one JSON line per article and one per failed feed, across hundreds of feeds', async () => {
    const good = Array.from({ length: 150 }, (_, i) => server.url(`/bbc.xml?copy=${i}`));
    const bad = Array.from({ length: 50 }, (_, i) => server.url(i % 2 === 0 ? `/status/404?copy=${i}` : `/html?copy=${i}`));
    const stdout = captureStdout();
    // Long enough for 32 parallel fetches on a loaded two-core CI machine; only /hang reaches it.
    const code = await preview(['--concurrency', '32', '--timeout-ms', '8000', ...good, server.url('/hang'), ...bad]);
    const lines = stdout.lines().map((line) => JSON.parse(line) as Record<string, string>);
    expect(code).toBe(1);
    const articles = lines.filter((line) => 'id' in line);
    const failures = lines.filter((line) => 'error' in line);
    expect(articles).toHaveLength(150 * 3);
    expect(failures).toHaveLength(51);
    expect(failures.find((f) => f['feed'] === server.url('/hang'))?.['error']).toBe('timed out after 8000 ms');
    expect(failures.find((f) => f['feed'] === server.url('/html?copy=1'))?.['error']).toBe('not a feed: got an HTML page');
    // The outlet comes from the site the feed links to (bbc.co.uk), not from the feed host (127.0.0.1).
    expect(articles[0]).toMatchObject({ source: 'bbc.co.uk', lean: 'lean-left', country: 'GB' });
    expect(Object.keys(articles[0]!)).toEqual(expect.arrayContaining(['feed', 'id', 'title', 'summary', 'url', 'published', 'source']));
  });

  it('previews a local feed file and exits 0 when every feed worked', async () => {
    const stdout = captureStdout();
    const code = await preview([new URL('../fixtures/feeds/guardian-world.rss.xml', import.meta.url).pathname]);
    expect(code).toBe(0);
    expect(stdout.lines()).toHaveLength(2);
  });

  it('rejects a preview without feeds with a one-line usage error', async () => {
    const console = captureConsole();
    expect(await preview([])).toBe(2);
    expect(console.err[0]).toMatch(/^give at least one feed URL or file/);
  });

  it('checks the built-in sources list and prints per-lean and per-country counts', async () => {
    const console = captureConsole();
    expect(await sources(['check'])).toBe(0);
    expect(console.out[0]).toMatch(/^\d+ sources: left \d+, lean-left \d+, center \d+, lean-right \d+, right \d+$/);
    expect(console.out.some((line) => /^countries: US \d+, GB \d+/.test(line))).toBe(true);
  });

  it('prints `path: message` lines and exits 1 for a bad sources file', async () => {
    const console = captureConsole();
    expect(await sources(['check', new URL('../fixtures/feeds/sources-bad.yaml', import.meta.url).pathname])).toBe(1);
    expect(console.err).toContain('sources.1.url: must be an http(s) feed URL');
  });
});
