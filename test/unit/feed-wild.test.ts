import { describe, expect, it } from 'vitest';
import type { ArticleSource } from '../../src/core/articles/normalise.js';
import { repairMojibake } from '../../src/feeds/mojibake.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { articlesFromBody } from '../../src/feeds/read-feed.js';
import { sanitiseFeedHtml } from '../../src/feeds/sanitise.js';

// Feeds as they are in the wild: each case here is one rss-parser (strict XML) rejects or misreads.

const source: ArticleSource = { id: 'wild', domain: 'example.com', name: 'Example', lean: 'center', country: 'US' };

async function titles(xml: string): Promise<(string | undefined)[]> {
  const read = await articlesFromBody(Buffer.from(xml), 'application/xml', { finalUrl: 'https://example.com/feed', source, fetchedAt: Date.UTC(2026, 10, 20), backlog: false });
  return read.articles.map((article) => article.title);
}

async function summaries(xml: string): Promise<string[]> {
  const read = await articlesFromBody(Buffer.from(xml), 'application/xml', { finalUrl: 'https://example.com/feed', source, fetchedAt: Date.UTC(2026, 10, 20), backlog: false });
  return read.articles.map((article) => article.summary);
}

const ATOM = 'xmlns="http://www.w3.org/2005/Atom"';

describe('the forgiving reader recovers what strict XML parsing rejects', () => {
  it('reads the entries of a feed whose root element is never closed', async () => {
    expect(await titles('<rss version="2.0"><channel><title>T</title><item><title>First</title></item><item><title>Second</title></item>')).toEqual(['First', 'Second']);
  });

  it('decodes numeric and hex references without a semicolon and HTML named entities', async () => {
    expect(await titles('<rss version="2.0"><channel><item><title>&#x41&#66 caf&eacute; &amp; cr&egrave;me</title></item></channel></rss>')).toEqual(['AB café & crème']);
  });

  it('keeps entries whose prefixes have no namespace declaration', async () => {
    const items = (await parseFeed('<rss version="2.0"><channel><item><dc:title>Only a DC title</dc:title><dc:date>2026-11-20T10:00:00Z</dc:date></item></channel></rss>')).items;
    expect(items.map((item) => [item.title, item.date])).toEqual([['Only a DC title', '2026-11-20T10:00:00Z']]);
  });

  it('leaves out a last entry whose title the end of the file cut off, keeping the complete ones', async () => {
    expect(await titles('<rss version="2.0"><channel><item><title>Complete</title></item><item><title>Cut off in the mid')).toEqual(['Complete']);
  });
});

describe('titles and content rss-parser misreads', () => {
  it('reads XHTML-typed titles as their text, escaped markup kept as literal text', async () => {
    const xml = `<feed ${ATOM}><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">History of the &lt;blink&gt; <b>tag</b></div></title></entry></feed>`;
    expect(await titles(xml)).toEqual(['History of the <blink> tag']);
  });

  it('reads HTML-typed titles as HTML and text-typed ones as text', async () => {
    const xml = `<feed ${ATOM}><entry><title type="html">Bold &lt;b&gt;move&lt;/b&gt;</title></entry><entry><title type="text">a &lt; b</title></entry></feed>`;
    expect(await titles(xml)).toEqual(['Bold move', 'a < b']);
  });

  it('takes media:title when an item has no title of its own', async () => {
    const xml = '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><link>https://example.com/v/1</link><media:group><media:title>Video title</media:title></media:group></item><item><media:title>Direct media title</media:title></item></channel></rss>';
    expect(await titles(xml)).toEqual(['Video title', 'Direct media title']);
  });

  it('decodes base64 Atom content and titles (mode="base64" or a non-text MIME type)', async () => {
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    const xml = `<feed ${ATOM}><entry><title type="application/octet-stream">${base64('Example <b>Atom</b>')}</title><content type="text/html" mode="base64">${base64('<p>Decoded body</p>')}</content></entry></feed>`;
    const read = await articlesFromBody(Buffer.from(xml), undefined, { finalUrl: 'https://example.com/feed', source, fetchedAt: 0, backlog: false });
    expect(read.articles.map((article) => [article.title, article.summary])).toEqual([['Example Atom', 'Decoded body']]);
  });
});

describe('double-encoded text', () => {
  it('repairs UTF-8 read as windows-1252 or Latin-1, once or twice over, and leaves real accents alone', () => {
    expect(repairMojibake('CafÃ© crÃ¨me')).toBe('Café crème');
    expect(repairMojibake('donâ€™t â€” now')).toBe('don’t — now');
    expect(repairMojibake('CafÃƒÂ©')).toBe('Café');
    expect(repairMojibake('São Paulo, café, naïve, Ærø, ½ €')).toBe('São Paulo, café, naïve, Ærø, ½ €');
  });

  it('repairs double encoding spelt as character references', async () => {
    expect(await summaries('<rss version="2.0"><channel><item><title>t</title><description>&#226;&#128;&#166; and &acirc;&#128;&#153;</description></item></channel></rss>')).toEqual(['… and ’']);
  });
});

describe('sanitising', () => {
  it('drops scripts, styles, frames and event handlers and keeps the text around them', () => {
    const dirty = 'safe<script>alert(1)</script> <b onclick="steal()">bold</b><iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">link</a><style>p{}</style> description';
    const clean = sanitiseFeedHtml(dirty) ?? '';
    expect(clean).toBe('safe <b>bold</b><a>link</a> description');
  });

  it('leaves no script or handler in stored titles and summaries, however the feed escapes them', async () => {
    const xml = `<feed ${ATOM}><entry><title type="html">safe&lt;script&gt;location.href='x'&lt;/script&gt; title</title><summary type="html">&lt;img src="x" onerror="steal()"&gt;ok</summary></entry></feed>`;
    const read = await articlesFromBody(Buffer.from(xml), undefined, { finalUrl: 'https://example.com/feed', source, fetchedAt: 0, backlog: false });
    expect(read.articles.map((article) => [article.title, article.summary])).toEqual([['safe title', 'ok']]);
  });
});
