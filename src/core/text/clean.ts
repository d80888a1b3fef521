import { ENGLISH_STOPWORDS } from './stopwords.js';
import { dedupKey, words } from './tokenise.js';

/**
 * Page clutter removal for article text that arrives as plain text (replay files, scrapers, feeds
 * with full text). HTML goes through Mozilla Readability first (see readable-html.ts); what is left
 * here is text whose markup is already gone, so no DOM-based library applies.
 *
 * The method is jusText's (Pomikálek 2011), a line classifier rather than a list of patterns: a
 * line of article prose is long, has a normal share of function words and ends like a sentence;
 * navigation trails, tables of contents, share/subscribe lines, bylines, date lines and reading-
 * time lines are short, have few function words and end without punctuation. A small vocabulary of
 * page-furniture words ("subscribe", "min read", "table of contents") decides the lines that do look
 * like sentences ("Sign up for our newsletter."). Repeated lines (a headline printed twice, a share
 * bar above and below) and lines that restate the headline are dropped as well.
 */

export interface CleanOptions {
  /** The article's headline: lines restating it are dropped from the body. */
  title?: string;
  /**
   * Keep short lines that are not otherwise clutter. A feed's summary is one short line by design,
   * while a short line inside a scraped body is a heading, a caption or a menu item.
   */
  keepShort?: boolean;
}

/** A line with at least this many words is prose whatever else it looks like. */
const LONG_LINE_WORDS = 25;
/** Shortest line kept as prose. */
const MIN_PROSE_WORDS = 6;
/** Share of function words below which a short English line is a list, a label or a trail. */
const MIN_STOPWORD_SHARE = 0.15;
/** A body line sharing this much of its words with the headline restates it. */
const HEADLINE_OVERLAP = 0.85;

