import type { StreamRecord } from '../core/articles/stream-record.js';
import { seededRandom } from '../core/seeded-random.js';
import { ENGLISH_STOPWORDS } from '../core/text/stopwords.js';

/**
 * A labelled stream rewritten the way short-text clustering sets such as MStream's News (Google
 * News titles) come: each title in lower case, without punctuation or stopwords, every article
 * published at one instant, in a seeded shuffled order. It measures threading with neither of the
 * two signals those sets lack — capitals (names) and publish times (tempo, bursts) — so what is left
 * is the words. Gold stays the story label.
 *
 * Read figures on the UCI file with care: its gold splits one subject by day (Google News clusters
 * per day: two Titanfall stories, two Cosmos stories), which only publish times can tell apart, so a
 * time-free run is marked down for joining them.
 */

const WORD = /[\p{L}\p{N}]+(?:['’]\p{L}+)*/gu;

/** `to lower case, drop punctuation and stopwords`, as such sets are distributed. */
export function shortTitle(title: string): string {
  return (title.toLowerCase().match(WORD) ?? [])
    .filter((word) => !ENGLISH_STOPWORDS.has(word.replace(/’/g, "'")))
    .map((word) => word.replace(/['’]/g, ''))
    .join(' ');
}

export function buildShortTitleStream(records: readonly StreamRecord[], seed = 1): StreamRecord[] {
  // By time, not by string: "2014-03-10T09:00:00-05:00" is later than "2014-03-10T12:00:00Z".
  const instant = records.reduce((earliest, record) => (Date.parse(record.published) < Date.parse(earliest) ? record.published : earliest), records[0]?.published ?? '');
  // Titles only: such sets carry no summary or body.
  const shuffled = records.map(({ summary: _summary, text: _text, html: _html, ...record }): StreamRecord => ({ ...record, title: shortTitle(record.title), published: instant }));
  const random = seededRandom(seed);
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
  }
  return shuffled;
}
