import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentFeedError, RateLimitedError } from '../../src/core/errors.js';
import type { ArticleSource } from '../../src/core/articles/normalise.js';
import { FeedFetchError } from '../../src/feeds/errors.js';
import { fetchFeed, type FetchLimits } from '../../src/feeds/fetch-feed.js';
import { createFeedReader } from '../../src/feeds/read-feed.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { failureOf } from '../helpers/failure-of.js';

// The feed server is on loopback, which feed polls refuse unless private addresses are allowed.
const limits: FetchLimits = { timeoutMs: 1_000, maxBytes: 256 * 1024, maxRedirects: 5, userAgent: 'threadwatch-test', allowPrivateAddresses: true };
const source: ArticleSource = { id: 'test', domain: 'example.com', name: 'Example', lean: 'center', country: 'US' };
const readFeed = createFeedReader(limits);
const read = (location: string) => readFeed(location, { source, backlog: false });

async function articlesOf(location: string) {
  const result = await read(location);
  if (result.kind !== 'ok') throw new Error('expected a feed');
  return result.articles;
}

describe('fetching and parsing feeds over HTTP', () => {
  let server: FeedServer;
  beforeAll(async () => {
    server = await startFeedServer();
  });
  afterAll(() => server.close());

  it('reads a BBC-style RSS 2.0 feed with media: thumbnails and strips tracking parameters', async () => {
    const articles = await articlesOf(server.url('/bbc.xml'));
    expect(articles).toHaveLength(3);
    expect(articles[0]).toMatchObject({ title: 'Ceasefire talks resume in Cairo as envoys arrive', url: 'https://www.bbc.co.uk/news/articles/c4gx7k2ln1zo', published: Date.parse('2026-11-20T11:47:52Z') });
    expect(articles[2]?.summary).toBe('Votes are still being counted in several key districts & turnout was higher than in 2022.');
  });

  it('reads a Guardian-style feed with HTML descriptions into plain text', async () => {
    const articles = await articlesOf(server.url('/guardian.xml'));
    expect(articles[0]?.summary).toMatch(/^Egyptian and Qatari mediators host delegations/);
    expect(articles[0]?.summary).not.toMatch(/[<>]/);
    expect(articles[1]?.title).toBe('‘We’re running out of time’: climate envoys clash over finance goal');
    expect(articles[1]?.summary).toContain('£1tn');
    expect(articles[1]?.url).toBe('https://www.theguardian.com/environment/2026/nov/20/climate-envoys-clash-finance-goal');
  });

  it('reads Atom 1.0 with HTML titles, updated-only entries and media:group descriptions', async () => {
    const articles = await articlesOf(server.url('/reuters.atom'));
    expect(articles.map((a) => a.title)).toEqual(['Oil prices climb as OPEC+ signals deeper cuts', 'EU agrees new sanctions package after marathon talks', 'Explainer: why the Strait of Hormuz matters']);
    expect(articles[0]?.url).toBe('https://www.reuters.com/business/energy/oil-prices-climb-opec-signals-deeper-cuts-2026-11-20/');
    expect(articles[1]?.published).toBe(Date.parse('2026-11-20T07:15:00Z'));
    expect(articles[2]?.summary).toBe("A fifth of the world's oil passes through the strait.");
  });

  it('reads RDF (RSS 1.0) with dc:date', async () => {
    const articles = await articlesOf(server.url('/slashdot.rdf'));
    expect(articles).toHaveLength(2);
    expect(articles[0]).toMatchObject({ url: 'https://tech.slashdot.org/story/26/11/20/1234/chip-export-rules', published: Date.parse('2026-11-20T12:34:00Z'), summary: 'An anonymous reader shares a report: new export rules will cover advanced accelerators and the tools used to make them.' });
  });

  it('decompresses gzip, deflate and brotli bodies', async () => {
    expect(await articlesOf(server.url('/gzip/bbc.xml'))).toHaveLength(3);
    expect(await articlesOf(server.url('/deflate/guardian.xml'))).toHaveLength(2);
    expect(await articlesOf(server.url('/br/reuters.atom'))).toHaveLength(3);
  });

  it('strips a BOM and leading whitespace before the XML prolog', async () => {
    expect(await articlesOf(server.url('/bom.xml'))).toHaveLength(3);
  });

  it('decodes windows-1251 named in the XML prolog', async () => {
    const [article] = await articlesOf(server.url('/windows-1251.xml'));
    expect(article?.title).toBe('Переговоры о перемирии возобновились в Каире');
    expect(article?.summary).toBe('Делегации прибыли в столицу Египта в пятницу.');
  });

  it('decodes ISO-8859-1 named in the Content-Type header', async () => {
    const [article] = await articlesOf(server.url('/iso-8859-1.xml'));
    expect(article?.title).toBe('Élections régionales : la participation en hausse à Besançon');
    expect(article?.summary).toContain('« une surprise »');
  });

  it('rejects an HTML page with a clear permanent error, whatever its Content-Type', async () => {
    for (const path of ['/html', '/html-as-xml']) {
      const error = await failureOf(read(server.url(path)));
      expect(error).toBeInstanceOf(PermanentFeedError);
      expect(error.message).toBe('not a feed: got an HTML page');
    }
  });

  it('stores undeclared Latin-1 as written, whether the header names no charset or wrongly says UTF-8', async () => {
    // No charset in the header, no encoding in the prolog: the bytes are not UTF-8, so windows-1252.
    const latin1 = iconv.encode('<?xml version="1.0"?><rss version="2.0"><channel><title>Le Monde</title><item><title>Café crème à Paris</title><link>https://latin1.example.com/1</link><description>Une journée où l’été revient</description></item></channel></rss>', 'windows-1252');
    server.serveFeed('/undeclared-latin1.xml', latin1, { contentType: 'application/rss+xml' });
    server.serveFeed('/mislabelled-latin1.xml', latin1, { contentType: 'application/rss+xml; charset=UTF-8' });
    for (const path of ['/undeclared-latin1.xml', '/mislabelled-latin1.xml']) {
      const [article] = await articlesOf(server.url(path));
      expect([article?.title, article?.summary], path).toEqual(['Café crème à Paris', 'Une journée où l’été revient']);
    }
  });

  it('recovers the entries of XML that rss-parser rejects (a misspelt end tag, a bare ampersand)', async () => {
    const articles = await articlesOf(server.url('/malformed.xml'));
    expect(articles.map((article) => [article.title, article.url])).toEqual([['Unclosed item & a bare ampersand', 'https://broken.example.com/1']]);
  });

  it('reports XML cut off before its first entry as a retryable error', async () => {
    const error = await failureOf(read(server.url('/truncated.xml')));
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error.message).toMatch(/^malformed feed XML: /);
  });

  it('stops reading a 20 MB body at the size cap', async () => {
    const error = await failureOf(read(server.url('/huge.xml')));
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error.message).toBe(`feed is larger than ${limits.maxBytes} bytes (FEED_MAX_BYTES)`);
    expect(server.hugeBytesSent).toBeLessThan(20 * 1024 * 1024);
  });

  it('times out on a server that never answers and on one that drips bytes', async () => {
    for (const path of ['/hang', '/drip']) {
      const error = await failureOf(read(server.url(path)));
      expect(error).toBeInstanceOf(FeedFetchError);
      expect(error.message).toBe('timed out after 1000 ms');
    }
  });

  it('treats 404 and 410 as permanent, 500 as retryable and 429 as rate limited with Retry-After', async () => {
    const notFound = await failureOf(read(server.url('/status/404')));
    expect(notFound).toBeInstanceOf(PermanentFeedError);
    expect(notFound.message).toMatch(/404/);
    expect(await failureOf(read(server.url('/status/410')))).toBeInstanceOf(PermanentFeedError);
    const serverError = await failureOf(read(server.url('/status/500')));
    expect(serverError).toBeInstanceOf(FeedFetchError);
    expect(serverError.message).toBe('HTTP 500 Internal Server Error');
    const limited = await failureOf(read(server.url('/status/429')));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(120_000);
  });

  it('follows redirects, detects loops and caps the number of hops', async () => {
    const moved = await read(server.url('/moved'));
    expect(moved.kind === 'ok' && moved.url).toBe(server.url('/bbc.xml'));
    const loop = await failureOf(read(server.url('/loop-a')));
    expect(loop.message).toMatch(/^redirect loop: /);
    const chain = await failureOf(read(server.url('/chain/0')));
    expect(chain.message).toBe('too many redirects (more than 5)');
  });

  it('answers a conditional GET with not-modified when the ETag or Last-Modified still match', async () => {
    const first = await fetchFeed(server.url('/guardian.xml'), limits);
    if (first.kind !== 'ok') throw new Error('expected a body');
    expect(first.etag).toBeTruthy();
    expect((await fetchFeed(server.url('/guardian.xml'), limits, { etag: first.etag })).kind).toBe('not-modified');
    expect((await fetchFeed(server.url('/guardian.xml'), limits, { lastModified: first.lastModified })).kind).toBe('not-modified');
  });

  it('gives items without link, GUID or date an id, resolves relative links and clamps bad dates', async () => {
    const before = Date.now();
    const articles = await articlesOf(server.url('/no-ids.xml'));
    expect(articles).toHaveLength(4);
    expect(new Set(articles.map((a) => a.id)).size).toBe(4);
    expect(articles[0]?.url).toBe('');
    expect(articles[2]?.url).toBe(server.url('/2026/11/harbour-festival'));
    for (const index of [0, 2, 3]) expect(articles[index]!.published).toBeGreaterThanOrEqual(before);
  });

  it('reports a connection refused as a retryable error', async () => {
    const error = await failureOf(read('http://127.0.0.1:1/feed.xml'));
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error.message).toMatch(/connection refused/);
  });

  it('reads a local file through the same parse and normalise code', async () => {
    const articles = await articlesOf(new URL('../fixtures/feeds/reuters-world.atom.xml', import.meta.url).pathname);
    expect(articles).toHaveLength(3);
  });
});
