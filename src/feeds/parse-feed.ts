import Parser from 'rss-parser';
import type { RawFeedItem } from '../core/articles/normalise.js';
import { PermanentFeedError } from '../core/errors.js';
import { FeedFetchError } from './errors.js';

/**
 * XML text → format-neutral items. rss-parser covers RSS 0.9x/2.0, RDF (RSS 1.0) and Atom 1.0; the
 * custom fields add Media RSS (`media:description`, YouTube-style `media:group`), Dublin Core dates
 * and Atom `updated`, which real feeds use instead of the core elements.
 */

export interface ParsedFeed {
  title: string;
  /** The site link the feed declares (used to resolve relative item links). */
  link: string | undefined;
  items: RawFeedItem[];
}

type LooseItem = Parser.Item & Record<string, unknown>;

const parser: Parser<Record<string, unknown>, LooseItem> = new Parser({
  customFields: {
    item: [
      ['media:description', 'mediaDescription'],
      ['media:group', 'mediaGroup'],
      ['dc:description', 'dcDescription'],
      ['updated', 'updated'],
      ['id', 'atomId'],
    ],
  },
});

// rss-parser turns an Atom entry's date into an ISO string without checking it, and one unparseable
// <published> then throws away the whole feed. Dropping such dates lets the item fall back to the
// fetch time like any other undated item.
type AtomEntry = Record<string, unknown[] | undefined>;
const parseItemAtom = (parser as unknown as { parseItemAtom(entry: AtomEntry): unknown }).parseItemAtom.bind(parser);
(parser as unknown as { parseItemAtom(entry: AtomEntry): unknown }).parseItemAtom = (entry: AtomEntry) => {
  for (const field of ['published', 'updated']) {
    const value = textOf(entry[field]);
    if (value !== undefined && !Number.isFinite(Date.parse(value))) delete entry[field];
  }
  return parseItemAtom(entry);
};

/** xml2js gives strings, `{ _: text, $: attrs }` objects or arrays of either. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  if (value && typeof value === 'object' && '_' in value) return textOf((value as { _: unknown })._);
  return undefined;
}

function mediaGroupDescription(group: unknown): string | undefined {
  const first: unknown = Array.isArray(group) ? group[0] : group;
  if (first && typeof first === 'object' && 'media:description' in first) return textOf((first as Record<string, unknown>)['media:description']);
  return undefined;
}

const HTML_START = /^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i;
const FEED_ROOT = /<(rss|feed|rdf:RDF|RDF)[\s>]/;

export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  return HTML_START.test(head) || (!FEED_ROOT.test(head) && /<html[\s>]/i.test(head));
}

export async function parseFeed(text: string): Promise<ParsedFeed> {
  if (text.trim() === '') throw new PermanentFeedError('not a feed: the response was empty');
  if (looksLikeHtml(text)) throw new PermanentFeedError('not a feed: got an HTML page');
  let feed: Parser.Output<LooseItem>;
  try {
    feed = await parser.parseString(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    if (/not recognized as RSS/i.test(message)) throw new PermanentFeedError('not a feed: no <rss>, <feed> or <rdf:RDF> root element');
    // Often a truncated or half-written file: worth retrying later rather than giving up on the source.
    throw new FeedFetchError(`malformed feed XML: ${message}`);
  }
  return {
    title: textOf(feed.title) ?? '',
    link: textOf(feed.link),
    items: feed.items.map((item) => ({
      title: textOf(item.title),
      link: textOf(item.link),
      guid: textOf(item.guid) ?? textOf(item['atomId']) ?? textOf(item['rdf:about']),
      date: textOf(item.pubDate) ?? textOf(item['date']) ?? textOf(item['updated']) ?? textOf(item.isoDate),
      summaries: [
        textOf(item.summary),
        textOf(item.content),
        textOf(item['dcDescription']),
        textOf(item['mediaDescription']),
        mediaGroupDescription(item['mediaGroup']),
        textOf(item['content:encoded']),
      ],
    })),
  };
}
