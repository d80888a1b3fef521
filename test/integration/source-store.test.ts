import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHealth } from '../../src/cli/sources.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';
import type { SourceStore } from '../../src/core/source.js';

describe('redis source store', () => {
  let testRedis: TestRedis;
  let store: SourceStore;
  const bbc = { id: 'bbc-world', name: 'BBC News – World', url: 'https://feeds.bbci.co.uk/news/world/rss.xml' };
  const fox = { id: 'fox-news-world', name: 'Fox News – World', url: 'https://moxie.foxnews.com/google-publisher/world.xml' };

  beforeAll(async () => {
    testRedis = await createTestRedis('source-store');
    store = createRedisSourceStore(testRedis.redis, createKeys(testRedis.prefix));
  });
  afterAll(() => testRedis.cleanup());

  it('starts with no state: first poll pending, no validators, not disabled', async () => {
    expect(await store.getPollState('bbc-world')).toEqual({ url: undefined, etag: undefined, lastModified: undefined, firstPollDone: false, disabled: false, nextPollAt: null, consecutiveFailures: 0 });
    expect(await store.listHealth()).toEqual([]);
  });

  it('keeps validators, counts articles and resets failures on success', async () => {
    await store.recordFailure(bbc, { at: 1_000, error: 'HTTP 500 Internal Server Error' });
    await store.applyBackoff('bbc-world', { nextPollAt: 301_000 });
    await store.recordSuccess(bbc, { at: 400_000, etag: '"abc"', lastModified: 'Fri, 20 Nov 2026 12:00:00 GMT', articlesStored: 12 });
    await store.recordSuccess(bbc, { at: 500_000, etag: '"def"', lastModified: undefined, articlesStored: 3 });
    expect(await store.getPollState('bbc-world')).toEqual({ url: bbc.url, etag: '"def"', lastModified: undefined, firstPollDone: true, disabled: false, nextPollAt: null, consecutiveFailures: 0 });
    expect(await store.getHealth('bbc-world')).toEqual({
      id: 'bbc-world',
      sourceId: 'bbc-world',
      name: 'BBC News – World',
      url: bbc.url,
      lastPollAt: 500_000,
      lastSuccessAt: 500_000,
      lastErrorAt: 1_000,
      lastError: 'HTTP 500 Internal Server Error',
      consecutiveFailures: 0,
      articlesSeen: 15,
      disabled: false,
      disabledReason: null,
      nextPollAt: null,
      firstPollDone: true,
    });
  });

  it('lists every polled source with disabled ones and their reason, and re-enables on request', async () => {
    expect(await store.recordFailure(fox, { at: 1_000, error: 'timed out after 15000 ms' })).toBe(1);
    expect(await store.recordFailure(fox, { at: 2_000, error: 'timed out after 15000 ms' })).toBe(2);
    await store.applyBackoff(fox.id, { nextPollAt: 602_000, disabledReason: 'disabled after 2 consecutive failures; last: timed out after 15000 ms' });
    const health = await store.listHealth();
    expect(health.map((h) => [h.sourceId, h.disabled, h.disabledReason])).toEqual([
      ['bbc-world', false, null],
      ['fox-news-world', true, 'disabled after 2 consecutive failures; last: timed out after 15000 ms'],
    ]);
    await store.enable(fox.id);
    expect(await store.getPollState(fox.id)).toMatchObject({ disabled: false, consecutiveFailures: 0, nextPollAt: null });
  });

  it('forgets a removed source', async () => {
    await store.remove(fox.id);
    expect((await store.listHealth()).map((h) => h.sourceId)).toEqual(['bbc-world']);
    expect(await store.getHealth(fox.id)).toBeNull();
  });
});

describe('sources health listing', () => {
  it('lists disabled sources first with their reason, then failing, then healthy ones', () => {
    const base = { name: '', url: '', lastPollAt: null, lastErrorAt: null, lastError: null, disabledReason: null, nextPollAt: null, firstPollDone: true, articlesSeen: 0, lastSuccessAt: null };
    const lines = formatHealth([
      { ...base, id: 'healthy', sourceId: 'healthy', consecutiveFailures: 0, disabled: false, articlesSeen: 42, lastSuccessAt: Date.UTC(2026, 10, 22, 0, 10) },
      { ...base, id: 'flaky', sourceId: 'flaky', consecutiveFailures: 2, disabled: false, lastError: 'HTTP 503 Service Unavailable' },
      { ...base, id: 'gone', sourceId: 'gone', consecutiveFailures: 10, disabled: true, disabledReason: 'disabled after 10 consecutive failures; last: HTTP 410 Gone' },
    ]);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['gone', 'flaky', 'healthy']);
    expect(lines[1]).toMatch(/disabled after 10 consecutive failures; last: HTTP 410 Gone$/);
    expect(lines[2]).toMatch(/HTTP 503 Service Unavailable$/);
    expect(lines[3]).toMatch(/42\s+2026-11-22 00:10Z$/);
  });
});
