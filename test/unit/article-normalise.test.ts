import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/core/articles/canonical-url.js';
import { articleIdFromUrl, normaliseTitle, titleFingerprint } from '../../src/core/articles/fingerprint.js';
import { articleFromStreamRecord, clampPublished, normaliseFeedItem, type ArticleSource } from '../../src/core/articles/normalise.js';
import { cleanOutletName, htmlToText, stripHeadlinePackaging, truncateText } from '../../src/core/articles/text.js';

const source: ArticleSource = { id: 'bbc-world', domain: 'bbc.co.uk', name: 'BBC News', lean: 'lean-left', country: 'GB' };
const fetchedAt = Date.UTC(2026, 10, 22, 0, 0);
const context = { feedUrl: 'https://feeds.bbci.co.uk/news/world/rss.xml', fetchedAt, backlog: false };

describe('canonicalUrl', () => {
  it('removes utm_*, fbclid, gclid and similar tracking parameters but keeps real ones', () => {
    expect(canonicalUrl('https://www.example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=x&gclid=y&ocid=z#top')).toBe('https://www.example.com/a?id=7');
  });
  it('sorts the parameters it keeps so their order never makes two URLs differ', () => {
    expect(canonicalUrl('https://example.com/a?b=2&a=1')).toBe(canonicalUrl('https://example.com/a?a=1&b=2'));
  });
  it('resolves relative links against the feed URL and rejects non-http links', () => {
    expect(canonicalUrl('/news/1', 'https://example.com/feed.xml')).toBe('https://example.com/news/1');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
  it('gives the http, https and www variants of one URL the same article id', () => {
    const ids = ['http://example.com/story/', 'https://www.example.com/story', 'https://EXAMPLE.com/story?utm_campaign=x'].map((u) => articleIdFromUrl(canonicalUrl(u)!));
    expect(new Set(ids).size).toBe(1);
  });
});

describe('htmlToText', () => {
  it('strips tags, scripts and decodes entities (also double-encoded ones)', () => {
    expect(htmlToText('<p>Rock &amp; roll</p><script>x()</script><img src="a.jpg"> &amp;#8217;s <b>back</b>&nbsp;!')).toBe('Rock & roll ’s back !');
  });
  it('keeps words apart where block tags separated them', () => {
    expect(htmlToText('<p>One</p><p>Two</p>Three<br/>Four')).toBe('One Two Three Four');
  });
  it('truncates at a word boundary with an ellipsis', () => {
    expect(truncateText('alpha beta gamma delta', 12)).toBe('alpha beta…');
  });
});

describe('titleFingerprint', () => {
  it('ignores case, punctuation and accents', () => {
    expect(titleFingerprint('x.com', 'Café owners “protest” new TAX rules')).toBe(titleFingerprint('x.com', 'cafe owners protest new tax rules!'));
    expect(normaliseTitle('Hello — World!')).toBe('hello world');
  });
  it('is not computed for headlines too short to identify an article', () => {
    expect(titleFingerprint('x.com', 'Live updates')).toBeNull();
  });
});

describe('clampPublished', () => {
  it('uses the fetch time for missing, unparseable, placeholder and future dates', () => {
    expect(clampPublished(undefined, fetchedAt)).toBe(fetchedAt);
    expect(clampPublished('yesterday-ish', fetchedAt)).toBe(fetchedAt);
    expect(clampPublished('Thu, 01 Jan 1970 00:00:00 GMT', fetchedAt)).toBe(fetchedAt);
    expect(clampPublished('2030-01-01T00:00:00Z', fetchedAt)).toBe(fetchedAt);
  });
  it('keeps a valid past date', () => {
    expect(clampPublished('Fri, 20 Nov 2026 09:30:00 +0000', fetchedAt)).toBe(Date.UTC(2026, 10, 20, 9, 30));
  });
});

describe('normaliseFeedItem', () => {
  it('turns a feed item into an article with the source lean and country', () => {
    const article = normaliseFeedItem(
      { title: 'Storm &amp; floods <b>hit</b> coast', link: 'https://www.bbc.co.uk/news/world-1?at_medium=RSS&at_campaign=rss', guid: 'https://www.bbc.co.uk/news/world-1', date: 'Fri, 20 Nov 2026 09:30:00 GMT', summaries: ['<p>Thousands evacuated.</p>'] },
      source,
      context,
    );
    expect(article).toEqual({
      id: articleIdFromUrl('https://www.bbc.co.uk/news/world-1'),
      sourceId: 'bbc-world',
      outlet: 'bbc.co.uk',
      outletName: 'BBC News',
      title: 'Storm & floods hit coast',
      summary: 'Thousands evacuated.',
      url: 'https://www.bbc.co.uk/news/world-1',
      published: Date.UTC(2026, 10, 20, 9, 30),
      fetchedAt,
      lean: 'lean-left',
      country: 'GB',
      backlog: false,
    });
  });
  it('keeps the same id when the publisher changes the GUID or the date', () => {
    const a = normaliseFeedItem({ title: 'T one two three', link: 'https://x.com/a', guid: 'g1', date: '2026-11-20T00:00:00Z', summaries: [] }, source, context);
    const b = normaliseFeedItem({ title: 'T one two three', link: 'https://x.com/a', guid: 'g2', date: '2026-11-21T00:00:00Z', summaries: [] }, source, context);
    expect(a?.id).toBe(b?.id);
  });
  it('falls back to the GUID for an id when there is no link, and to title+source when there is neither', () => {
    const byGuid = normaliseFeedItem({ title: 'No link here', guid: 'tag:example.com,2026:1', summaries: [] }, source, context);
    const byTitle = normaliseFeedItem({ title: 'Neither link nor guid', summaries: [] }, source, context);
    expect(byGuid?.url).toBe('');
    expect(byGuid?.id).toMatch(/^[\w-]{16}$/);
    expect(byTitle?.id).toMatch(/^[\w-]{16}$/);
    expect(byTitle?.id).not.toBe(byGuid?.id);
    expect(normaliseFeedItem({ title: 'Neither link nor guid', summaries: [] }, source, context)?.id).toBe(byTitle?.id);
  });
  it('uses a permalink GUID as the URL when the link is missing', () => {
    expect(normaliseFeedItem({ title: 'Guid is the link', guid: 'https://x.com/p?utm_source=a', summaries: [] }, source, context)?.url).toBe('https://x.com/p');
  });
  it('skips items with neither title nor summary, and titles empty items from their summary', () => {
    expect(normaliseFeedItem({ summaries: ['  '] }, source, context)).toBeNull();
    expect(normaliseFeedItem({ link: 'https://x.com/s', summaries: ['Only a description here'] }, source, context)?.title).toBe('Only a description here');
  });
  it('marks backlog items', () => {
    expect(normaliseFeedItem({ title: 'Old news item', link: 'https://x.com/o', summaries: [] }, source, { ...context, backlog: true })?.backlog).toBe(true);
  });
});

describe('articleFromStreamRecord', () => {
  it('uses the outlet lookup for lean and country and keeps the publish time and text', () => {
    const article = articleFromStreamRecord(
      { id: 'uci-1', title: 'Fed official says weak data caused by weather', url: 'http://www.latimes.com/business/x.story?track=rss', source: 'www.latimes.com', publisher: 'Los Angeles Times', published: '2014-03-10T16:52:50.698Z', text: 'Body' },
      { name: 'LA Times', lean: 'center', country: 'US' },
    );
    expect(article).toMatchObject({ sourceId: 'latimes.com', outlet: 'latimes.com', outletName: 'Los Angeles Times', url: 'http://www.latimes.com/business/x.story', lean: 'center', country: 'US', published: Date.parse('2014-03-10T16:52:50.698Z'), fetchedAt: Date.parse('2014-03-10T16:52:50.698Z'), text: 'Body', backlog: false });
    expect(article.id).toBe(articleIdFromUrl('http://www.latimes.com/business/x.story'));
  });
  it('shows aggregator-escaped publisher names unescaped and falls back to the outlet name, then the domain', () => {
    const record = { id: 'uci-2', title: 'A headline', url: 'https://blogs.wsj.com/x', source: 'wsj.com', published: '2014-03-10T16:52:50.698Z' };
    const rated = { name: 'Wall Street Journal', lean: 'center' as const, country: 'US' };
    expect(articleFromStreamRecord({ ...record, publisher: 'Wall Street Journal \\(blog\\)' }, rated).outletName).toBe('Wall Street Journal (blog)');
    expect(articleFromStreamRecord({ ...record, publisher: '  ' }, rated).outletName).toBe('Wall Street Journal');
    expect(articleFromStreamRecord(record, { ...rated, name: '' }).outletName).toBe('wsj.com');
  });
  it('strips wire labels from headlines on both paths, so no view or slug shows them', () => {
    const record = { id: 'uci-3', title: 'UPDATE 2-GM widens ignition recall', url: 'https://reuters.com/gm', source: 'reuters.com', published: '2014-03-10T16:52:50.698Z' };
    expect(articleFromStreamRecord(record, { name: 'Reuters', lean: 'center', country: 'US' }).title).toBe('GM widens ignition recall');
    expect(normaliseFeedItem({ title: 'RPT-EXCLUSIVE-Chiquita weighs bid', link: 'https://x.com/c', summaries: [] }, source, context)?.title).toBe('Chiquita weighs bid');
  });
  it('strips site packaging from headlines on both paths: breadcrumbs, a section label the headline repeats, the outlet name after it', () => {
    const record = { id: 'uci-4', title: 'Ind. bill would require nutritional standards - WDRB 41 Louisville News', url: 'https://wdrb.com/a', source: 'wdrb.com', publisher: 'WDRB', published: '2014-03-10T16:52:50.698Z' };
    const outlet = { name: 'WDRB', lean: 'unrated' as const, country: 'US' };
    expect(articleFromStreamRecord(record, outlet).title).toBe('Ind. bill would require nutritional standards');
    expect(articleFromStreamRecord({ ...record, title: 'Home » 2 Senators, 1 plan to reform housing finance?' }, outlet).title).toBe('2 Senators, 1 plan to reform housing finance?');
    expect(articleFromStreamRecord({ ...record, title: 'Justin Bieber - Justin Bieber dedicates song to Selena Gomez' }, outlet).title).toBe('Justin Bieber dedicates song to Selena Gomez');
    const feed = normaliseFeedItem({ title: 'World » Europe » Ukraine crisis deepens | BBC News', link: 'https://x.com/u', summaries: [] }, source, context);
    expect(feed?.title).toBe('Ukraine crisis deepens');
  });
  it('keeps what only looks like packaging: a label the headline does not repeat, a tail that is not the outlet, a headline that would be left with one word', () => {
    expect(stripHeadlinePackaging('Titanfall: the review', { domain: 'ign.com', name: 'IGN' })).toBe('Titanfall: the review');
    expect(stripHeadlinePackaging('Stocks fall - traders worry', { domain: 'cnn.com', name: 'CNN' })).toBe('Stocks fall - traders worry');
    expect(stripHeadlinePackaging('Obama - CNN', { domain: 'cnn.com', name: 'CNN' })).toBe('Obama - CNN');
    expect(stripHeadlinePackaging('Apple » Apple', { domain: 'x.com', name: '' })).toBe('Apple » Apple');
    expect(stripHeadlinePackaging('T-Mobile - T-Mobile', { domain: 'x.com', name: '' })).toBe('T-Mobile - T-Mobile');
  });
});

describe('cleanOutletName', () => {
  it('drops a backslash before punctuation, which is never part of a real name', () => {
    expect(cleanOutletName('Yahoo\\!7 News')).toBe('Yahoo!7 News');
    expect(cleanOutletName('24\\/7 Wall St.')).toBe('24/7 Wall St.');
    expect(cleanOutletName('Headlines \\& Global News')).toBe('Headlines & Global News');
    expect(cleanOutletName('Slate Magazine \\(blog\\)')).toBe('Slate Magazine (blog)');
  });
  it('decodes entities, trims and gives empty for a missing name', () => {
    expect(cleanOutletName(' AT&amp;T  News ')).toBe('AT&T News');
    expect(cleanOutletName(undefined)).toBe('');
  });
});
