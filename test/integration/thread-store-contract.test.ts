import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Lean } from '../../src/core/lean.js';
import type { AssignmentWrite } from '../../src/core/threading/store-writes.js';
import { createKeys } from '../../src/store/keys.js';
import { createMemoryThreadStore } from '../../src/store/memory-thread-store.js';
import { createRedisThreadStore, type ThreadStoreOptions } from '../../src/store/redis-thread-store.js';
import type { ThreadStore } from '../../src/core/threading/thread-store.js';
import { EMPTY_FACETS } from '../../src/core/thread.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { HOUR_MS as HOUR } from '../../src/core/time.js';

/**
 * One contract, two stores: the in-memory twin that eval-threads and benches use must behave exactly
 * like the Redis store production uses, or evaluation numbers would describe a different system.
 */

const T0 = Date.UTC(2024, 0, 10, 12);

let testRedis: TestRedis | undefined;
let redisStores = 0;
afterAll(async () => {
  await testRedis?.cleanup();
});

const factories: [string, (options?: ThreadStoreOptions) => Promise<ThreadStore>][] = [
  [
    'redis',
    async (options) => {
      testRedis ??= await createTestRedis('thread-store');
      redisStores += 1;
      return createRedisThreadStore(testRedis.redis, createKeys(`${testRedis.prefix}:${redisStores}`), options);
    },
  ],
  ['memory', async (options) => createMemoryThreadStore(options)],
];

