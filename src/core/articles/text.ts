import { decodeHTML } from 'entities';

/**
 * Feed titles and descriptions arrive as HTML fragments (often entity-encoded twice over, often with
 * images, share buttons and "Continue reading…" links). Everything downstream wants plain text.
 */

const INVISIBLE_BLOCKS = /<(script|style|noscript|iframe|svg|template|figure|figcaption)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const BLOCK_BREAKS = /<\/?(p|div|br|li|ul|ol|h[1-6]|blockquote|tr|td|th|section|article|header|footer|hr)\b[^>]*>/gi;
const TAGS = /<\/?[a-z][^>]*>/gi;
const WHITESPACE = /[\s\u00a0\u200b]+/g;

export function htmlToText(html: string): string {
  if (html === '') return '';
  let text = html.replace(CDATA, '$1').replace(COMMENTS, ' ').replace(INVISIBLE_BLOCKS, ' ');
  text = text.replace(BLOCK_BREAKS, ' ').replace(TAGS, '');
  // Publishers double-encode (`&amp;#8217;`); decoding twice turns that into the intended character.
  text = decodeHTML(text);
  if (/&(#\d+|#x[0-9a-f]+|[a-z]{2,8});/i.test(text)) text = decodeHTML(text.replace(TAGS, ''));
  // Control characters (other than tab/newline) break chat renderers and terminals.
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return text.replace(WHITESPACE, ' ').trim();
}

/** Cuts at a word boundary and marks the cut, so summaries stay readable and bounded. */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.\-–—]+$/, '')}…`;
}

// Aggregators (Google News in the UCI stream) escape punctuation in publisher names for their own
// query syntax — `Wall Street Journal \(blog\)`, `Yahoo\!7 News`. A backslash before punctuation is
// never part of an outlet's real name.
const ESCAPED_PUNCTUATION = /\\([!-/:-@[-`{-~])/g;

/** An outlet's display name as readers should see it; '' when there is none. */
export function cleanOutletName(name: string | undefined): string {
  if (name === undefined) return '';
  return htmlToText(name.replace(ESCAPED_PUNCTUATION, '$1'));
}
