import iconv from 'iconv-lite';

/**
 * Double-encoded UTF-8 ("CafÃ© â€” crÃ¨me"): a publisher's CMS read UTF-8 bytes as windows-1252 or
 * Latin-1 and encoded the result as UTF-8 again. Each garbled character stands for one byte; where a
 * run of them spells a valid UTF-8 sequence (a lead byte C2–F4 followed by the right number of
 * continuation bytes 80–BF), it is replaced by the character it encodes. Ordinary accented text is
 * left alone: "café" is é followed by ASCII, which is no UTF-8 sequence. Applied twice, for text
 * garbled twice over.
 */

// Byte each character stood for: Latin-1 for U+0000–U+00FF (C1 controls included), else windows-1252.
const BYTE_OF = new Map<string, number>();
for (let byte = 0x80; byte <= 0xff; byte++) {
  BYTE_OF.set(String.fromCharCode(byte), byte);
  const cp1252 = iconv.decode(Buffer.from([byte]), 'windows-1252');
  if (cp1252 !== '\ufffd') BYTE_OF.set(cp1252, byte);
}

const SUSPECT = /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}/g;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return 4;
}

function repairOnce(text: string): string {
  return text.replace(SUSPECT, (run) => {
    let out = '';
    let index = 0;
    const chars = [...run];
    while (index < chars.length) {
      const lead = BYTE_OF.get(chars[index] ?? '') ?? 0;
      const length = sequenceLength(lead);
      const bytes = chars.slice(index, index + length).map((char) => BYTE_OF.get(char) ?? 0);
      if (lead >= 0xc2 && bytes.length === length && bytes.slice(1).every((byte) => byte >= 0x80 && byte <= 0xbf)) {
        try {
          out += strictUtf8.decode(Uint8Array.from(bytes));
          index += length;
          continue;
        } catch {
          // Not a valid sequence after all (overlong, surrogate): keep the character as it was.
        }
      }
      out += chars[index] ?? '';
      index += 1;
    }
    return out;
  });
}

export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  return repairOnce(repairOnce(text));
}
