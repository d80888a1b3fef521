import Parser from 'rss-parser';
import type { RawFeedItem } from '../core/articles/normalise.js';
import { PermanentFeedError } from '../core/errors.js';
import { FeedFetchError } from './errors.js';
import { sanitiseFeedHtml, warmUpSanitiser } from './sanitise.js';

/**
 * XML text → format-neutral items. rss-parser covers RSS 0.9x/2.0, RDF (RSS 1.0) and Atom 1.0; the
 * custom fields add Media RSS (`media:title`, `media:description`, YouTube-style `media:group`),
 * Dublin Core and Atom `updated`, which real feeds use instead of the core elements.
 *
 * rss-parser is strict XML. When it rejects a document or finds no entries, the forgiving reader
 * (forgiving-reader.ts) recovers them; when it reads entries but misses a title or every summary
 * (XHTML-typed or base64 content, which it leaves as objects or encoded), the forgiving reading of
 * the same entry fills the gap. Titles and summaries are sanitised HTML on the way out (sanitise.ts).
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
      ['media:title', 'mediaTitle'],
      ['media:description', 'mediaDescription'],
      ['dc:title', 'dcTitle'],
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

function hasText(value: string | undefined): boolean {
  return value !== undefined && value.replace(/<[^>]*>/g, '').trim() !== '';
}

function fromRssParser(feed: Parser.Output<LooseItem>): ParsedFeed {
  return {
    title: textOf(feed.title) ?? '',
    link: textOf(feed.link),
    items: feed.items.map((item) => ({
      title: textOf(item.title) ?? textOf(item['dcTitle']) ?? textOf(item['mediaTitle']),
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

/**
 * Atom text constructs rss-parser reads wrongly rather than not at all: base64 (`mode="base64"`),
 * inline XHTML, and titles with unescaped child markup, which it keeps as encoded text or drops.
 */
const CONSTRUCTS_RSS_PARSER_MISREADS = new RegExp(
  [
    // <title mode="base64">, <content type="xhtml">, <summary type="application/octet-stream"> (base64)…
    /<(?:[\w-]+:)?(?:title|content|summary|subtitle|tagline)\b[^>]*\s(?:mode\s*=\s*["']base64|type\s*=\s*["'](?:xhtml|application\/xhtml\+xml|(?!text\/)[a-z]+\/(?![^"']*xml)[^"']*)["'])/
      .source,
    // …and a title with unescaped child markup.
    /<title\b[^>]*>(?:(?!<\/title)[^<])*<(?![!/])/.source,
  ].join('|'),
  'i',
);

/**
 * Fills what rss-parser left empty (or misread, see above) from the forgiving reading, entry by
 * entry: same document, so when both find the same number of entries they are the same entries.
 */
async function fillGaps(strict: ParsedFeed, text: string): Promise<ParsedFeed> {
  const misread = CONSTRUCTS_RSS_PARSER_MISREADS.test(text);
  const incomplete = (item: RawFeedItem) => !hasText(item.title);
  if (!misread && !strict.items.some(incomplete)) return strict;
  const forgiving = (await forgivingReader())(text);
  if (forgiving.items.length !== strict.items.length) return strict;
  return {
    ...strict,
    title: hasText(strict.title) && !misread ? strict.title : (forgiving.title ?? strict.title),
    items: strict.items.map((item, index) => {
      const other = forgiving.items[index];
      if (!other || (!misread && !incomplete(item))) return item;
      return {
        title: hasText(other.title) && (misread || !hasText(item.title)) ? other.title : item.title,
        link: item.link ?? other.link,
        guid: item.guid ?? other.guid,
        // rss-parser drops dates it cannot read (see parseItemAtom above); no use taking them back.
        date: item.date ?? (other.date !== undefined && Number.isFinite(Date.parse(other.date)) ? other.date : undefined),
        summaries: other.summaries.some(hasText) && (misread || !item.summaries.some(hasText)) ? other.summaries : item.summaries,
      };
    }),
  };
}

function sanitised(feed: ParsedFeed): ParsedFeed {
  return {
    title: sanitiseFeedHtml(feed.title) ?? '',
    link: feed.link?.trim(),
    items: feed.items.map((item) => ({
      ...item,
      title: sanitiseFeedHtml(item.title),
      summaries: item.summaries.map(sanitiseFeedHtml),
    })),
  };
}

// The forgiving reader (htmlparser2 and friends) and the sanitiser are loaded on first use, not
// at import: every process imports the feed code through the composition root, and only those
// that read feeds should pay for them at start-up.
let forgivingModule: typeof import('./forgiving-reader.js') | undefined;

async function forgivingReader(): Promise<typeof import('./forgiving-reader.js').readForgiving> {
  forgivingModule ??= await import('./forgiving-reader.js');
  return forgivingModule.readForgiving;
}

let warmedUp: Promise<void> | undefined;

/**
 * Loads and runs the reader's lazily loaded parts once. A feed reader calls it before its first
 * fetch, so that cost never lands while other fetches wait on the event loop with their deadlines
 * running (preview reads dozens of feeds at once; a worker polls several).
 */
export function warmUpFeedParsing(): Promise<void> {
  warmedUp ??= forgivingReader().then((read) => {
    read('<rss><channel><item><title>warm</title></item></channel></rss>');
    warmUpSanitiser();
  });
  return warmedUp;
}

/**
 * Which readers run: both (the default, and what polling uses), or one alone so the bench can
 * measure what each contributes.
 */
export type FeedReaders = 'both' | 'rss-parser' | 'forgiving';

export async function parseFeed(text: string, readers: FeedReaders = 'both'): Promise<ParsedFeed> {
  if (text.trim() === '') throw new PermanentFeedError('not a feed: the response was empty');
  if (looksLikeHtml(text)) throw new PermanentFeedError('not a feed: got an HTML page');
  if (readers === 'forgiving') {
    const forgiving = (await forgivingReader())(text);
    return sanitised({ title: forgiving.title ?? '', link: forgiving.link, items: forgiving.items });
  }
  let strict: ParsedFeed | undefined;
  let failure: Error | undefined;
  try {
    strict = fromRssParser(await parser.parseString(text));
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    failure = /not recognized as RSS/i.test(message)
      ? new PermanentFeedError('not a feed: no <rss>, <feed> or <rdf:RDF> root element')
      : // Often a truncated or half-written file: worth retrying later rather than giving up on the source.
        new FeedFetchError(`malformed feed XML: ${message}`);
  }
  if (readers === 'rss-parser') {
    if (strict) return sanitised(strict);
    throw failure ?? new FeedFetchError('malformed feed XML');
  }
  if (strict && strict.items.length > 0) return sanitised(await fillGaps(strict, text));
  const forgiving = (await forgivingReader())(text);
  if (forgiving.items.length > 0 || (strict && forgiving.title !== undefined)) {
    return sanitised({ title: forgiving.title ?? strict?.title ?? '', link: forgiving.link ?? strict?.link, items: forgiving.items });
  }
  if (strict) return sanitised(strict);
  throw failure ?? new FeedFetchError('malformed feed XML');
}
