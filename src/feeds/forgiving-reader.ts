import render from 'dom-serializer';
import { isCDATA, isTag, isText, type AnyNode, type Element } from 'domhandler';
import { findAll } from 'domutils';
import { decodeHTML, escapeText } from 'entities';
import { parseDocument } from 'htmlparser2';
import type { RawFeedItem } from '../core/articles/normalise.js';

/**
 * The fallback reader for what rss-parser (strict XML) rejects or reads as empty: unclosed root
 * elements, HTML entities without a semicolon (`&#x41`, `&eacute`), undeclared namespace prefixes,
 * upper-case CDF. htmlparser2 in XML mode builds a tree from any tag soup; this walks it the way
 * feedparser does, by namespace and local name, and reads Atom text constructs by their type
 * (`text`, `html`, `xhtml`, base64 with `mode="base64"` or a non-text MIME type).
 *
 * Every field comes out as HTML (text escaped), ready for the sanitiser and `htmlToText`.
 */

export interface ForgivingFeed {
  title: string | undefined;
  link: string | undefined;
  items: RawFeedItem[];
}

type Vocabulary = 'core' | 'dc' | 'content' | 'media' | 'xhtml' | 'itunes' | 'rdf' | 'other';

const NAMESPACES: Record<string, Vocabulary> = {
  'http://www.w3.org/2005/atom': 'core',
  'http://purl.org/atom/ns#': 'core',
  'http://purl.org/rss/1.0/': 'core',
  'http://my.netscape.com/rdf/simple/0.9/': 'core',
  'http://backend.userland.com/rss2': 'core',
  'http://backend.userland.com/rss': 'core',
  'http://blogs.law.harvard.edu/tech/rss': 'core',
  'http://purl.org/net/rss1.1#': 'core',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dc',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
};

// Prefixes used without an xmlns declaration still mean what they conventionally mean.
const CONVENTIONAL_PREFIXES: Record<string, Vocabulary> = {
  atom: 'core',
  rss: 'core',
  dc: 'dc',
  dcterms: 'dc',
  content: 'content',
  media: 'media',
  xhtml: 'xhtml',
  itunes: 'itunes',
  rdf: 'rdf',
};

function prefixOf(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? '' : name.slice(0, colon);
}

function localName(element: Element): string {
  const colon = element.name.indexOf(':');
  return (colon === -1 ? element.name : element.name.slice(colon + 1)).toLowerCase();
}

function namespaceUri(element: Element, prefix: string): string | undefined {
  const attribute = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
  for (let node: Element | null = element; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const value = node.attribs[attribute];
    if (value !== undefined) return value.trim().toLowerCase();
  }
  return undefined;
}

const vocabularyCache = new WeakMap<Element, Vocabulary>();

function vocabularyOf(element: Element): Vocabulary {
  const cached = vocabularyCache.get(element);
  if (cached) return cached;
  const prefix = prefixOf(element.name);
  const uri = namespaceUri(element, prefix);
  let vocabulary: Vocabulary;
  if (uri !== undefined && uri !== '') vocabulary = NAMESPACES[uri] ?? (prefix === '' ? 'core' : (CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? 'other'));
  else vocabulary = prefix === '' ? 'core' : (CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? 'other');
  vocabularyCache.set(element, vocabulary);
  return vocabulary;
}

function is(element: Element, vocabulary: Vocabulary, name: string): boolean {
  return localName(element) === name && vocabularyOf(element) === vocabulary;
}

function childElements(element: Element): Element[] {
  return element.children.filter(isTag);
}

function child(element: Element, vocabulary: Vocabulary, ...names: string[]): Element | undefined {
  for (const name of names) {
    const found = childElements(element).find((candidate) => is(candidate, vocabulary, name));
    if (found) return found;
  }
  return undefined;
}

/** Character data of a node with entities decoded (HTML rules, so `&#x41` and `&eacute` count). */
function textContent(node: AnyNode): string {
  if (isText(node)) return decodeHTML(node.data);
  if (isCDATA(node)) return node.children.map((inner) => (isText(inner) ? inner.data : '')).join('');
  if (isTag(node)) return node.children.map(textContent).join('');
  return '';
}

/** The content as HTML: character data decoded, nested elements kept as markup. */
function innerHtml(element: Element): string {
  return element.children
    .map((node) => {
      if (isText(node) || isCDATA(node)) return textContent(node);
      if (isTag(node)) return render(node, { xmlMode: false, decodeEntities: false });
      return '';
    })
    .join('');
}

