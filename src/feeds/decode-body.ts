import iconv from 'iconv-lite';

/**
 * Feeds still arrive in windows-1251, ISO-8859-1, Shift_JIS… The charset comes from the
 * Content-Type header, else a byte-order mark, else the XML prolog, else UTF-8.
 */

const CHARSET_IN_CONTENT_TYPE = /charset\s*=\s*["']?([\w.:-]+)/i;
const ENCODING_IN_PROLOG = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i;

function bomCharset(body: Buffer): string | undefined {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  return undefined;
}

function isUtf8(name: string): boolean {
  return /^utf-?8$/i.test(name);
}

function isValidUtf8(body: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

export function detectCharset(body: Buffer, contentType: string | undefined): string {
  const fromHeader = contentType?.match(CHARSET_IN_CONTENT_TYPE)?.[1];
  const fromBom = bomCharset(body);
  // The prolog is ASCII in every charset a feed uses, so latin1 reads it safely.
  const fromProlog = body.subarray(fromBom === 'utf-8' ? 3 : 0, 512).toString('latin1').match(ENCODING_IN_PROLOG)?.[1];
  const candidates = [fromHeader, fromBom, fromProlog].filter((c): c is string => c !== undefined && iconv.encodingExists(c));
  let chosen = candidates[0] ?? 'utf-8';
  // Servers default to "charset=UTF-8" for every file; when the bytes say otherwise, trust the prolog.
  if (fromHeader && isUtf8(chosen) && fromProlog && !isUtf8(fromProlog) && iconv.encodingExists(fromProlog) && !isValidUtf8(body)) chosen = fromProlog;
  return chosen;
}

/** Decoded text with BOM and leading whitespace removed (XML parsers reject both before the prolog). */
export function decodeFeedBody(body: Buffer, contentType?: string): string {
  const text = iconv.decode(body, detectCharset(body, contentType));
  return text.replace(/^[\uFEFF\s]+/, '');
}
