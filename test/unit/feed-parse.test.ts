import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PermanentFeedError } from '../../src/core/errors.js';
import { backoffDelayMs } from '../../src/feeds/backoff.js';
import { decodeFeedBody, detectCharset } from '../../src/feeds/decode-body.js';
import { parseRetryAfter } from '../../src/feeds/fetch-feed.js';
import { looksLikeHtml, parseFeed } from '../../src/feeds/parse-feed.js';

describe('decodeFeedBody', () => {
  const latin1 = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><title>Café</title></channel></rss>', 'latin1');

  const charsetOf = (body: Buffer, contentType?: string) => detectCharset(body, contentType).charset;

  it('takes the charset from the BOM, then the Content-Type header, then the XML prolog', () => {
    expect(charsetOf(Buffer.from([0xef, 0xbb, 0xbf, 0x3c]), 'text/xml; charset=windows-1251')).toBe('utf-8');
    expect(charsetOf(Buffer.from('<?xml version="1.0" encoding="koi8-r"?><rss/>'), 'text/xml; charset=windows-1251')).toBe('windows-1251');
    expect(charsetOf(iconv.encode('<?xml version="1.0" encoding="koi8-r"?><rss>Новости</rss>', 'koi8-r'), 'application/xml')).toBe('koi8-r');
    expect(charsetOf(Buffer.from('<rss/>'))).toBe('utf-8');
  });

  it('reads UTF-16 and UTF-32 by their BOM or, without one, by the zero bytes around "<"', () => {
    expect(charsetOf(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toBe('utf-16le');
    expect(charsetOf(iconv.encode('<?xml version="1.0"?><rss/>', 'utf-16be'))).toBe('utf-16be');
    expect(charsetOf(iconv.encode('<?xml version="1.0"?><rss/>', 'utf-32le', { addBOM: false }))).toBe('utf-32le');
  });

  it('reads ISO-8859-1 and US-ASCII labels as windows-1252, as browsers do, so curly quotes survive', () => {
    expect(charsetOf(latin1, 'application/xml')).toBe('windows-1252');
    const quoted = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss><title>don'), Buffer.from([0x92]), Buffer.from('t</title></rss>')]);
    expect(decodeFeedBody(quoted)).toContain('don’t');
  });

  it('trusts the prolog when a server claims UTF-8 for bytes that are not UTF-8', () => {
    expect(decodeFeedBody(latin1, 'text/xml; charset=UTF-8')).toContain('<title>Café</title>');
  });

  it('passes over a charset it does not know', () => {
    expect(charsetOf(Buffer.from('<rss/>'), 'text/xml; charset=x-klingon')).toBe('utf-8');
  });

  it('guesses undeclared legacy encodings with the detector and falls back to windows-1252 for undeclared Latin-1', () => {
    const eucJp = iconv.encode('<rss><channel><item><title>ゲーム三昧な正月、今年こそ新しいゲーム機を買おうと思っている</title></item></channel></rss>', 'euc-jp');
    expect(detectCharset(eucJp, 'text/xml')).toMatchObject({ charset: 'EUC-JP', source: 'detector' });
    const undeclared = iconv.encode('<rss><channel><item><title>Café crème à la carte</title></item></channel></rss>', 'latin1');
    expect(detectCharset(undeclared, 'application/rss+xml')).toMatchObject({ charset: 'windows-1252', source: 'default' });
    expect(decodeFeedBody(undeclared, 'application/rss+xml')).toContain('<title>Café crème à la carte</title>');
  });

  it('repairs UTF-8 that was decoded as windows-1252 and encoded again', () => {
    expect(decodeFeedBody(Buffer.from('<title>CafÃ© crÃ¨me â€” donâ€™t</title>'))).toBe('<title>Café crème — don’t</title>');
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
