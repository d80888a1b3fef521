import { ConfigError, loadConfig } from '../config/config.js';
import { createOutletDirectory } from '../config/outlets.js';
import { hostOf } from '../core/articles/canonical-url.js';
import type { ArticleSource } from '../core/articles/normalise.js';
import { errorMessage } from '../core/errors.js';
import { createFeedReader, isRemoteFeed } from '../feeds/read-feed.js';

/**
 * `preview <feed URL or file>...`: the polling job's fetch → parse → normalise, storing nothing.
 * One JSON line per article and one per failed feed on stdout, so operators can pipe it to jq.
 */

const USAGE = 'usage: npm run -s cli -- preview [--concurrency N] [--timeout-ms MS] <feed URL or file>...';

interface PreviewArgs {
  feeds: string[];
  concurrency: number;
  timeoutMs: number | undefined;
}

function parseArgs(args: string[]): PreviewArgs | string {
  const feeds: string[] = [];
  let concurrency = 16;
  let timeoutMs: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--concurrency' || arg === '--timeout-ms') {
      const value = Number(args[index + 1]);
      index += 1;
      if (!Number.isInteger(value) || value < 1) return `${arg} needs a positive whole number`;
      if (arg === '--concurrency') concurrency = Math.min(value, 256);
      else timeoutMs = value;
    } else if (arg.startsWith('--')) {
      return `unknown option ${arg}`;
    } else {
      feeds.push(arg);
    }
  }
  if (feeds.length === 0) return 'give at least one feed URL or file';
  return { feeds, concurrency, timeoutMs };
}

export async function main(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`${parsed}\n${USAGE}`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const line of error.lines) console.error(line);
    return 1;
  }
  const readFeed = createFeedReader({
    timeoutMs: parsed.timeoutMs ?? config.FEED_TIMEOUT_MS,
    maxBytes: config.FEED_MAX_BYTES,
    maxRedirects: config.FEED_MAX_REDIRECTS,
    userAgent: config.FEED_USER_AGENT,
    allowPrivateAddresses: config.FEEDS_ALLOW_PRIVATE,
  });
  const outlets = createOutletDirectory();
  // The site the feed links to names the outlet better than the feed host (feeds.bbci.co.uk → bbc.co.uk).
  const outletFor = (feed: string) => (found: { url: string; link: string | undefined }): ArticleSource => {
    const linkHost = found.link ? hostOf(found.link) : '';
    const urlHost = isRemoteFeed(found.url) ? hostOf(found.url) : '';
    const outlet = (linkHost ? outlets.find(linkHost) : undefined) ?? outlets.lookup(urlHost || linkHost || 'unknown.invalid');
    return { id: outlet.domain || feed, domain: outlet.domain, name: outlet.name, lean: outlet.lean, country: outlet.country };
  };

  const write = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < parsed.feeds.length) {
      const feed = parsed.feeds[next]!;
      next += 1;
      try {
        const result = await readFeed(feed, { source: outletFor(feed), backlog: false });
        if (result.kind !== 'ok') continue;
        for (const article of result.articles) {
          write({
            feed,
            id: article.id,
            title: article.title,
            summary: article.summary,
            url: article.url,
            published: new Date(article.published).toISOString(),
            source: article.outlet,
            lean: article.lean,
            country: article.country,
          });
        }
      } catch (error) {
        failed += 1;
        write({ feed, error: errorMessage(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parsed.concurrency, parsed.feeds.length) }, worker));
  return failed === 0 ? 0 : 1;
}
