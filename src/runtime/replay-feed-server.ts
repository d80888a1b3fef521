import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { normaliseDomain, type StreamRecord } from '../core/articles/stream-record.js';
import { cleanOutletName } from '../core/articles/text.js';

/**
 * Serves a recorded article stream as real RSS 2.0 feeds, one per outlet, on loopback. Each feed
 * shows only the items published at or before the replay clock, newest first, with ETag and
 * Last-Modified, so the poll job sees exactly what it would see polling that outlet live.
 */

export interface ReplayFeed {
  /** Outlet domain (normalised), also the feed's path: `/feeds/<domain>.xml`. */
  domain: string;
  /** The stream's publisher name, cleaned; '' when the stream names none. */
  publisher: string;
  /** Publish times ascending (ms), parallel to `items`. */
  times: number[];
  items: StreamRecord[];
}

export interface ReplayFeedServer {
  readonly feeds: ReadonlyMap<string, ReplayFeed>;
  /** Base URL once listening, e.g. `http://127.0.0.1:41234`. */
  listen(): Promise<string>;
  feedUrl(domain: string): string;
  /** How many items of `domain` the clock has revealed. */
  revealedCount(domain: string): number;
  close(): Promise<void>;
}

/** Real feeds keep their newest items only; 100 is more than any outlet publishes between two polls. */
const ITEMS_PER_FEED = 100;

export function groupByOutlet(records: readonly StreamRecord[]): Map<string, ReplayFeed> {
  const feeds = new Map<string, ReplayFeed>();
  const sorted = [...records].sort((a, b) => Date.parse(a.published) - Date.parse(b.published));
  for (const record of sorted) {
    const domain = normaliseDomain(record.source);
    let feed = feeds.get(domain);
    if (!feed) {
      feed = { domain, publisher: cleanOutletName(record.publisher), times: [], items: [] };
      feeds.set(domain, feed);
    }
    feed.times.push(Date.parse(record.published));
    feed.items.push(record);
  }
  return feeds;
}

export function createReplayFeedServer(records: readonly StreamRecord[], clock: () => number): ReplayFeedServer {
  const feeds = groupByOutlet(records);
  let baseUrl = '';

  const revealedCount = (domain: string): number => {
    const feed = feeds.get(domain);
    return feed ? countAtOrBefore(feed.times, clock()) : 0;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const match = /^\/feeds\/([^/?]+)\.xml(?:\?.*)?$/.exec(req.url ?? '');
    const domain = match?.[1] ? decodeURIComponent(match[1]) : '';
    const feed = feeds.get(domain);
    if (!feed || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed\n');
      return;
    }
    const count = countAtOrBefore(feed.times, clock());
    const etag = replayEtag(count);
    const lastModified = new Date(count > 0 ? feed.times[count - 1]! : 0).toUTCString();
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'last-modified': lastModified }).end();
      return;
    }
    const body = renderRss(feed, count, baseUrl);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': lastModified, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 1_000;

  return {
    feeds,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          resolve(baseUrl);
        });
      }),
    feedUrl: (domain) => `${baseUrl}/feeds/${encodeURIComponent(domain)}.xml`,
    revealedCount,
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A feed's ETag: how many items it serves, so a poll's recorded ETag says how far it read. */
export function replayEtag(count: number): string {
  return `"${count}"`;
}

/** Binary search: number of ascending `times` ≤ `at`. */
export function countAtOrBefore(times: readonly number[], at: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (times[mid]! <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

function renderRss(feed: ReplayFeed, count: number, baseUrl: string): string {
  const items: string[] = [];
  for (let index = count - 1; index >= Math.max(0, count - ITEMS_PER_FEED); index -= 1) {
    const item = feed.items[index]!;
    const parts = [
      `<title>${escapeXml(item.title)}</title>`,
      `<link>${escapeXml(item.url)}</link>`,
      `<guid isPermaLink="false">${escapeXml(item.id)}</guid>`,
      // dc:date (W3C-DTF) keeps the stream's milliseconds, which RFC 822's pubDate cannot: articles
      // published within one second then keep their order, and replay threads them as ingest does.
      `<dc:date>${new Date(feed.times[index]!).toISOString()}</dc:date>`,
    ];
    if (item.summary) parts.push(`<description>${escapeXml(item.summary)}</description>`);
    if (item.text) parts.push(`<content:encoded>${escapeXml(item.text)}</content:encoded>`);
    items.push(`<item>${parts.join('')}</item>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `<title>${escapeXml(feed.publisher || feed.domain)}</title>`,
    `<link>https://${escapeXml(feed.domain)}/</link>`,
    `<description>${escapeXml(`${feed.publisher || feed.domain} (replayed by threadwatch from ${baseUrl})`)}</description>`,
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}
