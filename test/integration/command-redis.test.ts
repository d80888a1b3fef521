import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../commands/command.js';
import { createCommandRunner } from '../../commands/runner.js';
import type { CommandRunner } from '../../commands/command.js';
import { loadConfig } from '../../src/config/config.js';
import { createOutletDirectory } from '../../src/config/outlets.js';
import type { Article } from '../../src/core/article.js';
import { leanBucket, type LeanBucket } from '../../src/core/lean.js';
import { orderByVirality } from '../../src/core/ranking/rank.js';
import { computeVirality } from '../../src/core/ranking/virality.js';
import type { Block, Reply } from '../../src/core/reply.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';
import { createLogger } from '../../src/logger.js';
import { createStatsPictureSource } from '../../src/core/render/stats-picture.js';
import { createApp, type App } from '../../src/runtime/compose.js';
import { ingestStream } from '../../src/runtime/stream-ingest.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import { DAY_MS, HOUR_MS } from '../../src/core/time.js';

const UCI = fileURLToPath(new URL('../../data/streams/uci-news-2014-03.jsonl', import.meta.url));

function rowsOf(reply: Reply): Map<string, string> {
  const stats = reply.blocks.find((block): block is Extract<Block, { type: 'stats' }> => block.type === 'stats');
  return new Map((stats?.rows ?? []).map((row) => [row.label, row.value]));
}

/**
 * Percent shares as the stats view must show them, recomputed here independently: tenths of a
 * percent rounded down, the tenths left over handed to the largest remainders (ties: first listed),
 * so the shares add up to exactly 100.0.
 */
