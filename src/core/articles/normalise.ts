import type { Article } from '../article.js';
import type { Lean } from '../lean.js';
import { canonicalUrl, hostOf } from './canonical-url.js';
import { articleIdFromGuid, articleIdFromTitle, articleIdFromUrl } from './fingerprint.js';
import { normaliseDomain, type StreamRecord } from './stream-record.js';
import { readableText } from '../text/readable-html.js';
import { cleanOutletName, htmlToText, stripHeadlinePackaging, stripWirePrefix, truncateText } from './text.js';

/** What the feed parser hands over per item, whatever the format (RSS 2.0, Atom, RDF). */
export interface RawFeedItem {
  title?: string | undefined;
  link?: string | undefined;
  guid?: string | undefined;
  /** Any date string the item carried (pubDate, updated, dc:date), first match wins. */
  date?: string | undefined;
  /** Candidates for the summary, best first (description, Atom summary, media:description, content). */
  summaries: (string | undefined)[];
}

/** The outlet facts an article inherits from its configured source (or the outlet directory). */
export interface ArticleSource {
  id: string;
  /** Registrable outlet domain, no `www.`. */
  domain: string;
  name: string;
  lean: Lean;
  country: string;
}

export const MAX_TITLE_CHARS = 300;
export const MAX_SUMMARY_CHARS = 1_000;
// Earlier dates are placeholders (epoch 0, 1970, 1900) rather than real publication times.
const EARLIEST_PLAUSIBLE = Date.UTC(1990, 0, 1);
// Clocks drift and time zones get mislabelled; a few minutes ahead is not "in the future".
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Missing, unparseable, implausibly old or future dates become the fetch time. */
export function clampPublished(raw: string | undefined, fetchedAt: number): number {
  if (raw === undefined || raw.trim() === '') return fetchedAt;
  const parsed = Date.parse(raw.trim());
  if (!Number.isFinite(parsed) || parsed < EARLIEST_PLAUSIBLE || parsed > fetchedAt + FUTURE_TOLERANCE_MS) return fetchedAt;
  return Math.min(parsed, fetchedAt);
}

function firstText(candidates: (string | undefined)[]): string {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const text = htmlToText(candidate);
    if (text !== '') return text;
  }
  return '';
}

/**
 * One feed item as an `Article`, or null when it has nothing a reader could use (no title and no
 * summary). `feedUrl` resolves relative links; `backlog` marks items of a source's first poll.
 */
export function normaliseFeedItem(
  item: RawFeedItem,
  source: ArticleSource,
  context: { feedUrl: string; fetchedAt: number; backlog: boolean },
): Article | null {
  const summaryText = firstText(item.summaries);
  let title = stripWirePrefix(htmlToText(item.title ?? ''));
  if (title === '') title = truncateText(summaryText, 120);
  if (title === '') return null;
  const summary = truncateText(summaryText === title ? '' : summaryText, MAX_SUMMARY_CHARS);

  const feedUrlForResolving = /^https?:/i.test(context.feedUrl) ? context.feedUrl : undefined;
  // Atom and some RSS feeds put the permalink only in the GUID.
  const guid = item.guid?.trim() ?? '';
  const url =
    canonicalUrl(item.link ?? '', feedUrlForResolving) ?? (/^https?:\/\//i.test(guid) ? canonicalUrl(guid) : null);
  const id = url
    ? articleIdFromUrl(url)
    : guid !== ''
      ? articleIdFromGuid(source.id, guid)
      : articleIdFromTitle(source.id, title);

  return {
    id,
    sourceId: source.id,
    outlet: source.domain,
    outletName: cleanOutletName(source.name) || source.domain,
    // After the id: an item without link or GUID keeps the id its title gave it before packaging was stripped.
    title: truncateText(stripHeadlinePackaging(title, { domain: source.domain, name: cleanOutletName(source.name) }), MAX_TITLE_CHARS),
    summary,
    url: url ?? '',
    published: clampPublished(item.date, context.fetchedAt),
    fetchedAt: context.fetchedAt,
    lean: source.lean,
    country: source.country,
    backlog: context.backlog,
  };
}

/** What the outlet directory knows about a domain. */
export interface OutletInfo {
  name: string;
  lean: Lean;
  country: string;
}

/**
 * A replay/ingest stream line as an `Article`. Streams are historical, so the publish time is kept
 * as given and also stands in for the fetch time unless the caller passes one.
 */
export function articleFromStreamRecord(record: StreamRecord, outlet: OutletInfo, fetchedAt?: number): Article {
  const domain = normaliseDomain(record.source) || hostOf(record.url);
  const canonical = canonicalUrl(record.url);
  const published = Date.parse(record.published);
  const title = truncateText(stripHeadlinePackaging(stripWirePrefix(htmlToText(record.title)), { domain, name: cleanOutletName(record.publisher) || outlet.name }), MAX_TITLE_CHARS);
  const summary = truncateText(htmlToText(record.summary ?? ''), MAX_SUMMARY_CHARS);
  const article: Article = {
    // Streams are replayed as feeds too; the same URL must give the same id on both paths.
    id: canonical ? articleIdFromUrl(canonical) : articleIdFromGuid(domain, record.id),
    sourceId: domain,
    outlet: domain,
    outletName: cleanOutletName(record.publisher) || cleanOutletName(outlet.name) || domain,
    title,
    summary,
    url: canonical ?? record.url,
    published,
    fetchedAt: fetchedAt ?? published,
    lean: outlet.lean,
    country: outlet.country,
    backlog: false,
  };
  if (record.text !== undefined && record.text.trim() !== '') article.text = record.text;
  else if (record.html !== undefined && record.html.trim() !== '') {
    const page = readableText(record.html);
    if (page !== null && page.text !== '') article.text = page.text;
  }
  return article;
}
