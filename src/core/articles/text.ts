import { decodeHTML } from 'entities';
import { foldedWords } from '../finding/query.js';

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

/**
 * Wire services label their items ("UPDATE 2-", "WRAPUP 1-", "EXCLUSIVE-", "RPT-", "CORRECTED-",
 * "Factbox:", "ANALYSIS-"): packaging, not part of the story. Labels stack ("RPT-UPDATE 1-").
 * A hyphen label must be in capitals (as wires write them) so a headline starting with a
 * hyphenated name ("T-Mobile …") is never cut; a colon label may be in any case ("Factbox: …").
 */
const WIRE_LABELS =
  'UPDATE|UPDATED|WRAPUP|WRAP|REFILE|RPT|REPEAT|CORRECTED|CORRECTION|CORRECTS|EXCLUSIVE|BREAKING|URGENT|FLASH|ALERT|FACTBOX|FACT ?BOX|' +
  'ANALYSIS|INSIGHT|PREVIEW|TIMELINE|SPECIAL REPORT|GRAPHIC|GRAPHICS|TABLE|BRIEF|BRIEFS|BUZZ|COLUMN|INTERVIEW|DEALTALK|MARKET PULSE|WIDER IMAGE|LIVE';
const HYPHEN_LABEL = new RegExp(`^(?:${WIRE_LABELS})(?: \\d+)?\\s?-\\s*(?=\\S)`, 'u');
const COLON_LABEL = new RegExp(`^(?:${WIRE_LABELS})(?: \\d+)?\\s?:\\s*(?=\\S)`, 'iu');

export function stripWirePrefix(title: string): string {
  let text = title.trim();
  for (let guard = 0; guard < 4; guard++) {
    const next = text.replace(HYPHEN_LABEL, '').replace(COLON_LABEL, '');
    if (next === text) break;
    text = next;
  }
  return text === '' ? title.trim() : text;
}

/**
 * Site packaging around a headline, which feeds and scrapers carry along with it: a breadcrumb trail
 * before it ("Home » …", "siliconANGLE » …"), a section label that the headline repeats ("Justin
 * Bieber - Justin Bieber dedicates song …", "The Bon-Ton Stores Inc.: The Bon-Ton Stores, Inc.
 * Announces …") and the outlet's own name after it ("… - WDRB 41 Louisville News", "… | The Tribune").
 * Readers see the headline as the page heading and the topic builder and the threading engine read
 * its words, so the packaging goes; what is left must still be a headline of at least two words.
 */
const BREADCRUMB_TRAIL = /^(?:(?:[^\s»›]+\s+){0,3}[^\s»›]+\s*[»›]\s*)+/u;
const LABEL_BREAK = /\s[-–—|]\s|:\s/u;
const OUTLET_BREAK = /\s[-–—|]\s(?!.*\s[-–—|]\s)/u;
/** Longest section label or outlet name taken for packaging, in characters. */
const MAX_PACKAGING_CHARS = 60;

/** The name an outlet's domain says ("wdrb" of wdrb.com, "bbc" of news.bbc.co.uk); '' when too short to tell. */
function domainName(domain: string): string {
  const labels = domain.toLowerCase().replace(/^www\d*\./, '').split('.');
  labels.pop();
  if (labels.length > 1 && labels[labels.length - 1]!.length <= 3) labels.pop();
  const name = (labels[labels.length - 1] ?? '').replace(/[^\p{L}\p{N}]/gu, '');
  return name.length >= 3 ? name : '';
}

function isOutletName(text: string, outlet: { domain: string; name: string }): boolean {
  const words = foldedWords(text);
  const first = words[0];
  if (first === undefined) return false;
  const fromDomain = domainName(outlet.domain);
  // "WDRB 41 Louisville News", "WMBFNews.com, Myrtle …": the tail opens with the domain's name.
  if (fromDomain !== '' && first === fromDomain) return true;
  const name = foldedWords(outlet.name).join('');
  return name.length >= 3 && words.join('') === name;
}

export function stripHeadlinePackaging(title: string, outlet: { domain: string; name: string }): string {
  const original = title.trim();
  let text = original;
  const trail = BREADCRUMB_TRAIL.exec(text);
  if (trail && trail[0].length <= MAX_PACKAGING_CHARS) text = text.slice(trail[0].length);

  const label = LABEL_BREAK.exec(text);
  if (label && label.index > 0 && label.index <= MAX_PACKAGING_CHARS) {
    const labelWords = foldedWords(text.slice(0, label.index));
    const rest = text.slice(label.index + label[0].length);
    const restWords = foldedWords(rest);
    if (labelWords.length > 0 && restWords.length > labelWords.length && labelWords.every((word, index) => restWords[index] === word)) text = rest;
  }

  const suffix = OUTLET_BREAK.exec(text);
  if (suffix && text.length - suffix.index <= MAX_PACKAGING_CHARS && isOutletName(text.slice(suffix.index + suffix[0].length), outlet)) text = text.slice(0, suffix.index);

  text = text.trim();
  return foldedWords(text).length >= 2 ? text : original;
}