function shares(counts: readonly number[]): string[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return counts.map(() => '0.0');
  const tenths = counts.map((count) => Math.floor((count * 1000) / total));
  const byRemainder = counts.map((count, index) => ({ index, remainder: (count * 1000) % total })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of byRemainder.slice(0, 1000 - tenths.reduce((sum, value) => sum + value, 0))) tenths[index]! += 1;
  return tenths.map((value) => (value / 10).toFixed(1));
}

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
    const { records } = await readStreamFile(UCI);
    const config = loadConfig({ REDIS_PREFIX: testRedis.prefix, HTTP_PORT: '0' });
    app = await createApp({ config, redisTarget: testRedis.target, roles: new Set(['worker']), logger: createLogger('silent'), sources: [], summaryDebounceMs: 50 });
    await app.start();
    await ingestStream(app, records, { outlets: createOutletDirectory() });
    runner = createCommandRunner(app.stores);
  }, 180_000);

  async function articlesOf(threadId: string, articleCount: number): Promise<Article[]> {
    const ids = await app.stores.threads.getArticleIds(threadId, { limit: articleCount + 10, order: 'oldest' });
    return (await app.stores.articles.getArticles(ids)).filter((article): article is Article => article !== null);
  }

  /** Everything the stats view shows, counted straight from the articles (not from the thread record). */
  function countByHand(articles: readonly Article[], at: number) {
    const sides: Record<LeanBucket | 'unrated', number> = { left: 0, center: 0, right: 0, unrated: 0 };
    for (const article of articles) sides[leanBucket(article.lean)] += 1;
    const hourly = new Map<number, number>();
    for (const article of articles) {
      const hour = Math.floor(article.published / HOUR_MS) * HOUR_MS;
      hourly.set(hour, (hourly.get(hour) ?? 0) + 1);
    }
    const firstPublished = Math.min(...articles.map((article) => article.published));
    const lastPublished = Math.max(...articles.map((article) => article.published));
    const outletCount = new Set(articles.map((article) => article.outlet)).size;
    const virality = computeVirality({
      hourly,
      at,
      lastUpdated: lastPublished,
      outletCount,
      sides: { left: sides.left, center: sides.center, right: sides.right },
    });
    return { sides, firstPublished, outletCount, virality };
  }

  afterAll(async () => {
    await app.stop();
    await testRedis.cleanup();
  });

  it('/top 10 lists ten ranked threads with virality and rank change, in rank order', async () => {
    const top = await app.stores.ranking.getTop(10);
    expect(top).toHaveLength(10);
    const reply = await runner.runLine('top 10', invocation());
    expect(reply.title).toBe('Top 10 threads');
    const list = reply.blocks.find((block): block is Extract<Block, { type: 'list' }> => block.type === 'list');
    // Each entry: the topic title, then the representative headline and the figures.
    const records = await Promise.all(top.map((stats) => app.stores.threads.getThread(stats.threadId)));
    expect(list?.items.map((item) => item.text)).toEqual(records.map((record) => record!.topic));
    for (const item of list?.items ?? []) expect(item.detail).toMatch(/ · virality \d+\.\d · (Δrank (\+\d+|−\d+|0)|new) · /);
    expect(list?.items[0]?.detail?.startsWith(`${top[0]!.title} · \`${top[0]!.slug}\` · virality `)).toBe(true);
    expect(list?.items[0]?.detail).toMatch(new RegExp(` · virality \\d+\\.\\d · (Δrank (\\+\\d+|−\\d+|0)|new) · \\d+ articles$`));
  });

  it('/thread <slug> stats shows numbers that recompute by hand from the thread articles', async () => {
    const ranked = await app.stores.ranking.getTop(1_000);
    const info = (await app.stores.ranking.getRankingInfo())!;
    expect(ranked).toHaveLength(info.count);
    // Rank: re-score every ranked thread from its own articles and order them as the ranking does.
    const rescored = await Promise.all(
      ranked.map(async (stats) => {
        const articles = await articlesOf(stats.threadId, stats.articleCount);
        const byHand = countByHand(articles, info.at);
        return { stats, articles, byHand, threadId: stats.threadId, viralityRaw: byHand.virality.raw, articleCount: articles.length, lastUpdated: Math.max(...articles.map((a) => a.published)) };
      }),
    );
    const order = orderByVirality(rescored).map((entry) => entry.threadId);
    expect(order).toEqual(ranked.map((stats) => stats.threadId));

    // The thread shown: one with rated and unrated coverage, a known region mix and a rank history.
    const chosen = rescored.find((entry) => entry.byHand.sides.unrated > 0 && entry.byHand.sides.left + entry.byHand.sides.right > 0) ?? rescored[0]!;
    const { stats, articles, byHand } = chosen;
    const thread = (await app.stores.threads.getThread(stats.threadId))!;
    expect(articles).toHaveLength(thread.articleCount);
    const { sides } = byHand;
    const rated = sides.left + sides.center + sides.right;
    const known = articles.filter((article) => article.country !== '');
    const countries = new Map<string, number>();
    for (const article of known) countries.set(article.country, (countries.get(article.country) ?? 0) + 1);
    const byCountry = [...countries].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const countryShares = shares(byCountry.map(([, count]) => count));
    const usShare = countryShares[byCountry.findIndex(([country]) => country === 'US')] ?? '0.0';
    const history = await app.stores.ranking.getRankHistory(stats.threadId, 2);
    const rank = order.indexOf(stats.threadId) + 1;
    const previous = history.length === 2 ? history[0]!.rank : null;
    const change = previous === null ? 'new' : previous - rank > 0 ? `+${previous - rank}` : previous - rank < 0 ? `−${rank - previous}` : '0';

    const reply = await runner.runLine(`thread ${stats.slug} stats`, invocation());
    const rows = rowsOf(reply);
    expect([...rows.keys()]).toEqual(['Virality Score', 'Change in Rank', 'Thread Age', 'Number of Articles', 'Outlets', 'Political Leaning', 'Regional Coverage', 'Blindspot']);
    expect(reply.title).toBe(`#${rank} · ${thread.topic || thread.title}`);
    expect(rows.get('Virality Score')).toBe(byHand.virality.score.toFixed(1));
    expect(rows.get('Change in Rank')).toBe(change);
    expect(rows.get('Number of Articles')).toBe(articles.length.toLocaleString('en-US'));
    expect(rows.get('Outlets')).toBe(byHand.outletCount.toLocaleString('en-US'));
    const days = Math.floor((info.at - byHand.firstPublished) / DAY_MS);
    expect(rows.get('Thread Age')).toBe(`${days} ${days === 1 ? 'day' : 'days'}`);
    const [left, center, right] = shares([sides.left, sides.center, sides.right]);
    expect(rows.get('Political Leaning')).toBe(
      rated > 0 ? `Left ${left}% · Center ${center}% · Right ${right}% · ${sides.unrated} unrated` : `no rated outlet yet · ${sides.unrated} unrated`,
    );
    expect(rows.get('Regional Coverage')).toMatch(
      new RegExp(`^US ${usShare}% · Non-US ${((1000 - Math.round(Number(usShare) * 10)) / 10).toFixed(1)}% · top: ${byCountry[0]![0]} ${countryShares[0]}%`),
    );
    const leftShare = rated > 0 ? (100 * sides.left) / rated : 0;
    const rightShare = rated > 0 ? (100 * sides.right) / rated : 0;
    const blindspot = rated < 6 ? null : leftShare < 10 && rightShare >= 40 ? 'Left' : rightShare < 10 && leftShare >= 40 ? 'Right' : null;
    expect(rows.get('Blindspot')).toMatch(blindspot === null ? /^none$/ : new RegExp(`^${blindspot}: `));
    const bar = reply.blocks.find((block): block is Extract<Block, { type: 'bias-bar' }> => block.type === 'bias-bar');
    expect(bar?.bar.unratedCount).toBe(sides.unrated);
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
    expect(headings).toEqual(['Left-leaning sources', 'Center sources', 'Right-leaning sources']);
  });

  it('finds the thread through a typo, and suggests live threads for text that matches nothing', async () => {
    const [first] = await app.stores.ranking.getTop(1);
    const slug = first!.slug;
    const typo = `${slug.slice(0, -1)}${slug.endsWith('q') ? 'z' : 'q'}`;
    const found = await runner.runLine(`thread ${typo}`, invocation());
    expect(found.tone).toBe('info');
    expect(found.data?.kind === 'thread' ? found.data.thread.slug : null).toBe(slug);
    const reply = await runner.runLine('thread zzzqqq', invocation());
    expect(reply).toMatchObject({ tone: 'error', private: true });
    expect(JSON.stringify(reply.blocks)).toContain('No thread matches `zzzqqq`.');
    // Chat users tap a suggestion instead of retyping it.
    expect(reply.actions.some((action) => action.command.startsWith('thread '))).toBe(true);
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
