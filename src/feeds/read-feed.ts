import { open } from 'node:fs/promises';
import { normaliseFeedItem, type ArticleSource } from '../core/articles/normalise.js';
import type { Article } from '../core/article.js';
import { htmlToText } from '../core/articles/text.js';
import { decodeFeedBody } from './decode-body.js';
import { FeedFetchError } from './errors.js';
import { fetchFeed, type ConditionalHeaders, type FetchLimits } from './fetch-feed.js';
import { parseFeed, warmUpFeedParsing, type FeedReaders } from './parse-feed.js';

/**
 * Fetch → decode → parse → normalise, shared by the poll job and `preview` so an operator sees
 * exactly what polling would store.
 */

export type FeedReadResult =
  | { kind: 'not-modified' }
  | {
      kind: 'ok';
      /** Where the feed was finally read from (after redirects). */
      url: string;
      title: string;
      articles: Article[];
      /** Items dropped because they had neither title nor summary. */
      skipped: number;
      etag: string | undefined;
      lastModified: string | undefined;
    };

export interface ReadFeedOptions {
  /**
   * The outlet the articles belong to, or a function choosing it once the feed's own site link is
   * known (preview rates an arbitrary URL or file by the site it links to).
   */
  source: ArticleSource | ((feed: { url: string; link: string | undefined }) => ArticleSource);
  conditional?: ConditionalHeaders;
  backlog: boolean;
  now?: () => number;
}

export function isRemoteFeed(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

async function readLocalFile(path: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new FeedFetchError(`cannot read file ${path}: ${error.code === 'ENOENT' ? 'no such file' : (error.code ?? error.message)}`);
  });
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw new FeedFetchError(`feed is larger than ${maxBytes} bytes (FEED_MAX_BYTES)`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export interface ReadBody {
  title: string;
  link: string | undefined;
  articles: Article[];
  /** Items dropped because they had neither title nor summary. */
  skipped: number;
}

/** Bytes as fetched → articles: charset, parsing (strict, then forgiving), sanitising, normalising. */
export async function articlesFromBody(
  body: Buffer,
  contentType: string | undefined,
  context: { finalUrl: string; source: ReadFeedOptions['source']; fetchedAt: number; backlog: boolean; readers?: FeedReaders },
): Promise<ReadBody> {
  const feed = await parseFeed(decodeFeedBody(body, contentType), context.readers);
  const feedUrl = isRemoteFeed(context.finalUrl) ? context.finalUrl : (feed.link ?? '');
  const source = typeof context.source === 'function' ? context.source({ url: context.finalUrl, link: feed.link }) : context.source;
  const articles: Article[] = [];
  for (const item of feed.items) {
    const article = normaliseFeedItem(item, source, { feedUrl, fetchedAt: context.fetchedAt, backlog: context.backlog });
    if (article) articles.push(article);
  }
  return { title: htmlToText(feed.title), link: feed.link, articles, skipped: feed.items.length - articles.length };
}

export function createFeedReader(limits: FetchLimits) {
  return async function readFeed(location: string, options: ReadFeedOptions): Promise<FeedReadResult> {
    await warmUpFeedParsing();
    const now = options.now ?? Date.now;
    let body: Buffer;
    let contentType: string | undefined;
    let finalUrl = location;
    let etag: string | undefined;
    let lastModified: string | undefined;
    if (isRemoteFeed(location)) {
      const fetched = await fetchFeed(location, limits, options.conditional);
      if (fetched.kind === 'not-modified') return { kind: 'not-modified' };
      ({ body, contentType, etag, lastModified } = fetched);
      finalUrl = fetched.url;
    } else {
      body = await readLocalFile(location, limits.maxBytes);
    }
    const read = await articlesFromBody(body, contentType, { finalUrl, source: options.source, fetchedAt: now(), backlog: options.backlog });
    return { kind: 'ok', url: finalUrl, title: read.title, articles: read.articles, skipped: read.skipped, etag, lastModified };
  };
}

export type FeedReader = ReturnType<typeof createFeedReader>;
