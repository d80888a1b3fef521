import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PermanentFeedError } from '../../src/core/errors.js';
import { backoffDelayMs } from '../../src/feeds/backoff.js';
import { decodeFeedBody, detectCharset } from '../../src/feeds/decode-body.js';
import { parseRetryAfter } from '../../src/feeds/fetch-feed.js';
import { looksLikeHtml, parseFeed } from '../../src/feeds/parse-feed.js';

describe('decodeFeedBody', () => {
  const latin1 = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Café</title></channel></rss>', 'latin1');

  it('takes the charset from the Content-Type header, then the BOM, then the XML prolog', () => {
    expect(detectCharset(Buffer.from('<rss/>'), 'text/xml; charset=windows-1251')).toBe('windows-1251');
    expect(detectCharset(Buffer.from([0xef, 0xbb, 0xbf, 0x3c]), undefined)).toBe('utf-8');
    expect(detectCharset(latin1, 'application/xml')).toBe('ISO-8859-1');
    expect(detectCharset(Buffer.from('<rss/>'), undefined)).toBe('utf-8');
  });

  it('trusts the prolog when a server claims UTF-8 for bytes that are not UTF-8', () => {
    expect(decodeFeedBody(latin1, 'text/xml; charset=UTF-8')).toContain('<title>Café</title>');
  });

  it('falls back to UTF-8 for a charset it does not know', () => {
    expect(detectCharset(Buffer.from('<rss/>'), 'text/xml; charset=x-klingon')).toBe('utf-8');
  });

  it('strips the BOM and leading whitespace', () => {
    expect(decodeFeedBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n  <?xml version="1.0"?><rss/>')]))).toBe('<?xml version="1.0"?><rss/>');
  });
});

describe('parseFeed', () => {
  it('keeps the other entries when one Atom entry has an unparseable date', async () => {
    const feed = await parseFeed(
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>Bad date</title><link href="https://x.com/1"/><published>garbage</published></entry><entry><title>Good</title><link href="https://x.com/2"/><updated>2026-11-20T10:00:00Z</updated></entry></feed>',
    );
    expect(feed.items.map((item) => [item.title, item.date])).toEqual([
      ['Bad date', undefined],
      ['Good', '2026-11-20T10:00:00.000Z'],
    ]);
  });

  it('calls XML that is not RSS, Atom or RDF "not a feed" (permanent)', async () => {
    await expect(parseFeed('<?xml version="1.0"?><sitemap><url/></sitemap>')).rejects.toBeInstanceOf(PermanentFeedError);
    await expect(parseFeed('')).rejects.toThrow('not a feed: the response was empty');
  });

  it('recognises HTML pages but not feeds that embed HTML', () => {
    expect(looksLikeHtml('<!-- cms --><!DOCTYPE html><html>')).toBe(true);
    expect(looksLikeHtml('<html><body>')).toBe(true);
    expect(looksLikeHtml('<?xml version="1.0"?><rss version="2.0"><channel><description>&lt;html&gt;</description>')).toBe(false);
  });
});

describe('polling policy', () => {
  it('backs off 5 min × 2^(n−1) and caps the delay', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(n))).toEqual([0, 300_000, 600_000, 1_200_000]);
    expect(backoffDelayMs(40)).toBe(24 * 60 * 60_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 12:01:00 GMT', Date.parse('Fri, 20 Nov 2026 12:00:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter(undefined)).toBe(60_000);
  });
});
