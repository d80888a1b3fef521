import { createRequire } from 'node:module';
import { decodeHTML } from 'entities';
import type sanitizeHtmlType from 'sanitize-html';
import { repairMojibake } from './mojibake.js';

/**
 * Every title and summary a feed gives us passes through here before it is turned into text: the
 * markup a publisher (or an attacker who controls a feed) sends is untrusted. sanitize-html keeps
 * only plain formatting, drops scripts, styles, frames and embedded objects with their content,
 * every attribute except link targets and image sources, and URLs other than http(s)/mailto.
 * Character references for non-markup characters are decoded first, so double-encoded UTF-8 spelt
 * as references (`&#226;&#128;&#166;` for "…") is repaired like raw bytes are.
 */

// Loaded on first use, not at import (see warmUpFeedParsing in parse-feed.ts): sanitize-html brings
// postcss, and processes that never read a feed need not pay for it at start-up.
let sanitizeHtml: typeof sanitizeHtmlType | undefined;
let options: sanitizeHtmlType.IOptions | undefined;

function sanitiser(): [typeof sanitizeHtmlType, sanitizeHtmlType.IOptions] {
  sanitizeHtml ??= createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtmlType;
  options ??= sanitiseOptions(sanitizeHtml);
  return [sanitizeHtml, options];
}

const sanitiseOptions = (library: typeof sanitizeHtmlType): sanitizeHtmlType.IOptions => ({
  allowedTags: [...library.defaults.allowedTags, 'img'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  // Elements whose content is code or chrome, never prose; the content of the others (an <object>'s
  // fallback text, MathML's letters) stays as text when the element itself is dropped.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'frame', 'frameset', 'noframes', 'noembed', 'template', 'svg'],
});

const REFERENCE = /&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);?/gi;
const MARKUP_CHARACTERS = /[<>&"']/;

/** Decodes character references except those that spell markup (`&lt;`, `&amp;`…). */
function decodeTextReferences(html: string): string {
  return html.replace(REFERENCE, (reference) => {
    const decoded = decodeHTML(reference);
    return decoded === reference || MARKUP_CHARACTERS.test(decoded) ? reference : decoded;
  });
}

/** Loads the sanitiser and runs it once (see warmUpFeedParsing). */
export function warmUpSanitiser(): void {
  sanitiseFeedHtml('<p onclick="x()">warm</p>');
}

export function sanitiseFeedHtml(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  if (html.trim() === '') return '';
  const repaired = repairMojibake(decodeTextReferences(html));
  // No tag, no markup: most titles. What is left are references, which htmlToText decodes as text.
  if (!repaired.includes('<')) return repaired;
  const [sanitize, settings] = sanitiser();
  return sanitize(repaired, settings);
}
