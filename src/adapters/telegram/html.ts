/**
 * Telegram's HTML parse mode: a small tag set, entities only for &, <, > and ", and a hard cap of
 * 4096 characters per message. Everything here works on strings so it is testable without a bot.
 */

export const TELEGRAM_MESSAGE_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values additionally need quotes escaped, or a crafted URL could close the attribute. */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Only http(s) links become anchors: Telegram rejects other schemes and they are never what a feed meant. */
export function safeHref(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function link(text: string, url: string | undefined): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeAttribute(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** Drops tags and decodes entities: what Telegram counts and what plain-text places (alerts, toasts) need. */
export function htmlToPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

interface OpenTag {
  name: string;
  /** The full opening tag with attributes, so a continuation chunk reopens the same link/pre. */
  source: string;
}

type Token = { kind: 'open'; tag: OpenTag } | { kind: 'close'; name: string } | { kind: 'text'; text: string };

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<\/?([a-z][a-z0-9-]*)\b[^>]*>|&[#a-z0-9]+;|[\s\S]/gi;
  for (const match of html.matchAll(pattern)) {
    const source = match[0];
    if (source.startsWith('</')) tokens.push({ kind: 'close', name: (match[1] ?? '').toLowerCase() });
    else if (source.startsWith('<')) tokens.push({ kind: 'open', tag: { name: (match[1] ?? '').toLowerCase(), source } });
    else tokens.push({ kind: 'text', text: source });
  }
  return tokens;
}

const closing = (stack: readonly OpenTag[]) =>
  stack
    .slice()
    .reverse()
    .map((tag) => `</${tag.name}>`)
    .join('');
const reopening = (stack: readonly OpenTag[]) => stack.map((tag) => tag.source).join('');

interface BreakPoint {
  /** Index in the token list where the next chunk starts (whitespace at the break is dropped). */
  resumeAt: number;
  /** Text emitted so far, up to the break. */
  body: string;
  stack: OpenTag[];
  priority: number;
}

/**
 * Splits HTML into chunks no longer than `limit`, preferring paragraph breaks, then line breaks,
 * then spaces, and never cutting inside a tag or an entity. Tags open at a cut are closed at the end
 * of one chunk and reopened at the start of the next, so every chunk parses on its own.
 */
export function splitHtml(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const tokens = tokenize(html);
  const chunks: string[] = [];
  let position = 0;
  let carried: OpenTag[] = [];
  while (position < tokens.length) {
    let body = reopening(carried);
    const stack = carried.slice();
    const minimumUseful = Math.floor(limit / 2);
    let best: BreakPoint | null = null;
    let index = position;
    let overflowed = false;
    for (; index < tokens.length; index += 1) {
      const token = tokens[index]!;
      if (token.kind === 'text' && (token.text === '\n' || token.text === ' ')) {
        const paragraph = token.text === '\n' && tokens[index + 1]?.kind === 'text' && (tokens[index + 1] as { text: string }).text === '\n';
        const priority = paragraph && stack.length === 0 ? 3 : token.text === '\n' ? 2 : 1;
        const resumeAt = paragraph ? index + 2 : index + 1;
        if (!best || priority >= best.priority || best.body.length < minimumUseful) {
          best = { resumeAt, body, stack: stack.slice(), priority };
        }
      }
      const piece = token.kind === 'open' ? token.tag.source : token.kind === 'close' ? `</${token.name}>` : token.text;
      const nextStack = stack.slice();
      if (token.kind === 'open') nextStack.push(token.tag);
      if (token.kind === 'close') {
        const at = nextStack.map((tag) => tag.name).lastIndexOf(token.name);
        if (at >= 0) nextStack.splice(at, 1);
      }
      if (body.length + piece.length + closing(nextStack).length > limit) {
        overflowed = true;
        break;
      }
      body += piece;
      stack.splice(0, stack.length, ...nextStack);
    }
    if (!overflowed) {
      chunks.push(body);
      break;
    }
    // A break point is only worth it if it keeps a reasonable part of the chunk; otherwise cut hard.
    const cut = best && best.body.length >= Math.min(minimumUseful, body.length) && best.body.length > reopening(carried).length ? best : null;
    if (cut) {
      chunks.push(cut.body + closing(cut.stack));
      carried = cut.stack;
      position = cut.resumeAt;
    } else {
      if (index === position) throw new Error(`a single HTML token is longer than the ${limit}-character limit`);
      chunks.push(body + closing(stack));
      carried = stack.slice();
      position = index;
    }
  }
  return chunks.map((chunk) => chunk.replace(/^\n+|\s+$/g, '')).filter((chunk) => htmlToPlainText(chunk).trim() !== '');
}
