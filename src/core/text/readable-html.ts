import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanArticleText } from './clean.js';

/**
 * A scraped article page (HTML) → its headline and prose. Mozilla Readability (Firefox Reader
 * View) finds the article body and drops the menus, share bars, related-story rails and footers
 * around it; linkedom supplies the DOM it needs without a browser. Readability keeps what sits
 * inside the body (a table of contents, "5 min read", a byline paragraph, a repeated headline),
 * so the plain-text cleaner runs on its output too.
 */

export interface ReadablePage {
  title: string;
  /** Prose paragraphs, one per line, clutter removed. */
  text: string;
  byline: string | null;
}

const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, figcaption, dt, dd';

/** null when the page holds no article prose. */
export function readableText(html: string): ReadablePage | null {
  const { document } = parseHTML(html);
  // Readability mutates the document; it is ours, parsed from the string.
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  if (article === null || article.content === null || article.content === undefined) return null;
  const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`);
  // One line per block element, so the line classifier sees paragraphs, headings and list items apart.
  const lines: string[] = [];
  for (const element of content.querySelectorAll(BLOCKS)) {
    if (element.querySelector(BLOCKS) !== null) continue;
    const line = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (line !== '') lines.push(line);
  }
  const title = (article.title ?? '').trim();
  const text = cleanArticleText(lines.join('\n'), { title });
  return text === '' ? null : { title, text, byline: article.byline ?? null };
}
