import type { StreamRecord } from '../core/articles/stream-record.js';

/**
 * A long stream built from a short labelled one, for measuring threading over months: the file is
 * replayed as `cycles` cycles, each shifted `gapMs` later than the one before, and in each cycle
 * every word that is not among the file's `keepTop` most frequent is renamed (a cycle suffix of
 * letters). So each cycle brings new stories — new names, new specifics — told in the same everyday
 * vocabulary ("stocks", "Apple", "recall", "Ukraine"), which is exactly what tempts an online
 * clusterer to chain recurring subjects into one endless thread. Gold is story + cycle.
 *
 * The generator reads the gold `story` label only to write the gold label of the copy; titles,
 * times and outlets never depend on it, so whoever threads the stream learns nothing from it.
 */

export interface LongStreamOptions {
  cycles: number;
  gapMs: number;
  /** Words kept as they are in every cycle (the file's most frequent). */
  keepTop: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Letters only: a digit would make every renamed word look like a code (MH370) to the name heuristic. */
function cycleSuffix(cycle: number): string {
  let suffix = '';
  for (let n = cycle; n > 0; n = Math.floor(n / 26)) suffix = String.fromCharCode(97 + (n % 26)) + suffix;
  return `zq${suffix}`;
}

function frequentWords(records: readonly StreamRecord[], keepTop: number): Set<string> {
  const counts = new Map<string, number>();
  for (const record of records) {
    for (const text of [record.title, record.summary ?? '', record.text ?? '']) {
      for (const [word] of text.matchAll(WORD)) {
        const lower = word.toLowerCase();
        counts.set(lower, (counts.get(lower) ?? 0) + 1);
      }
    }
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new Set(ranked.slice(0, keepTop).map(([word]) => word));
}

export function buildLongStream(records: readonly StreamRecord[], options: LongStreamOptions): StreamRecord[] {
  const keep = frequentWords(records, options.keepTop);
  const out: StreamRecord[] = [];
  for (let cycle = 0; cycle < options.cycles; cycle++) {
    const suffix = cycleSuffix(cycle + 1);
    // Shouted words stay shouted, so acronyms ("GM", "ECB") still read as acronyms after renaming.
    const rename = (text: string) =>
      text.replace(WORD, (word) => (keep.has(word.toLowerCase()) ? word : word === word.toUpperCase() && word !== word.toLowerCase() ? `${word}${suffix.toUpperCase()}` : `${word}${suffix}`));
    const shift = cycle * options.gapMs;
    for (const record of records) {
      out.push({
        ...record,
        id: `${record.id}~${cycle + 1}`,
        title: rename(record.title),
        ...(record.summary !== undefined ? { summary: rename(record.summary) } : {}),
        ...(record.text !== undefined ? { text: rename(record.text) } : {}),
        url: `${record.url}#cycle-${cycle + 1}`,
        published: new Date(Date.parse(record.published) + shift).toISOString(),
        ...(record.story !== undefined ? { story: `${record.story}~${cycle + 1}` } : {}),
      });
    }
  }
  return out;
}

/** Which cycle a long-stream record belongs to (1-based), from its id. */
export function cycleOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('~') + 1));
}
