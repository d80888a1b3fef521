import { afterEach, describe, expect, it } from 'vitest';
import { sourcesCommand } from '../../commands/sources.js';
import { topCommand } from '../../commands/top.js';
import type { Block, Reply } from '../../src/core/reply.js';
import type { SourceStore } from '../../src/core/source.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisRankingStore } from '../../src/store/redis-ranking-store.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { createRedisThreadStore } from '../../src/store/redis-thread-store.js';
import { invocation, T0 } from '../helpers/command-fakes.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

/**
 * `/sources` and the empty `/top` read the source store the poll jobs write, so every state is set
 * up here through the real store on a real Redis: what a user sees is what the counts in Redis say.
 */

const OFFLINE = 'host not found (ENOTFOUND)';

function texts(reply: Reply): string[] {
  return reply.blocks.filter((block): block is Extract<Block, { type: 'text' }> => block.type === 'text').map((block) => block.text);
}

function listed(reply: Reply): string[] {
  const list = reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
  return list?.items.map((item) => item.text) ?? [];
}

function feed(index: number) {
  const id = `feed-${String(index).padStart(2, '0')}`;
  return { id, name: `Feed ${String(index).padStart(2, '0')}`, url: `https://feeds.example/${id}.xml` };
}

describe('/sources in every state, on the real source store', () => {
  let testRedis: TestRedis | undefined;
  afterEach(async () => {
    await testRedis?.cleanup();
    testRedis = undefined;
  });

  async function freshStore(): Promise<{ store: SourceStore; testRedis: TestRedis }> {
    testRedis = await createTestRedis('sources-states');
    return { store: createRedisSourceStore(testRedis.redis, createKeys(testRedis.prefix)), testRedis };
  }

  async function sources(store: SourceStore): Promise<Reply> {
    return sourcesCommand.execute({}, invocation(), { sources: store });
  }

  it('says no feed has been polled yet when nothing has polled, without claiming threads came from anywhere', async () => {
    const { store } = await freshStore();
    const reply = await sources(store);
    expect(reply.title).toBe('Sources');
    expect(texts(reply)).toEqual(['No news feed has been polled yet. `npm start` polls the sources in SOURCES_FILE (or the built-in list) as soon as it runs.']);
  });

  it('counts all 48 as failing when every poll failed, including the 8 the list leaves out', async () => {
    const { store } = await freshStore();
    for (let index = 1; index <= 48; index += 1) await store.recordFailure(feed(index), { at: T0, error: OFFLINE });
    const reply = await sources(store);
    expect(reply.title).toBe('48 sources');
    expect(texts(reply)).toEqual([
      '0 ok · 48 failing · 0 disabled',
      "No news feed has answered yet: all 48 failing: host not found (ENOTFOUND). Check this machine's network connection, or try the demo: `npm run demo`, then `npm run -s cli -- console --demo`.",
      '…and 8 more: 8 failing.',
    ]);
    expect(listed(reply)).toHaveLength(40);
  });

  it('counts each kind in a mixed set, and says what the cut-off part of the list holds', async () => {
    const { store } = await freshStore();
    // 40 failing (3 of them disabled), 8 ok.
    for (let index = 1; index <= 48; index += 1) {
      const source = feed(index);
      if (index <= 40) await store.recordFailure(source, { at: T0, error: 'HTTP 503 Service Unavailable' });
      else await store.recordSuccess(source, { at: T0, etag: undefined, lastModified: undefined, articlesStored: 5 });
      if (index <= 3) await store.applyBackoff(source.id, { nextPollAt: T0, disabledReason: 'HTTP 404: the feed URL does not exist' });
    }
    // One source fails after having worked: it is failing, and the install has had a feed answer.
    await store.recordFailure(feed(41), { at: T0 + 1, error: 'HTTP 503 Service Unavailable' });
    const reply = await sources(store);
    // Problems come first, so the 8 left out are one failing source (the last by name) and the 7 healthy ones.
    expect(texts(reply)).toEqual(['7 ok · 38 failing · 3 disabled', '…and 8 more: 1 failing, 7 ok.']);
    expect(listed(reply).slice(0, 4)).toEqual(['Feed 01', 'Feed 02', 'Feed 03', 'Feed 04']);
    expect(listed(reply)).not.toContain('Feed 41');
  });

  it('counts replayed polls as polls after a replay removed its feeds', async () => {
    const { store } = await freshStore();
    const replayed = { file: 'uci-news-2014-03.jsonl', feeds: 1_651, polls: 5_330, articles: 4_569, from: Date.UTC(2014, 2, 10, 6), to: Date.UTC(2014, 2, 12, 3), finishedAt: T0 };
    await store.recordReplay(replayed);
    const reply = await sources(store);
    expect(reply.title).toBe('Sources');
    expect(texts(reply)).toEqual([
      'No live news feed has been polled on this data set yet. `npm start` polls the sources in SOURCES_FILE (or the built-in list) as soon as it runs.',
      'Replayed: 5,330 polls of 1,651 replayed feeds from `uci-news-2014-03.jsonl` (stream 2014-03-10 → 2014-03-12), finished 2014-03-10 12:00 UTC. Replayed feeds exist only while their replay runs, so they are not listed.',
    ]);

    // A second replay adds its polls to the total; the live sources polled since are listed as usual.
    await store.recordReplay({ ...replayed, polls: 100, feeds: 20, file: 'small.jsonl' });
    await store.recordSuccess(feed(1), { at: T0, etag: undefined, lastModified: undefined, articlesStored: 2 });
    const mixed = await sources(store);
    expect(mixed.title).toBe('1 source');
    expect(texts(mixed)).toEqual([
      '1 ok · 0 failing · 0 disabled',
      'Replayed: 5,430 polls in 2 replays; the last one made 100 polls of 20 replayed feeds from `small.jsonl` (stream 2014-03-10 → 2014-03-12), finished 2014-03-10 12:00 UTC. Replayed feeds exist only while their replay runs, so they are not listed.',
    ]);
  });

  it('/top with nothing ranked says when no feed has answered, with the failing count and the next step', async () => {
    const { store, testRedis } = await freshStore();
    const ranking = createRedisRankingStore(testRedis.redis, createKeys(testRedis.prefix));
    const run = () => topCommand.execute(topCommand.input.parse({}), invocation(), { ranking, threads: createRedisThreadStore(testRedis.redis, createKeys(testRedis.prefix), { articleRetentionDays: 90 }), sources: store });
    expect(texts(await run())).toEqual(['No thread is ranked yet. Rankings run every few minutes once articles arrive.']);
    for (let index = 1; index <= 3; index += 1) await store.recordFailure(feed(index), { at: T0, error: OFFLINE });
    expect(texts(await run())).toEqual([
      "No thread is ranked yet. No news feed has answered yet: all 3 failing: host not found (ENOTFOUND). Check this machine's network connection, or try the demo: `npm run demo`, then `npm run -s cli -- console --demo`.",
    ]);
    // One feed answering is enough: the usual "once articles arrive" is true again.
    await store.recordSuccess(feed(4), { at: T0, etag: undefined, lastModified: undefined, articlesStored: 0 });
    expect(texts(await run())).toEqual(['No thread is ranked yet. Rankings run every few minutes once articles arrive.']);
  });
});
