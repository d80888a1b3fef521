import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../commands/command.js';
import { createCommandRunner } from '../../commands/runner.js';
import type { CommandRunner } from '../../commands/command.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import type { Article } from '../../src/core/article.js';
import { leanBucket } from '../../src/core/lean.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createStatsPictureSource } from '../../src/render/stats-picture.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));
/** The first few stream hours: several public, ranked threads with summaries. */
const SLICE = 400;
const DAY_MS = 86_400_000;

function rowsOf(reply: Reply): Map<string, string> {
  const stats = reply.blocks.find((block): block is Extract<Block, { type: 'stats' }> => block.type === 'stats');
  return new Map((stats?.rows ?? []).map((row) => [row.label, row.value]));
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10).toFixed(1);

describe('commands on the real Redis stores after an ingest', () => {
  let testRedis: TestRedis;
  let app: App;
  let runner: CommandRunner;
  const invocation = (overrides: Partial<Invocation> = {}): Invocation => ({
    platform: 'telegram',
    chatId: '-1001',
    userId: '42',
    isGroup: true,
    canManageSubscriptions: true,
    now: Date.UTC(2014, 2, 12),
    ...overrides,
  });

  beforeAll(async () => {
    testRedis = await createTestRedis('command-redis');
    const records = (await readStreamFile(UCI)).records.slice(0, SLICE);
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' });
    app = await createApp({ config, redisUrl: testRedis.url, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    runner = createCommandRunner(app.stores);
  }, 120_000);

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  it('/top lists ranked threads with virality and rank change, in rank order', async () => {
    const top = await app.stores.ranking.getTop(5);
    expect(top.length).toBeGreaterThan(1);
    const reply = await runner.runLine('top 5', invocation());
    const list = reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
    expect(list?.items.map((item) => item.text)).toEqual(top.map((stats) => stats.title));
    expect(list?.items[0]?.detail).toMatch(new RegExp(`^\`${top[0]!.slug}\` · virality \\d+\\.\\d · (▲\\d+|▼\\d+|=|new) · \\d+ articles$`));
  });

  it('/thread <slug> stats shows numbers that recompute by hand from the thread articles', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const stats = first!;
    const thread = (await app.stores.threads.getThread(stats.threadId))!;
    const ids = await app.stores.threads.getArticleIds(thread.id, { limit: thread.articleCount + 10, order: 'oldest' });
    const articles = (await app.stores.articles.getArticles(ids)).filter((article): article is Article => article !== null);
    expect(articles).toHaveLength(thread.articleCount);

    const sides = { left: 0, center: 0, right: 0, unrated: 0 };
    for (const article of articles) sides[leanBucket(article.lean)] += 1;
    const rated = sides.left + sides.center + sides.right;
    const known = articles.filter((article) => article.country !== '');
    const us = known.filter((article) => article.country === 'US').length;
    const firstPublished = Math.min(...articles.map((article) => article.published));

    const reply = await runner.runLine(`thread ${stats.slug} stats`, invocation());
    const rows = rowsOf(reply);
    expect([...rows.keys()]).toEqual(['Virality Score', 'Change in Rank', 'Thread Age', 'Number of Articles', 'Outlets', 'Political Leaning', 'Regional Coverage', 'Blindspot']);
    expect(reply.title).toBe(`#1 · ${thread.title}`);
    expect(rows.get('Number of Articles')).toBe(String(articles.length));
    expect(rows.get('Outlets')).toBe(String(new Set(articles.map((article) => article.outlet)).size));
    const days = Math.floor((stats.computedAt - firstPublished) / DAY_MS);
    expect(rows.get('Thread Age')).toBe(`${days} ${days === 1 ? 'day' : 'days'}`);
    if (rated > 0) {
      expect(rows.get('Political Leaning')).toBe(
        `Left ${pct(sides.left, rated)}% · Center ${pct(sides.center, rated)}% · Right ${pct(sides.right, rated)}% · ${sides.unrated} unrated`,
      );
    }
    if (known.length > 0) expect(rows.get('Regional Coverage')).toMatch(new RegExp(`^US ${pct(us, known.length)}% · Non-US ${pct(known.length - us, known.length)}%`));
    expect(reply.picture).toEqual({ kind: 'thread-stats', threadId: thread.id, slug: stats.slug });
  });

  it('/thread <slug> summary and perspectives read the stored digest with cited outlets', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const digest = await app.stores.digests.get(first!.threadId);
    expect(digest).not.toBeNull();
    const summary = await runner.runLine(`thread ${first!.slug}`, invocation());
    expect(summary.blocks).toContainEqual({ type: 'section', heading: 'Summary', text: digest!.summary.text, sources: digest!.summary.sources });
    const perspectives = await runner.runLine(`thread ${first!.slug} perspectives`, invocation());
    const headings = perspectives.blocks.filter((block) => block.type === 'section').map((block) => (block as { heading: string }).heading);
    expect(headings).toEqual(['Left-leaning sources', 'Center', 'Right-leaning sources']);
  });

  it('suggests a near slug for a typo', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const typo = `${first!.slug.slice(0, -1)}`;
    const reply = await runner.runLine(`thread ${typo}x`, invocation());
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(JSON.stringify(reply.blocks)).toContain(`No thread \`${typo}x\`.`);
  });

  it('subscribes, lists, refuses a duplicate and unsubscribes on the real subscription store', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const slug = first!.slug;
    expect((await runner.runLine(`subscribe ${slug}`, invocation())).tone).toBe('success');
    expect((await runner.runLine(`subscribe ${slug}`, invocation())).title).toBe(`Already subscribed to \`${slug}\``);
    expect((await runner.runLine('subscribe top:10', invocation())).tone).toBe('success');
    const stored = await app.stores.subscriptions.listForChat('telegram', '-1001');
    expect(stored.map((subscription) => subscription.target).sort()).toEqual([first!.threadId, 'top:10'].sort());
    const denied = await runner.runLine('unsubscribe all', invocation({ canManageSubscriptions: false }));
    expect(denied.tone).toBe('error');
    expect((await runner.runLine(`unsubscribe ${slug}`, invocation())).tone).toBe('success');
    expect((await runner.runLine('unsubscribe all', invocation())).title).toBe('Removed 1 subscription');
    expect(await app.stores.subscriptions.listForChat('telegram', '-1001')).toEqual([]);
  });

  it('completes slugs from the thread index', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const hits = await runner.complete(first!.slug.slice(0, 4), 10);
    expect(hits.map((hit) => hit.slug)).toContain(first!.slug);
  });

  it('renders the stats picture from the real ranking store', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const png = await createStatsPictureSource({ ranking: app.stores.ranking }).render({ kind: 'thread-stats', threadId: first!.threadId, slug: first!.slug });
    expect(png?.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('/sources answers even with no configured source', async () => {
    const reply = await runner.runLine('sources', invocation());
    expect(reply.tone).toBe('info');
  });
});
