import { createRequire } from 'node:module';
import iconv from 'iconv-lite';
import type jschardetType from 'jschardet';
import { repairMojibake } from './mojibake.js';

/**
 * Feeds still arrive in windows-1251, ISO-8859-1, Shift_JIS, EUC-JP… often without saying so. The
 * charset is the first of: a byte-order mark (or the UTF-16/32 pattern of `<?xml` without one), the
 * Content-Type header's charset, the XML declaration's encoding, a detector's guess (jschardet) when
 * it is confident, and windows-1252. A declared UTF-8 that the bytes are not (servers default to
 * "charset=UTF-8" for every file) is passed over for the next source.
 */

const CHARSET_IN_CONTENT_TYPE = /charset\s*=\s*["']?([\w.:-]+)/i;
const ENCODING_IN_PROLOG = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/i;

export type CharsetSource = 'bom' | 'header' | 'declaration' | 'detector' | 'default';

function bomCharset(body: Buffer): { charset: string; length: number } | undefined {
  const [a, b, c, d] = [body[0], body[1], body[2], body[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { charset: 'utf-16be', length: 2 };
  // No BOM: the XML spec's autodetection from how `<?` (or any `<`) is laid out in bytes.
  if (a === 0x3c && b === 0 && c === 0 && d === 0) return { charset: 'utf-32le', length: 0 };
  if (a === 0 && b === 0 && c === 0 && d === 0x3c) return { charset: 'utf-32be', length: 0 };
  if (a === 0x3c && b === 0 && c !== 0) return { charset: 'utf-16le', length: 0 };
  if (a === 0 && b === 0x3c && d !== 0) return { charset: 'utf-16be', length: 0 };
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

/**
 * What browsers do (WHATWG Encoding): ISO-8859-1 and US-ASCII labels mean windows-1252, whose
 * curly quotes and dashes in 0x80–0x9F publishers use while declaring Latin-1.
 */
function browserCharset(name: string): string {
  return /^(iso[-_]?8859[-_]?1|latin-?1|l1|us-ascii|ascii|iso-ir-100|cp819|ibm819)$/i.test(name) ? 'windows-1252' : name;
}

// Multi-byte detectors only answer when the byte patterns fit; single-byte ones always answer something.
const MULTIBYTE = /^(big5|euc-jp|euc-kr|cp949|gb2312|gb18030|shift_jis|cp932|euc-tw|iso-2022-(jp|kr|cn)|hz-gb-2312)$/i;
const MULTIBYTE_MIN_CONFIDENCE = 0.1;
const SINGLE_BYTE_MIN_CONFIDENCE = 0.4;

// Loaded on first use (its models take a while to load), which is rare: most feeds are UTF-8 or say what they are.
let jschardet: typeof jschardetType | undefined;

function detectorCharset(body: Buffer): string | undefined {
  jschardet ??= createRequire(import.meta.url)('jschardet') as typeof jschardetType;
  const guess = jschardet.detect(body);
  if (!guess.encoding || !iconv.encodingExists(guess.encoding)) return undefined;
  const floor = MULTIBYTE.test(guess.encoding) ? MULTIBYTE_MIN_CONFIDENCE : SINGLE_BYTE_MIN_CONFIDENCE;
  return guess.confidence >= floor ? guess.encoding : undefined;
}

export function detectCharset(body: Buffer, contentType: string | undefined): { charset: string; source: CharsetSource; bomLength: number } {
  const bom = bomCharset(body);
  if (bom) return { charset: bom.charset, source: 'bom', bomLength: bom.length };
  const valid = isValidUtf8(body);
  // A real UTF-16/32 document has a BOM or the zero bytes autodetection sees; without them the label lies.
  const usable = (name: string | undefined): name is string =>
    name !== undefined && iconv.encodingExists(name) && (!isUtf8(name) || valid) && !/^(utf-?(16|32)|ucs-?[24])/i.test(name);
  const fromHeader = contentType?.match(CHARSET_IN_CONTENT_TYPE)?.[1];
  if (usable(fromHeader)) return { charset: browserCharset(fromHeader), source: 'header', bomLength: 0 };
  // The prolog is ASCII in every charset a feed uses, so latin1 reads it safely.
  const fromProlog = body.subarray(0, 512).toString('latin1').match(ENCODING_IN_PROLOG)?.[1];
  if (usable(fromProlog)) return { charset: browserCharset(fromProlog), source: 'declaration', bomLength: 0 };
  // XML's default, and what nearly every undeclared feed is.
  if (valid) return { charset: 'utf-8', source: 'default', bomLength: 0 };
  const detected = detectorCharset(body);
  if (detected) return { charset: browserCharset(detected), source: 'detector', bomLength: 0 };
  return { charset: 'windows-1252', source: 'default', bomLength: 0 };
}

/**
 * Decoded text with BOM and leading whitespace removed (XML parsers reject both before the prolog),
 * double-encoded UTF-8 repaired.
 */
export function decodeFeedBody(body: Buffer, contentType?: string): string {
  const { charset, bomLength } = detectCharset(body, contentType);
  const text = iconv.decode(body.subarray(bomLength), charset, { stripBOM: true });
  return repairMojibake(text.replace(/^[\uFEFF\s]+/, ''));
}
