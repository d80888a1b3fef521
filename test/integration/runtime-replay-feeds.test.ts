import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Parser from 'rss-parser';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
import { countAtOrBefore, createReplayFeedServer, type ReplayFeedServer } from '../../src/runtime/replay-feed-server.js';

const record = (id: string, source: string, published: string, title: string): StreamRecord => ({
  id,
  title,
  url: `https://${source}/${id}`,
  source,
  publisher: source === 'www.nytimes.com' ? 'The New York Times' : undefined,
  published,
});

describe('replay feed server', () => {
  let now = Date.parse('2014-03-10T10:00:00Z');
  let server: ReplayFeedServer;
  beforeAll(async () => {
    server = createReplayFeedServer(
      [
        record('a', 'www.nytimes.com', '2014-03-10T09:00:00.250Z', 'Fed & "taper" <talk>'),
        record('b', 'www.nytimes.com', '2014-03-10T11:00:00Z', 'Second story'),
        record('c', 'foxnews.com', '2014-03-10T12:00:00Z', 'Fox story'),
      ],
      () => now,
    );
    await server.listen();
  });
  afterAll(() => server.close());

  it('serves one RSS 2.0 feed per outlet with only the items published by the replay clock, dated to the millisecond', async () => {
    expect([...server.feeds.keys()].sort()).toEqual(['foxnews.com', 'nytimes.com']);
    const feed = await new Parser().parseURL(server.feedUrl('nytimes.com'));
    expect(feed.title).toBe('The New York Times');
    expect(feed.items.map((item) => item.title)).toEqual(['Fed & "taper" <talk>']);
    expect(feed.items[0]!.link).toBe('https://www.nytimes.com/a');
    expect(Date.parse(feed.items[0]!.isoDate!)).toBe(Date.parse('2014-03-10T09:00:00.250Z'));
    expect((await new Parser().parseURL(server.feedUrl('foxnews.com'))).items).toEqual([]);
  });

  it('answers 304 to a conditional GET until the clock reveals a new item', async () => {
    const first = await fetch(server.feedUrl('nytimes.com'));
    const etag = first.headers.get('etag')!;
    expect((await fetch(server.feedUrl('nytimes.com'), { headers: { 'if-none-match': etag } })).status).toBe(304);
    now = Date.parse('2014-03-10T11:30:00Z');
    const changed = await fetch(server.feedUrl('nytimes.com'), { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(server.revealedCount('nytimes.com')).toBe(2);
    const feed = await new Parser().parseString(await changed.text());
    expect(feed.items.map((item) => item.title)).toEqual(['Second story', 'Fed & "taper" <talk>']);
  });

  it('answers 404 for an outlet that is not in the stream', async () => {
    expect((await fetch(server.feedUrl('example.org'))).status).toBe(404);
  });

  it('counts items at or before a time by binary search', () => {
    expect(countAtOrBefore([1, 2, 2, 5], 0)).toBe(0);
    expect(countAtOrBefore([1, 2, 2, 5], 2)).toBe(3);
    expect(countAtOrBefore([1, 2, 2, 5], 9)).toBe(4);
  });
});
