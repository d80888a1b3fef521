import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import type { ArticleStore } from '../../src/core/articles/article-store.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisArticleStore } from '../../src/store/redis-article-store.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    sourceId: 'bbc-world',
    outlet: 'bbc.co.uk',
    outletName: 'BBC News',
    title: 'Ceasefire talks resume in Cairo as envoys arrive',
    summary: 'Negotiators met on Monday.',
    url: 'https://www.bbc.co.uk/news/world-1',
    published: Date.UTC(2026, 10, 20, 10),
    fetchedAt: Date.UTC(2026, 10, 20, 11),
    lean: 'lean-left',
    country: 'GB',
    backlog: false,
    ...overrides,
  };
}

describe('redis article store', () => {
  let testRedis: TestRedis;
  let store: ArticleStore;

  beforeAll(async () => {
    testRedis = await createTestRedis('article-store');
    store = createRedisArticleStore(testRedis.redis, createKeys(testRedis.prefix), { retentionDays: 90 });
  });
  afterAll(() => testRedis.cleanup());

  it('stores an article once and reads it back unchanged', async () => {
    const first = await store.storeArticles([article()]);
    expect(first.stored.map((a) => a.id)).toEqual(['a1']);
    const again = await store.storeArticles([article()]);
    expect(again).toEqual({ stored: [], duplicates: 1 });
    expect(await store.getArticle('a1')).toEqual(article());
    expect(await store.getArticles(['a1', 'missing'])).toEqual([article(), null]);
  });

  it('gives stored articles a retention TTL', async () => {
    const keys = createKeys(testRedis.prefix);
    const ttl = await testRedis.redis.ttl(keys.article('a1'));
    expect(ttl).toBeGreaterThan(89 * 86_400);
    expect(ttl).toBeLessThanOrEqual(90 * 86_400);
  });

  it('treats a re-published copy under another id but the same URL as a duplicate', async () => {
    const result = await store.storeArticles([article({ id: 'a1-new-guid', published: Date.UTC(2026, 10, 21) })]);
    expect(result).toEqual({ stored: [], duplicates: 1 });
    expect(await store.getArticle('a1-new-guid')).toBeNull();
  });

  it('treats the same headline from the same outlet under a new URL as a duplicate', async () => {
    const result = await store.storeArticles([article({ id: 'a1-moved', url: 'https://www.bbc.co.uk/news/world-1-moved', title: 'Ceasefire talks resume in Cairo, as envoys arrive!' })]);
    expect(result.duplicates).toBe(1);
  });

  it('keeps the same headline from a different outlet as a separate article', async () => {
    const result = await store.storeArticles([article({ id: 'g1', outlet: 'theguardian.com', sourceId: 'guardian', url: 'https://www.theguardian.com/world/1' })]);
    expect(result.stored).toHaveLength(1);
  });

  it('stores each article exactly once when twenty writers race on the same batch', async () => {
    const batch = Array.from({ length: 30 }, (_, i) => article({ id: `race-${i}`, url: `https://example.com/race/${i}`, title: `Race item number ${i} in the batch`, outlet: 'example.com' }));
    const writers = Array.from({ length: 20 }, () => createRedisArticleStore(testRedis.connect(), createKeys(testRedis.prefix), { retentionDays: 90 }));
    const results = await Promise.all(writers.map((writer) => writer.storeArticles(batch)));
    const storedIds = results.flatMap((r) => r.stored.map((a) => a.id));
    expect(storedIds.sort()).toEqual(batch.map((a) => a.id).sort());
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(30 * 19);
  });

  it('drops duplicates inside one batch', async () => {
    const twin = article({ id: 'twin', url: 'https://example.org/twin', title: 'Twin story appears twice in feed', outlet: 'example.org' });
    const result = await store.storeArticles([twin, { ...twin }]);
    expect(result.stored).toHaveLength(1);
    expect(result.duplicates).toBe(1);
  });

  it('keeps the earlier of two copies of one headline in a batch, whichever order the batch lists them', async () => {
    const earlier = article({ id: 'copy-early', url: 'https://example.com/story', title: 'Outlet publishes one story twice today', outlet: 'example.com', published: Date.UTC(2026, 10, 20, 9) });
    const later = article({ id: 'copy-late', url: 'https://example.com/story-again', title: 'Outlet publishes one story twice today', outlet: 'example.com', published: Date.UTC(2026, 10, 20, 9, 0, 5) });
    // A feed lists its newest item first.
    const result = await store.storeArticles([later, earlier]);
    expect(result.stored.map((stored) => stored.id)).toEqual(['copy-early']);
    expect(await store.getArticle('copy-late')).toBeNull();
  });

  it('records stored ids as pending hand-off until confirmed', async () => {
    const fresh = article({ id: 'pending-1', sourceId: 'pending-src', url: 'https://example.net/p1', title: 'Pending hand off story for test', outlet: 'example.net' });
    await store.storeArticles([fresh], { trackHandOff: true });
    expect(await store.pendingHandOff('pending-src')).toEqual(['pending-1']);
    await store.confirmHandOff('pending-src', ['pending-1']);
    expect(await store.pendingHandOff('pending-src')).toEqual([]);
  });
});
