import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcesCommand } from '../../commands/sources.js';
import { topCommand } from '../../commands/top.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisRankingStore } from '../../src/store/redis-ranking-store.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { freePort } from '../../src/store/redis-locator.js';
import { startCliProcess, type CliProcess } from '../helpers/cli-process.js';
import { invocation } from '../helpers/command-fakes.js';
import { createTestRedis, testRedisEnv, type TestRedis } from '../helpers/redis.js';

/**
 * A new user's first steps, as separate processes on one Redis: `npm start` with no reachable feed,
 * then `npm run demo` (replay --demo), then `npm start` again. Each step must say what the last one
 * left and what to do next, and the demo's threads must stay on the demo's own prefix. "No network"
 * is a sources file whose feeds point at a closed loopback port: every poll fails at once.
 */

const STREAM = fileURLToPath(new URL('../fixtures/threading/small-stream.jsonl', import.meta.url));

function exited(cli: CliProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (cli.child.exitCode !== null) resolve(cli.child.exitCode);
    else cli.child.once('exit', (code) => resolve(code));
  });
}

describe('first run without network, then the demo, then npm start again', () => {
  let live: TestRedis;
  let demo: TestRedis;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    live = await createTestRedis('frun');
    demo = await createTestRedis('frun-demo');
    dir = await mkdtemp(join(tmpdir(), 'threadwatch-first-run-'));
    const closed = await freePort();
    const sourcesFile = join(dir, 'sources.yaml');
    await writeFile(
      sourcesFile,
      ['one', 'two', 'three'].map((name) => `- id: unreachable-${name}\n  name: Unreachable ${name}\n  url: http://127.0.0.1:${closed}/${name}.xml\n`).join(''),
    );
    env = { ...testRedisEnv(), REDIS_PREFIX: live.prefix, DEMO_REDIS_PREFIX: demo.prefix, SOURCES_FILE: sourcesFile, HTTP_PORT: '0', LOG_LEVEL: 'error' };
  });

  afterAll(async () => {
    await live.cleanup();
    await demo.cleanup();
    await rm(dir, { recursive: true, force: true });
  });

  it('tells the story in order: feeds unreachable → demo on its own prefix → where the demo threads are', async () => {
    // 1. First start: the banner says that no feed answered, how many failed, and what to do.
    const first = startCliProcess(['start', '--no-console'], env);
    await first.waitForOutput(/No news feed has answered yet/);
    expect(await first.stop()).toBe(0);
    expect(first.output).toMatch(/No news feed has answered yet: all 3 failing: [^\n]+\. Check this machine's network connection, or try the demo: `npm run demo`, then `npm run -s cli -- console --demo`\./);
    expect(first.output).not.toContain("The demo's threads");

    // 2. The demo: replays into DEMO_REDIS_PREFIX and says how to look at what it made.
    const replay = startCliProcess(['replay', '--demo', STREAM, '--speed', '1000000000'], env);
    expect(await exited(replay)).toBe(0);
    expect(replay.output).toContain('try: npm run -s cli -- ask --demo "/top"');
    // A first demo has no previous demo to replace, and says nothing about one.
    expect(replay.output).not.toContain('starting over');
    expect(await demo.redis.zcard(createKeys(demo.prefix).activeThreads())).toBeGreaterThan(0);
    // Nothing of the demo reached the live prefix: no threads, and its sources are only the three offline ones.
    expect(await live.redis.zcard(createKeys(live.prefix).activeThreads())).toBe(0);
    expect((await live.redis.smembers(createKeys(live.prefix).sourceIds())).sort()).toEqual(['unreachable-one', 'unreachable-three', 'unreachable-two']);

    // 3. Second start: still offline, and now it points at the demo's threads instead of at the demo.
    const second = startCliProcess(['start', '--no-console'], env);
    await second.waitForOutput(/No news feed has answered yet/);
    expect(await second.stop()).toBe(0);
    expect(second.output).toMatch(/The demo's threads \(small-stream\.jsonl, replayed [^)]+\) are kept apart on Redis prefix "twtest-frun-demo-[0-9a-f]+": npm run -s cli -- ask --demo "\/top", or npm run -s cli -- console --demo\./);
    expect(second.output).toMatch(/all 3 failing: [^\n]+\. Check this machine's network connection, or look at the demo's threads: `npm run -s cli -- console --demo`\./);

    // 4. What the hint says works: `ask --demo` shows the demo's threads. The live /top and the demo's
    // /sources are read in-process (the commands are the same; a process each costs a minute on a busy CI box).
    const demoTop = startCliProcess(['ask', '--demo', '/top'], env);
    expect(await exited(demoTop)).toBe(0);
    expect(demoTop.output).toMatch(/^Top (\d+ )?threads?$/m);
    expect(demoTop.output).toContain('`mt-gox`');
    const liveSources = createRedisSourceStore(live.redis, createKeys(live.prefix));
    const liveTop = await topCommand.execute(topCommand.input.parse({}), invocation(), {
      ranking: createRedisRankingStore(live.redis, createKeys(live.prefix)),
      threads: createRedisThreadStore(live.redis, createKeys(live.prefix), { articleRetentionDays: 90 }),
      sources: liveSources,
    });
    expect(JSON.stringify(liveTop.blocks)).toContain('No thread is ranked yet. No news feed has answered yet: all 3 failing');
    const demoSources = await sourcesCommand.execute({}, invocation(), { sources: createRedisSourceStore(demo.redis, createKeys(demo.prefix)) });
    expect(JSON.stringify(demoSources.blocks)).toMatch(/Replayed: \d+ polls? of \d+ replayed feeds? from `small-stream\.jsonl`/);
  }, 400_000);
});
