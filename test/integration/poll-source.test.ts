import { UnrecoverableError, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPollSourceProcessor, type PollSourceDeps } from '../../jobs/poll-source.js';
import type { Source } from '../../src/config/sources.js';
import { FeedFetchError } from '../../src/feeds/errors.js';
import { createFeedReader } from '../../src/feeds/read-feed.js';
import { createLogger } from '../../src/logger.js';
import { createKeys } from '../../src/store/keys.js';
import { createRedisArticleStore } from '../../src/store/redis-article-store.js';
import { createRedisSourceStore } from '../../src/store/redis-source-store.js';
import { fixture, startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { failureOf } from '../helpers/failure-of.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

// Generous for the good feeds: sixteen polls run at once on a loaded two-core CI machine; the hang
// and drip routes never finish, so they still time out.
// The feed server is on loopback, which feed polls refuse unless private addresses are allowed.
const readFeed = createFeedReader({ timeoutMs: 3_000, maxBytes: 256 * 1024, maxRedirects: 3, userAgent: 'threadwatch-test', allowPrivateAddresses: true });
const job = (sourceId: string) => ({ data: { sourceId } }) as Job;

describe('poll-source job', () => {
  let testRedis: TestRedis;
  let server: FeedServer;
  let clock = Date.UTC(2026, 10, 22, 0, 0);
  const sources = new Map<string, Source>();
  const handedOff: string[][] = [];

  function source(id: string, path: string): Source {
    const created: Source = { id, name: `Source ${id}`, url: server.url(path), domain: `${id}.example.com`, lean: 'center', country: 'GB' };
    sources.set(id, created);
    return created;
  }

  function processor(overrides: Partial<PollSourceDeps> = {}) {
    const redis = testRedis.connect();
    const keys = createKeys(testRedis.prefix);
    return createPollSourceProcessor({
      findSource: (id) => sources.get(id),
      articles: createRedisArticleStore(redis, keys, { retentionDays: 90 }),
      sources: createRedisSourceStore(redis, keys),
      readFeed,
      handOff: async (ids) => {
        handedOff.push(ids);
      },
      logger: createLogger('silent'),
      maxFailures: 3,
      now: () => clock,
      ...overrides,
    });
  }

  const sourceStore = () => createRedisSourceStore(testRedis.redis, createKeys(testRedis.prefix));
  const articleStore = () => createRedisArticleStore(testRedis.redis, createKeys(testRedis.prefix), { retentionDays: 90 });

  beforeAll(async () => {
    testRedis = await createTestRedis('poll-source');
    server = await startFeedServer();
  });
  afterAll(async () => {
    await server.close();
    await testRedis.cleanup();
  });

  it('stores the first poll as backlog, then answers 304 with no work', async () => {
    source('bbc', '/bbc.xml');
    const poll = processor();
    handedOff.length = 0;
    const first = await poll(job('bbc'));
    expect(first).toEqual({ status: 'ok', fetched: 3, stored: 3, duplicates: 0 });
    expect(handedOff.flat()).toHaveLength(3);
    const stored = await articleStore().getArticles(handedOff.flat());
    expect(stored.every((a) => a?.backlog === true && a.sourceId === 'bbc' && a.country === 'GB')).toBe(true);

    const second = await poll(job('bbc'));
    expect(second).toEqual({ status: 'not-modified', fetched: 0, stored: 0, duplicates: 0 });
    expect(handedOff.flat()).toHaveLength(3);
    const health = await sourceStore().getHealth('bbc');
    expect(health).toMatchObject({ articlesSeen: 3, consecutiveFailures: 0, firstPollDone: true, lastError: null });
  });

  it('stores only new items on later polls, not as backlog, and never duplicates when GUIDs and dates change', async () => {
    const original = fixture('bbc-world.rss.xml').toString();
    const republished = original
      .replaceAll('#0</guid>', '#1</guid>')
      .replaceAll('Fri, 20 Nov 2026', 'Sat, 21 Nov 2026')
      .replace('<item>', '<item><title>Brand new story about the summit in Geneva</title><link>https://www.bbc.co.uk/news/articles/new1</link><guid>new1</guid></item><item>');
    server.serveFeed('/bbc.xml', republished);
    handedOff.length = 0;
    const result = await processor()(job('bbc'));
    expect(result).toEqual({ status: 'ok', fetched: 4, stored: 1, duplicates: 3 });
    expect(handedOff.flat()).toHaveLength(1);
    const [fresh] = await articleStore().getArticles(handedOff.flat());
    expect(fresh).toMatchObject({ title: 'Brand new story about the summit in Geneva', backlog: false });
    server.serveFeed('/bbc.xml', original);
  });

  it('stores each article once when two polls of the same feed race', async () => {
    source('guardian', '/guardian.xml');
    handedOff.length = 0;
    const [a, b] = await Promise.all([processor()(job('guardian')), processor()(job('guardian'))]);
    expect(a.stored + b.stored).toBe(2);
    // Whatever one poll fetched that the other stored counts as a duplicate. On a loaded machine the
    // second poll may start only after the first recorded the feed's ETag and get a 304 (fetched 0).
    expect(a.duplicates + b.duplicates).toBe(a.fetched + b.fetched - 2);
    expect(new Set(handedOff.flat()).size).toBe(2);
  });

  it('hands off on the retry what a failed hand-off left behind, without storing anything twice', async () => {
    source('reuters', '/reuters.atom');
    handedOff.length = 0;
    const failing = processor({
      handOff: async () => {
        throw new Error('queue unavailable');
      },
    });
    await expect(failing(job('reuters'))).rejects.toThrow('queue unavailable');
    const retry = await processor()(job('reuters'));
    expect(retry.stored).toBe(0);
    expect(handedOff.flat()).toHaveLength(3);
    expect(await articleStore().pendingHandOff('reuters')).toEqual([]);
    // The hand-off failure was ours, not the publisher's.
    expect((await sourceStore().getHealth('reuters'))?.consecutiveFailures).toBe(0);
  });

  it('drops duplicate items inside one feed', async () => {
    source('dupes', '/duplicates.xml');
    expect(await processor()(job('dupes'))).toEqual({ status: 'ok', fetched: 4, stored: 2, duplicates: 2 });
  });

  it('records 404 and 410 as permanent failures (UnrecoverableError) with a readable reason', async () => {
    source('gone', '/status/410');
    source('missing', '/status/404');
    const gone = await failureOf(processor()(job('gone')));
    expect(gone).toBeInstanceOf(UnrecoverableError);
    expect(gone.message).toBe('HTTP 410 Gone: the publisher removed this feed');
    expect(await failureOf(processor()(job('missing')))).toBeInstanceOf(UnrecoverableError);
    expect(await sourceStore().getHealth('missing')).toMatchObject({ consecutiveFailures: 1, lastError: 'HTTP 404 Not Found: the feed URL does not exist', disabled: false });
  });

  it('disables a 410 Gone source at once with the reason, but lets a 404 source rest under backoff', async () => {
    expect(await sourceStore().getHealth('gone')).toMatchObject({ disabled: true, disabledReason: 'disabled: HTTP 410 Gone: the publisher removed this feed', consecutiveFailures: 1 });
    clock += 24 * 60 * 60_000;
    expect(await processor()(job('gone'))).toMatchObject({ status: 'disabled' });
    expect((await sourceStore().getHealth('missing'))?.nextPollAt).toBe(clock - 24 * 60 * 60_000 + 5 * 60_000);
  });

  it('backs off 5 min × 2^n after transient failures and disables the source after SOURCE_MAX_FAILURES', async () => {
    source('flaky', '/status/500');
    const poll = processor();
    const start = clock;
    const first = await failureOf(poll(job('flaky')));
    expect(first).toBeInstanceOf(FeedFetchError);
    expect((await sourceStore().getHealth('flaky'))?.nextPollAt).toBe(start + 5 * 60_000);
    expect(await poll(job('flaky'))).toMatchObject({ status: 'skipped-backoff' });

    clock = start + 5 * 60_000;
    await failureOf(poll(job('flaky')));
    expect((await sourceStore().getHealth('flaky'))?.nextPollAt).toBe(clock + 10 * 60_000);

    clock += 10 * 60_000;
    await failureOf(poll(job('flaky')));
    const health = await sourceStore().getHealth('flaky');
    expect(health).toMatchObject({ disabled: true, consecutiveFailures: 3, lastError: 'HTTP 500 Internal Server Error' });
    expect(health?.disabledReason).toBe('disabled after 3 consecutive failures; last: HTTP 500 Internal Server Error');
    clock += 24 * 60 * 60_000;
    expect(await poll(job('flaky'))).toEqual({ status: 'disabled', fetched: 0, stored: 0, duplicates: 0 });
  });

  it('resumes a disabled source when the sources file gives it a new feed URL, storing the new feed as backlog', async () => {
    const flaky = sources.get('flaky')!;
    sources.set('flaky', { ...flaky, url: server.url('/slashdot.rdf') });
    handedOff.length = 0;
    const result = await processor()(job('flaky'));
    expect(result.status).toBe('ok');
    expect(await sourceStore().getHealth('flaky')).toMatchObject({ disabled: false, disabledReason: null, consecutiveFailures: 0, lastError: null });
    const stored = await articleStore().getArticles(handedOff.flat());
    expect(stored.every((a) => a?.backlog === true)).toBe(true);
  });

  it('honours Retry-After on 429 when it is longer than the backoff', async () => {
    source('limited', '/status/429');
    const poll = processor({ backoff: { baseMs: 1_000, maxMs: 60_000 } });
    const at = clock;
    await failureOf(poll(job('limited')));
    expect((await sourceStore().getHealth('limited'))?.nextPollAt).toBe(at + 120_000);
  });

  it('keeps every other source working while each fault mode fails, losing and duplicating nothing', async () => {
    const good: [string, string, number][] = [
      ['ok-rdf', '/slashdot.rdf', 2],
      ['ok-gzip', '/gzip/bbc.xml', 3],
      ['ok-bom', '/bom.xml', 3],
      ['ok-1251', '/windows-1251.xml', 1],
      ['ok-latin1', '/iso-8859-1.xml', 1],
      ['ok-no-ids', '/no-ids.xml', 4],
    ];
    const bad: [string, string, RegExp][] = [
      ['bad-html', '/html', /^not a feed: got an HTML page$/],
      ['bad-xml', '/truncated.xml', /^malformed feed XML/],
      ['bad-huge', '/huge.xml', /larger than/],
      ['bad-hang', '/hang', /timed out/],
      ['bad-drip', '/drip', /timed out/],
      ['bad-500', '/status/503', /HTTP 503/],
      ['bad-loop', '/loop-a', /redirect loop/],
      ['bad-404', '/status/404', /HTTP 404/],
      ['bad-410', '/status/410', /HTTP 410/],
      ['bad-429', '/status/429', /rate limited|429|Retry/i],
    ];
    for (const [id, path] of [...good, ...bad]) source(id, path);
    const outcomes = await Promise.allSettled([...good, ...bad].map(([id]) => processor()(job(id))));
    good.forEach(([id, , expected], index) => {
      const outcome = outcomes[index];
      expect(outcome?.status, id).toBe('fulfilled');
      // Some of these serve the same articles as sources polled earlier: those count as duplicates.
      if (outcome?.status === 'fulfilled') {
        expect(outcome.value.fetched, id).toBe(expected);
        expect(outcome.value.stored + outcome.value.duplicates, id).toBe(expected);
      }
    });
    for (const [index, [id, , message]] of bad.entries()) {
      const outcome = outcomes[good.length + index];
      expect(outcome?.status, id).toBe('rejected');
      const health = await sourceStore().getHealth(id);
      expect(health?.lastError, id).toMatch(message);
      expect(health?.consecutiveFailures, id).toBe(1);
    }
    // A second round stores nothing new: each good feed is either 304 or all duplicates.
    clock += 60 * 60_000;
    const again = await Promise.all(good.map(([id]) => processor()(job(id))));
    expect(again.reduce((sum, r) => sum + r.stored, 0)).toBe(0);
    const listed = await sourceStore().listHealth();
    expect(listed.map((h) => h.sourceId)).toEqual(expect.arrayContaining([...good, ...bad].map(([id]) => id)));
  });

  it('rejects a job for a source that is not configured as unrecoverable', async () => {
    expect(await failureOf(processor()(job('nope')))).toBeInstanceOf(UnrecoverableError);
  });
});
