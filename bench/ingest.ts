import { normaliseFeedItem, type ArticleSource } from '../src/core/articles/normalise.js';
import type { Article } from '../src/core/article.js';
import { decodeFeedBody } from '../src/feeds/decode-body.js';
import { parseFeed } from '../src/feeds/parse-feed.js';
import { createBenchRedis } from './bench-redis.js';
import { createRedisArticleStore } from '../src/store/redis-article-store.js';

/**
 * Ingest throughput: parse → normalise → dedupe → store, over 120 generated RSS feeds of 50 items
 * (6,000 items, one in ten re-published under a new GUID/date), against a real Redis under a
 * throwaway prefix. Fetching is left out: it is bounded by the network, not by us.
 */

const FEEDS = 120;
const ITEMS_PER_FEED = 50;
const WORDS = 'ceasefire talks resume election count markets rally inflation cools storm floods coast envoys summit sanctions package oil prices climb'.split(' ');

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function generateFeed(feedIndex: number): Buffer {
  const items: string[] = [];
  for (let i = 0; i < ITEMS_PER_FEED; i += 1) {
    // Every tenth item repeats one from the previous feed with a new GUID and date, like a CMS republishing.
    const republished = i % 10 === 9 && feedIndex > 0;
    const n = republished ? (feedIndex - 1) * ITEMS_PER_FEED + i - 1 : feedIndex * ITEMS_PER_FEED + i;
    const title = `${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]} report number ${n} from the newsroom`;
    items.push(`<item>
  <title><![CDATA[${title}]]></title>
  <link>https://news.example.com/story/${n}?utm_source=rss&amp;utm_medium=feed</link>
  <guid isPermaLink="false">guid-${feedIndex}-${i}</guid>
  <pubDate>${new Date(Date.UTC(2026, 10, 20, 0, 0) + (feedIndex * ITEMS_PER_FEED + i) * 60_000).toUTCString()}</pubDate>
  <description>${escapeXml(`<p>Paragraph about ${title} &amp; what it means.</p><img src="https://img.example.com/${n}.jpg"/>`)}</description>
  <media:thumbnail url="https://img.example.com/${n}.jpg" width="240" height="135"/>
</item>`);
  }
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench feed ${feedIndex}</title><link>https://news.example.com/</link>
${items.join('\n')}
</channel></rss>`);
}

export async function run(): Promise<Record<string, number | string>> {
  const bench = createBenchRedis('ingest');
  const store = createRedisArticleStore(bench.redis, bench.keys, { retentionDays: 1 });
  const source: ArticleSource = { id: 'bench', domain: 'news.example.com', name: 'Bench News', lean: 'center', country: 'GB' };
  const feeds = Array.from({ length: FEEDS }, (_, index) => generateFeed(index));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const phaseMs = { parse: 0, normalise: 0, store: 0 };
  let items = 0;
  let stored = 0;
  let duplicates = 0;
  const started = performance.now();
  try {
    for (const body of feeds) {
      const parseStarted = performance.now();
      const feed = await parseFeed(decodeFeedBody(body, 'application/rss+xml; charset=utf-8'));
      const normaliseStarted = performance.now();
      phaseMs.parse += normaliseStarted - parseStarted;
      const fetchedAt = Date.now();
      const articles: Article[] = [];
      for (const item of feed.items) {
        const article = normaliseFeedItem(item, source, { feedUrl: 'https://news.example.com/rss', fetchedAt, backlog: false });
        if (article) articles.push(article);
      }
      const storeStarted = performance.now();
      phaseMs.normalise += storeStarted - normaliseStarted;
      const result = await store.storeArticles(articles, { trackHandOff: false });
      phaseMs.store += performance.now() - storeStarted;
      items += feed.items.length;
      stored += result.stored.length;
      duplicates += result.duplicates;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  await bench.cleanup();

  return {
    items,
    storedArticles: stored,
    duplicates,
    articlesPerSec: Math.round(items / seconds),
    totalMs: Math.round(seconds * 1000),
    parseMs: Math.round(phaseMs.parse),
    normaliseMs: Math.round(phaseMs.normalise),
    storeMs: Math.round(phaseMs.store),
    peakRssMb: Math.round(peakRss / 1024 / 1024),
  };
}