describe.each(factories)('thread store contract (%s)', (_name, createStore) => {
  let store: ThreadStore;
  let seq: number;
  beforeEach(async () => {
    store = await createStore();
    seq = 0;
  });

  function write(articleId: string, threadId: string, options: Partial<{ outlet: string; published: number; lean: Lean; country: string; title: string; slugBase: string; stray: boolean }> = {}): AssignmentWrite {
    return {
      ...(options.stray ? { stray: true } : {}),
      article: { id: articleId, outlet: options.outlet ?? 'example.com', published: options.published ?? T0, lean: options.lean ?? 'center', country: options.country ?? 'US' },
      threadId,
      facets: { ...EMPTY_FACETS, title: options.title ?? `title of ${threadId}` },
      slugBase: options.slugBase ?? threadId,
      expectedSeq: seq,
      logEntry: `entry ${articleId}`,
    };
  }

  async function apply(...args: Parameters<typeof write>) {
    const result = await store.applyAssignment(write(...args));
    if (result.status === 'applied') seq = result.seq;
    return result;
  }

  /** Three articles from two outlets: the smallest public thread. */
  async function publicThread(threadId: string, slugBase: string, title = `title of ${threadId}`) {
    await apply(`${threadId}-a1`, threadId, { outlet: 'a.com', slugBase, title });
    await apply(`${threadId}-a2`, threadId, { outlet: 'b.com', slugBase, title, published: T0 + HOUR });
    return apply(`${threadId}-a3`, threadId, { outlet: 'a.com', slugBase, title, published: T0 + 2 * HOUR });
  }

  it('aggregates counts by outlet, lean, country and hour as articles join a thread', async () => {
    await apply('a1', 't1', { outlet: 'nytimes.com', lean: 'lean-left', country: 'US', published: T0 + 10 });
    await apply('a2', 't1', { outlet: 'foxnews.com', lean: 'right', country: 'US', published: T0 + HOUR + 5 });
    await apply('a3', 't1', { outlet: 'bbc.co.uk', lean: 'center', country: 'GB', published: T0 - HOUR });
    const thread = await store.getThread('t1');
    expect(thread).toMatchObject({
      id: 't1',
      articleCount: 3,
      outletCount: 3,
      firstSeen: T0 - HOUR,
      lastUpdated: T0 + HOUR + 5,
      countryCounts: { US: 2, GB: 1 },
      status: 'active',
      version: 3,
    });
    expect(thread?.leanCounts).toEqual({ left: 0, 'lean-left': 1, center: 1, 'lean-right': 0, right: 1, unrated: 0 });
    expect([...(await store.getHourlyCounts('t1'))]).toEqual([
      [T0 - HOUR, 1],
      [T0, 1],
      [T0 + HOUR, 1],
    ]);
    expect(await store.getArticleIds('t1', { limit: 2, order: 'newest' })).toEqual(['a2', 'a1']);
    expect(await store.getArticleIds('t1', { limit: 10, order: 'oldest' })).toEqual(['a3', 'a1', 'a2']);
    expect(await store.getArticleThreadIds(['a1', 'nope'])).toEqual(['t1', null]);
    expect(await store.getThreads(['t1', 'missing'])).toMatchObject([{ id: 't1' }, null]);
  });

  it('changes nothing when the same article is applied twice', async () => {
    await apply('a1', 't1');
    const before = await store.getThread('t1');
    const again = await store.applyAssignment({ ...write('a1', 't2'), expectedSeq: seq });
    expect(again).toEqual({ status: 'duplicate', threadId: 't1' });
    expect(await store.getThread('t1')).toEqual(before);
    expect(await store.getThread('t2')).toBeNull();
    expect(await store.getSeq()).toBe(seq);
  });

  it('refuses a write decided on a stale index', async () => {
    await apply('a1', 't1');
    const stale = await store.applyAssignment({ ...write('a2', 't1'), expectedSeq: seq - 1 });
    expect(stale).toEqual({ status: 'stale', seq });
    expect((await store.getThread('t1'))?.articleCount).toBe(1);
  });

  it('applies a batch of writes sent back to back, and refuses the rest of it once another writer came between', async () => {
    const chained = (articleId: string, position: number, token: string): AssignmentWrite => ({ ...write(articleId, 't1'), expectedSeq: position, chain: { token, follows: position > 0 } });
    // All sent before any reply, as the indexer does: applied in order.
    const batch = await Promise.all(['a0', 'a1', 'a2'].map((id, position) => store.applyAssignment(chained(id, position, 'batch-1'))));
    expect(batch.map((result) => result.status)).toEqual(['applied', 'applied', 'applied']);
    // Batch 2's first write is refused (stale); another worker then writes exactly one entry, which
    // would make batch 2's next write line up with the sequence number: the chain refuses it.
    expect((await store.applyAssignment(chained('b0', 2, 'batch-2'))).status).toBe('stale');
    expect((await store.applyAssignment({ ...write('x0', 't2'), expectedSeq: 3 })).status).toBe('applied');
    expect(await store.applyAssignment(chained('b1', 4, 'batch-2'))).toEqual({ status: 'stale', seq: 4 });
    expect(await store.getArticleThreadIds(['a0', 'a1', 'a2', 'b0', 'b1', 'x0'])).toEqual(['t1', 't1', 't1', null, null, 't2']);
    // A new batch starts its own chain.
    expect((await store.applyAssignment({ ...write('c0', 't1'), expectedSeq: 4, chain: { token: 'batch-3', follows: false } })).status).toBe('applied');
  });

  it('makes a thread public with a unique slug at three articles from two outlets', async () => {
    await apply('a1', 't1', { outlet: 'a.com', slugBase: 'fed-taper' });
    await apply('a2', 't1', { outlet: 'a.com', slugBase: 'fed-taper' });
    expect((await store.getThread('t1'))?.isPublic).toBe(false);
    const third = await apply('a3', 't1', { outlet: 'b.com', slugBase: 'fed-taper' });
    expect(third).toMatchObject({ status: 'applied', slug: 'fed-taper', becamePublic: true });
    const fourth = await apply('a4', 't1', { outlet: 'c.com', slugBase: 'something-else' });
    expect(fourth).toMatchObject({ slug: 'fed-taper', becamePublic: false });
    expect(await publicThread('t2', 'fed-taper')).toMatchObject({ slug: 'fed-taper-2', becamePublic: true });
    expect(await store.listActiveThreadIds({ publicOnly: true })).toEqual(['t2', 't1']);
  });

  it('resolves slugs exactly, ignoring case and separators, and suggests near misses', async () => {
    await publicThread('t1', 'trump-putin');
    await publicThread('t2', 'malaysia-airlines');
    expect(await store.resolveSlug('trump-putin')).toEqual({ threadId: 't1' });
    expect(await store.resolveSlug('  Trump Putin ')).toEqual({ threadId: 't1' });
    expect(await store.resolveSlug('#trump_putin')).toEqual({ threadId: 't1' });
    expect(await store.resolveSlug('trump-putn')).toEqual({ threadId: null, suggestions: ['trump-putin'] });
    expect(await store.resolveSlug('zzzzzz')).toEqual({ threadId: null, suggestions: [] });
  });

  it('merges threads: sums counts, moves articles and keeps the absorbed slug as an alias', async () => {
    await publicThread('big', 'fed-taper');
    await publicThread('small', 'fed-plosser');
    const merged = await store.applyMerge({ from: 'small', into: 'big', facets: { ...EMPTY_FACETS, title: 'Fed taper' }, slugBase: 'fed-taper', expectedSeq: seq, logEntry: 'merge' });
    expect(merged).toMatchObject({ status: 'applied', slug: 'fed-taper', becamePublic: false });
    const big = await store.getThread('big');
    expect(big).toMatchObject({ articleCount: 6, outletCount: 2, aliases: ['fed-plosser'], title: 'Fed taper' });
    expect(await store.getThread('small')).toMatchObject({ status: 'merged', mergedInto: 'big' });
    expect(await store.resolveSlug('fed-plosser')).toEqual({ threadId: 'big' });
    expect(await store.getArticleThreadIds(['small-a1'])).toEqual(['big']);
    expect(await store.getArticleIds('big', { limit: 10, order: 'oldest' })).toHaveLength(6);
    expect(await store.listActiveThreadIds()).toEqual(['big']);
    const afterMerge = await store.getSeq();
    expect(await store.applyAssignment({ ...write('late', 'small'), expectedSeq: afterMerge })).toEqual({ status: 'stale', seq: afterMerge });
  });

  it('leaves a merged thread exactly as if its articles had all joined the survivor', async () => {
    const leans: Lean[] = ['left', 'lean-left', 'center', 'lean-right', 'right', 'unrated'];
    const articles = [
      { id: 'm1', threadId: 'later', outlet: 'a.com', published: T0 + 30 * HOUR, lean: leans[0]!, country: 'US' },
      { id: 'm2', threadId: 'later', outlet: 'b.com', published: T0 + 31 * HOUR + 5, lean: leans[1]!, country: 'GB' },
      { id: 'm3', threadId: 'later', outlet: 'a.com', published: T0 + 32 * HOUR, lean: leans[2]!, country: '' },
      { id: 'm4', threadId: 'earlier', outlet: 'c.com', published: T0, lean: leans[3]!, country: 'US' },
      { id: 'm5', threadId: 'earlier', outlet: 'b.com', published: T0 + 10, lean: leans[4]!, country: 'FR' },
      { id: 'm6', threadId: 'earlier', outlet: 'd.com', published: T0 + 31 * HOUR, lean: leans[5]!, country: 'US' },
      { id: 'm7', threadId: 'earlier', outlet: 'c.com', published: T0 + 40 * HOUR, lean: leans[0]!, country: 'GB' },
    ];
    // The survivor is public first but younger; the absorbed thread holds the oldest and newest articles.
    for (const a of articles) await apply(a.id, a.threadId, { outlet: a.outlet, published: a.published, lean: a.lean, country: a.country, slugBase: a.threadId });
    const merged = await store.applyMerge({ from: 'earlier', into: 'later', facets: { ...EMPTY_FACETS, title: 'merged' }, slugBase: 'x', expectedSeq: seq, logEntry: 'merge' });
    expect(merged).toMatchObject({ status: 'applied', slug: 'later', becamePublic: false });

    const count = <T extends string>(values: T[]) => values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
    const thread = await store.getThread('later');
    expect(thread).toMatchObject({
      slug: 'later',
      aliases: ['earlier'],
      articleCount: articles.length,
      outletCount: new Set(articles.map((a) => a.outlet)).size,
      firstSeen: Math.min(...articles.map((a) => a.published)),
      lastUpdated: Math.max(...articles.map((a) => a.published)),
      countryCounts: count(articles.map((a) => a.country)),
      status: 'active',
    });
    expect(thread?.leanCounts).toEqual({ ...Object.fromEntries(leans.map((lean) => [lean, 0])), ...count(articles.map((a) => a.lean)) });
    const hours = count(articles.map((a) => String(Math.floor(a.published / HOUR) * HOUR)));
    expect([...(await store.getHourlyCounts('later'))]).toEqual(Object.entries(hours).map(([hour, n]) => [Number(hour), n]).sort((x, y) => x[0]! - y[0]!));
    const byTime = [...articles].sort((x, y) => x.published - y.published).map((a) => a.id);
    expect(await store.getArticleIds('later', { limit: 100, order: 'oldest' })).toEqual(byTime);
    expect(await store.getArticleThreadIds(articles.map((a) => a.id))).toEqual(articles.map(() => 'later'));
    expect(await store.resolveSlug('earlier')).toEqual({ threadId: 'later' });
  });

  it('keeps strays out of core article lists, and carries them over in a merge', async () => {
    await apply('c1', 'core', { outlet: 'a.com', published: T0 });
    await apply('c2', 'core', { outlet: 'b.com', published: T0 + HOUR });
    await apply('s1', 'core', { outlet: 'c.com', published: T0 + 2 * HOUR, stray: true });
    expect(await store.getArticleIds('core', { limit: 2, order: 'newest' })).toEqual(['s1', 'c2']);
    expect(await store.getArticleIds('core', { limit: 2, order: 'newest', coreOnly: true })).toEqual(['c2', 'c1']);
    expect(await store.getStrayIds('core')).toEqual(['s1']);
    await apply('o1', 'other', { outlet: 'd.com', published: T0 });
    await apply('s2', 'other', { outlet: 'd.com', published: T0 + 3 * HOUR, stray: true });
    const merged = await store.applyMerge({ from: 'other', into: 'core', facets: { ...EMPTY_FACETS, title: 'merged' }, slugBase: 'core', expectedSeq: seq, logEntry: 'merge' });
    if (merged.status === 'applied') seq = merged.seq;
    expect(await store.getStrayIds('core')).toEqual(['s1', 's2']);
    expect(await store.getStrayIds('other')).toEqual([]);
    expect(await store.getArticleIds('core', { limit: 10, order: 'oldest', coreOnly: true })).toEqual(['c1', 'o1', 'c2']);
  });

  it('moves a stray to another thread atomically, both threads counted exactly as if it had joined there', async () => {
    const leans: Lean[] = ['left', 'right', 'center'];
    await apply('p1', 'from', { outlet: 'a.com', published: T0, lean: leans[0], country: 'US', slugBase: 'from' });
    await apply('p2', 'from', { outlet: 'b.com', published: T0 + HOUR, lean: leans[1], country: 'GB', slugBase: 'from' });
    await apply('p3', 'from', { outlet: 'a.com', published: T0 + 2 * HOUR, lean: leans[2], country: 'US', slugBase: 'from' });
    await apply('stray', 'from', { outlet: 'z.com', published: T0 + 5 * HOUR, lean: 'lean-left', country: 'FR', stray: true, slugBase: 'from' });
    await apply('q1', 'into', { outlet: 'c.com', published: T0 + 4 * HOUR, slugBase: 'into-slug' });
    await apply('q2', 'into', { outlet: 'd.com', published: T0 + 4 * HOUR, slugBase: 'into-slug' });
    const moved = await store.applyMove({
      article: { id: 'stray', outlet: 'z.com', published: T0 + 5 * HOUR, lean: 'lean-left', country: 'FR' },
      from: 'from',
      into: 'into',
      fromFacets: { ...EMPTY_FACETS, title: 'from now' },
      intoFacets: { ...EMPTY_FACETS, title: 'into now' },
      slugBase: 'into-slug',
      expectedSeq: seq,
      logEntry: 'move',
    });
    expect(moved).toMatchObject({ status: 'applied', slug: 'into-slug', becamePublic: true });
    const [from, into] = await store.getThreads(['from', 'into']);
    expect(from).toMatchObject({ articleCount: 3, outletCount: 2, firstSeen: T0, lastUpdated: T0 + 2 * HOUR, countryCounts: { US: 2, GB: 1 }, title: 'from now', isPublic: true });
    expect(from?.leanCounts['lean-left']).toBe(0);
    expect(into).toMatchObject({ articleCount: 3, outletCount: 3, firstSeen: T0 + 4 * HOUR, lastUpdated: T0 + 5 * HOUR, title: 'into now', isPublic: true });
    expect(into?.leanCounts['lean-left']).toBe(1);
    expect(into?.countryCounts['FR']).toBe(1);
    expect(await store.getStrayIds('from')).toEqual([]);
    expect(await store.getArticleIds('into', { limit: 5, order: 'newest', coreOnly: true })).toEqual(['stray', 'q2', 'q1']);
    expect(await store.getArticleThreadIds(['stray'])).toEqual(['into']);
    expect([...(await store.getHourlyCounts('from'))].map(([, n]) => n)).toEqual([1, 1, 1]);
    expect((await store.readLog(seq, 10)).map((entry) => entry.entry)).toEqual(['move']);
    expect(await store.applyMove({ article: { id: 'stray', outlet: 'z.com', published: T0, lean: 'center', country: '' }, from: 'from', into: 'into', fromFacets: EMPTY_FACETS, intoFacets: EMPTY_FACETS, slugBase: '', expectedSeq: seq, logEntry: 'again' })).toEqual({ status: 'stale', seq: seq + 1 });
  });

  it('forgets which thread an article is in after the article retention, merges included', async () => {
    store = await createStore({ articleRetentionDays: 0.3 / 86_400 });
    await apply('r1', 'kept');
    await apply('r2', 'absorbed');
    await store.applyMerge({ from: 'absorbed', into: 'kept', facets: { ...EMPTY_FACETS, title: 't' }, slugBase: 'k', expectedSeq: seq, logEntry: 'merge' });
    expect(await store.getArticleThreadIds(['r1', 'r2'])).toEqual(['kept', 'kept']);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await store.getArticleThreadIds(['r1', 'r2'])).toEqual([null, null]);
    // The thread itself keeps its record and article list: only the per-article lookup expires.
    expect((await store.getThread('kept'))?.articleCount).toBe(2);
  });

  it('gives a survivor without a slug the absorbed thread’s slug instead of a new one', async () => {
    await publicThread('shown', 'fed-taper');
    if ((await apply('x1', 'quiet')).status !== 'applied') throw new Error('setup failed');
    const merged = await store.applyMerge({ from: 'shown', into: 'quiet', facets: { ...EMPTY_FACETS, title: 't' }, slugBase: 'other', expectedSeq: seq, logEntry: 'merge' });
    expect(merged).toMatchObject({ slug: 'fed-taper', becamePublic: true });
    expect(await store.resolveSlug('fed-taper')).toEqual({ threadId: 'quiet' });
  });

  it('archives idle threads without losing them, and revives one that gets a new article', async () => {
    await publicThread('old', 'old-story');
    expect(await store.archiveThreads(['old', 'missing'])).toBe(1);
    expect(await store.archiveThreads(['old'])).toBe(0);
    expect(await store.listActiveThreadIds()).toEqual([]);
    expect(await store.listArchivedThreadIds()).toEqual(['old']);
    expect(await store.getThread('old')).toMatchObject({ status: 'archived', articleCount: 3 });
    expect(await store.resolveSlug('old-story')).toEqual({ threadId: 'old' });
    await apply('late', 'old', { published: T0 + 30 * 24 * HOUR });
    expect(await store.getThread('old')).toMatchObject({ status: 'active', articleCount: 4 });
    expect(await store.listArchivedThreadIds()).toEqual([]);
  });

  it('autocompletes public threads by slug prefix, then title words', async () => {
    await publicThread('t1', 'trump-putin', 'Trump and Putin speak by phone');
    await publicThread('t2', 'fed-taper', 'Fed signals faster tapering');
    await publicThread('t3', 'putin-crimea', 'Putin annexes Crimea');
    expect((await store.searchThreads('pu', 5)).map((r) => r.slug)).toEqual(['putin-crimea', 'trump-putin']);
    expect(await store.searchThreads('faster tap', 5)).toMatchObject([{ threadId: 't2', slug: 'fed-taper', title: 'Fed signals faster tapering' }]);
    expect(await store.searchThreads('pu', 1)).toHaveLength(1);
  });

  it('keeps the facets of the latest write on the thread and in the catalogue', async () => {
    const facets = { title: 'Trump and Putin to speak by phone', representativeArticleId: 'a2', topic: 'Trump Putin Call', names: ['Trump', 'Putin'], keyTerms: ['call', 'Ukraine'] };
    await publicThread('t1', 'trump-putin');
    const result = await store.applyAssignment({ ...write('a4', 't1', { published: T0 + 3 * HOUR }), facets });
    expect(result.status).toBe('applied');
    expect(await store.getThread('t1')).toMatchObject(facets);
    expect(await store.listCatalog()).toEqual([
      { threadId: 't1', slug: 'trump-putin', aliases: [], status: 'active', lastUpdated: T0 + 3 * HOUR, ...facets },
    ]);
  });

  it('keeps the stored facets when a write between facet points carries none, and still counts the article', async () => {
    const facets = { title: 'Trump and Putin to speak by phone', representativeArticleId: 'a2', topic: 'Trump Putin Call', names: ['Trump', 'Putin'], keyTerms: ['call', 'Ukraine'] };
    await publicThread('t1', 'trump-putin');
    const withFacets = await store.applyAssignment({ ...write('a4', 't1', { published: T0 + 3 * HOUR }), facets });
    if (withFacets.status === 'applied') seq = withFacets.seq;
    const { facets: _none, ...withoutFacets } = write('a5', 't1', { published: T0 + 4 * HOUR });
    expect((await store.applyAssignment(withoutFacets)).status).toBe('applied');
    expect(await store.getThread('t1')).toMatchObject({ ...facets, articleCount: 5, lastUpdated: T0 + 4 * HOUR });
    expect(await store.listCatalog()).toEqual([
      { threadId: 't1', slug: 'trump-putin', aliases: [], status: 'active', lastUpdated: T0 + 4 * HOUR, ...facets },
    ]);
  });

  it('lists archived public threads in the catalogue as archived, and drops merged ones', async () => {
    await publicThread('old', 'old-story');
    await publicThread('live', 'live-story');
    await apply('live-a4', 'live', { published: T0 + 4 * HOUR });
    await apply('private-1', 'private', { published: T0 + 5 * HOUR });
    const version = await store.catalogVersion();
    expect(await store.archiveThreads(['old'])).toBe(1);
    expect(await store.catalogVersion()).not.toBe(version);
    expect((await store.listCatalog()).map(({ threadId, status }) => ({ threadId, status }))).toEqual([
      { threadId: 'live', status: 'active' },
      { threadId: 'old', status: 'archived' },
    ]);
    const merged = await store.applyMerge({ from: 'old', into: 'live', facets: { ...EMPTY_FACETS, title: 'merged' }, slugBase: 'x', expectedSeq: seq, logEntry: 'merge' });
    expect(merged.status).toBe('applied');
    expect(await store.listCatalog()).toMatchObject([{ threadId: 'live', aliases: ['old-story'], status: 'active', title: 'merged' }]);
  });

  it('finds a thread in search and suggestions right after it becomes public', async () => {
    await publicThread('t1', 'trump-putin');
    expect(await store.searchThreads('crimea', 5)).toEqual([]);
    expect(await store.resolveSlug('crimea-vote')).toEqual({ threadId: null, suggestions: [] });
    await publicThread('t2', 'crimea-vote');
    expect((await store.searchThreads('crimea', 5)).map((r) => r.slug)).toEqual(['crimea-vote']);
    expect(await store.resolveSlug('crimea-vot')).toEqual({ threadId: null, suggestions: ['crimea-vote'] });
  });

  it('keeps a replayable log and trims what a snapshot covers', async () => {
    await apply('a1', 't1');
    await apply('a2', 't1');
    await apply('a3', 't2');
    expect(await store.readLog(1, 10)).toEqual([
      { seq: 2, entry: 'entry a2' },
      { seq: 3, entry: 'entry a3' },
    ]);
    expect(await store.saveSnapshot({ seq: 2, data: 'index at 2' })).toBe(true);
    expect(await store.saveSnapshot({ seq: 1, data: 'older' })).toBe(false);
    expect(await store.loadSnapshot()).toEqual({ seq: 2, data: 'index at 2' });
    expect(await store.firstLogSeq()).toBe(3);
    expect(await store.readLog(0, 10)).toEqual([{ seq: 3, entry: 'entry a3' }]);
  });
});