/** Words that only page furniture uses in a short line. Matched on whole words, case-insensitively. */
const FURNITURE = new RegExp(
  [
    'table of contents', 'article with toc', 'jump to', 'skip to( main)? content', 'min(ute)?s? read', 'read time',
    'share (this|on|via)', 'share article', 'subscribe', 'subscription', 'newsletter', 'sign up', 'sign in', 'log in',
    'follow us', 'follow (him|her|them|@)', 'download (our|the) app', 'advertisement', 'sponsored', 'cookie',
    'all rights reserved', 'copyright', 'terms of (use|service)', 'privacy policy', 'related (articles|stories|coverage)',
    'recommended( for you)?', 'most (read|popular)', 'read more', 'click here', 'continue reading', 'see also',
    'photo(graph)?:', 'image( source)?:', 'getty images', 'file photo', 'posted (on|in|by)', 'published', 'updated',
    'last modified', 'written by', 'reporting by', 'editing by', 'contributed to this report', 'staff writer',
    'comments?', 'print this', 'email this', 'listen to (this|the) article', 'our standards', 'trust principles',
    // Author and outlet blurbs: "Jane Doe is a political correspondent for …", "… is an independent news organization".
    'is an? (\\p{L}+ ){0,3}(correspondent|reporter|writer|editor|columnist|contributor|producer) (for|at|with)',
    '(is|are) an? (\\p{L}+ ){0,3}(news|media) (organi[sz]ation|agency|company|outlet|cooperative)',
  ].join('|'),
  'i',
);
const FURNITURE_WORD = new RegExp(`(?:^|[^\\p{L}])(?:${FURNITURE.source})(?:$|[^\\p{L}])`, 'iu');
/** Separators of breadcrumb trails and menus ("Home » News » World", "World | Politics | Tech"). */
const TRAIL_SEPARATORS = /\s[»›>|/•·]\s|\s[»›]|[»›]\s/g;
/** A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters". */
const BYLINE = /^by\s+\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|,|de|van|von|la|le))*\s*(?:[,|–—-].{0,40})?$/u;
const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DATE_TOKEN = new RegExp(`^(?:${MONTH}|mon|tue|wed|thu|fri|sat|sun|\\p{L}+day|\\d{1,4}(?:st|nd|rd|th)?|[ap]m|[ap]\\.m|et|edt|est|gmt|utc|bst|pt|pdt|on|at|posted|published|updated|last|modified)$`, 'iu');
/** Ends like a sentence, allowing a closing quote or bracket. */
const SENTENCE_END = /[.!?…]["'”’)\]]*$/;
/**
 * Wire datelines at the start of a paragraph: "WASHINGTON (Reuters) -", "MOSCOW, May 19 (AP) —".
 * The paragraph is kept; only the dateline is cut, because it reads as noise inside a summary.
 */
const DATELINE = /^\p{Lu}[\p{Lu} .,'’-]{2,40}(?:,\s*\p{L}+\.? \d{1,2})?\s*(?:\((?:AP|Reuters|AFP|CNN|Bloomberg|UPI|dpa|Xinhua)\)\s*[-–—:]|--|—|–)\s*/u;

export type LineVerdict = 'prose' | 'headline' | 'duplicate' | 'furniture' | 'trail' | 'byline' | 'date' | 'short';

/** Why a line would be dropped, or 'prose' when it is kept (exported for tests and the clutter eval). */
export function classifyLine(line: string, titleKey: string, titleWords: ReadonlySet<string>): LineVerdict {
  // A long line is prose (or the headline again): the finer checks are for short lines only, and
  // most of an article's lines are long, so they are decided on a cheap word count.
  const roughCount = line.split(' ').length;
  if (roughCount >= LONG_LINE_WORDS * 1.2 && roughCount > titleWords.size + 6) return 'prose';
  const tokens = words(line);
  const count = tokens.length;
  if (count === 0) return 'short';
  const key = dedupKey(line);
  if (titleKey !== '' && (key === titleKey || (count <= titleWords.size + 3 && overlap(tokens, titleWords) >= HEADLINE_OVERLAP))) return 'headline';
  if ((line.match(TRAIL_SEPARATORS)?.length ?? 0) >= 2 && count < LONG_LINE_WORDS) return 'trail';
  if (count < LONG_LINE_WORDS && BYLINE.test(line.trim())) return 'byline';
  if (count <= 12 && tokens.every((token) => DATE_TOKEN.test(token.word))) return 'date';
  if (count < LONG_LINE_WORDS && FURNITURE_WORD.test(line)) return 'furniture';
  if (count >= LONG_LINE_WORDS) return 'prose';
  if (count < MIN_PROSE_WORDS || !SENTENCE_END.test(line.trim())) return 'short';
  // Function words are an English signal; other languages are judged on length and punctuation.
  const stopwords = tokens.filter((token) => ENGLISH_STOPWORDS.has(token.word)).length;
  const latinWords = tokens.filter((token) => /^[a-z]/.test(token.word)).length;
  if (latinWords / count > 0.8 && stopwords / count < MIN_STOPWORD_SHARE) return 'short';
  return 'prose';
}

function overlap(tokens: readonly { word: string }[], titleWords: ReadonlySet<string>): number {
  if (titleWords.size === 0) return 0;
  const lineWords = new Set(tokens.map((token) => token.word));
  let shared = 0;
  for (const word of lineWords) if (titleWords.has(word)) shared += 1;
  return shared / Math.max(lineWords.size, titleWords.size);
}

/** The article's prose, one paragraph per line, with page clutter removed. */
export function cleanArticleText(text: string, options: CleanOptions = {}): string {
  const titleKey = options.title === undefined ? '' : dedupKey(options.title);
  const titleWords = new Set(options.title === undefined ? [] : words(options.title).map((token) => token.word));
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
    if (line === '') continue;
    const key = dedupKey(line);
    if (seen.has(key)) continue;
    seen.add(key);
    const verdict = classifyLine(line, titleKey, titleWords);
    if (verdict !== 'prose' && !(verdict === 'short' && options.keepShort === true)) continue;
    kept.push(line.replace(DATELINE, ''));
  }
  return kept.join('\n');
}