function decodeBase64(value: string): string | undefined {
  const bytes = Buffer.from(value.replace(/\s+/g, ''), 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * An element's value as HTML. Atom says by `type` (and Atom 0.3 by `mode`) whether it is plain
 * text, escaped HTML, inline XHTML or base64; RSS elements have no type and carry HTML.
 */
function asHtml(element: Element): string {
  const type = (element.attribs['type'] ?? '').trim().toLowerCase();
  const mode = (element.attribs['mode'] ?? '').trim().toLowerCase();
  const atomText = vocabularyOf(element) === 'core' && type === '' && isAtom(element);
  if (mode === 'base64' || (type.includes('/') && !/^text\//.test(type) && !/[+/]xml$/.test(type) && !/^application\/(xhtml|xml)/.test(type))) {
    const decoded = decodeBase64(textContent(element));
    return decoded === undefined ? '' : /^text\/plain$/.test(type) ? escapeText(decoded) : decoded;
  }
  if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml' || (childElements(element).length > 0 && type !== 'text')) {
    return element.children.map((node) => (isTag(node) ? render(node, { xmlMode: false, decodeEntities: false }) : isText(node) || isCDATA(node) ? escapeText(textContent(node)) : '')).join('');
  }
  if (type === 'text' || type === 'text/plain' || atomText) return escapeText(textContent(element));
  return innerHtml(element);
}

function isAtom(element: Element): boolean {
  for (let node: Element | null = element; node; node = node.parent && isTag(node.parent) ? node.parent : null) {
    const uri = namespaceUri(node, prefixOf(node.name));
    if (uri === 'http://www.w3.org/2005/atom' || uri === 'http://purl.org/atom/ns#') return true;
    if (localName(node) === 'feed') return true;
    if (localName(node) === 'rss' || localName(node) === 'rdf' || localName(node) === 'channel') return false;
  }
  return false;
}

function plain(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const text = textContent(element).trim();
  return text === '' ? undefined : text;
}

function html(element: Element | undefined): string | undefined {
  if (!element) return undefined;
  const value = asHtml(element);
  return value.trim() === '' ? undefined : value;
}

function mediaElement(item: Element, name: string): Element | undefined {
  const direct = child(item, 'media', name);
  if (direct) return direct;
  for (const container of childElements(item).filter((el) => vocabularyOf(el) === 'media' && ['group', 'content'].includes(localName(el)))) {
    const nested = child(container, 'media', name) ?? childElements(container).filter((el) => is(el, 'media', 'content')).map((el) => child(el, 'media', name)).find(Boolean);
    if (nested) return nested;
  }
  return undefined;
}

function linkOf(item: Element): string | undefined {
  const links = childElements(item).filter((el) => is(el, 'core', 'link'));
  const withHref = links.filter((el) => el.attribs['href'] !== undefined);
  const alternate = withHref.find((el) => (el.attribs['rel'] ?? 'alternate').trim().toLowerCase() === 'alternate') ?? withHref[0];
  if (alternate) return alternate.attribs['href']?.trim();
  const textLink = links.map((el) => plain(el)).find((value) => value !== undefined);
  if (textLink) return textLink;
  const about = item.attribs['rdf:about'] ?? item.attribs['about'] ?? item.attribs['href'];
  if (about && /^https?:/i.test(about.trim())) return about.trim();
  const guid = child(item, 'core', 'guid');
  const permalink = guid && (guid.attribs['ispermalink'] ?? guid.attribs['isPermaLink'] ?? 'true').toLowerCase() !== 'false' ? plain(guid) : undefined;
  return permalink && /^https?:/i.test(permalink) ? permalink : undefined;
}

function readItem(item: Element): RawFeedItem {
  const title = html(child(item, 'core', 'title')) ?? html(child(item, 'dc', 'title')) ?? html(mediaElement(item, 'title'));
  return {
    title,
    link: linkOf(item),
    guid: plain(child(item, 'core', 'guid', 'id')) ?? item.attribs['rdf:about'] ?? item.attribs['about'],
    date:
      plain(child(item, 'core', 'pubdate', 'published', 'issued', 'updated', 'modified', 'created')) ??
      plain(child(item, 'dc', 'date', 'created', 'issued', 'modified')),
    summaries: [
      html(child(item, 'core', 'description', 'summary')),
      html(child(item, 'content', 'encoded')),
      html(child(item, 'core', 'content')),
      html(child(item, 'xhtml', 'body', 'div')),
      html(child(item, 'core', 'body', 'fullitem', 'abstract')),
      html(child(item, 'dc', 'description')),
      html(mediaElement(item, 'description')),
      html(child(item, 'itunes', 'summary', 'subtitle')),
    ],
  };
}

const ENTRY_NAMES = new Set(['item', 'entry']);

export function readForgiving(text: string): ForgivingFeed {
  const document = parseDocument(text, { xmlMode: true, decodeEntities: false, withEndIndices: true });
  const isEntry = (el: Element) => ENTRY_NAMES.has(localName(el)) && vocabularyOf(el) === 'core';
  // A half-written file ends inside its last entry. When even that entry's title is cut off, the
  // entry is a fragment (a headline missing its end) rather than an article: left out.
  const cutOff = (el: Element | undefined) => el !== undefined && (el.endIndex ?? 0) >= text.length;
  const entries = findAll((el) => isEntry(el) && !hasAncestor(el, isEntry) && !(cutOff(el) && cutOff(child(el, 'core', 'title'))), document.children);
  const channel = findAll((el) => ['channel', 'feed'].includes(localName(el)) && vocabularyOf(el) === 'core', document.children)[0];
  return {
    title: channel ? html(child(channel, 'core', 'title')) : undefined,
    link: channel ? linkOf(channel) : undefined,
    items: entries.map(readItem),
  };
}

function hasAncestor(element: Element, test: (el: Element) => boolean): boolean {
  for (let node = element.parent; node && isTag(node); node = node.parent) if (test(node)) return true;
  return false;
}
