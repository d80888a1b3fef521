import { describe, expect, it } from 'vitest';
import type { StreamRecord } from '../../src/core/articles/stream-record.js';
import { buildShortTitleStream, shortTitle } from '../../src/cli/short-titles.js';

const record = (id: string, title: string, published: string, extra: Partial<StreamRecord> = {}): StreamRecord => ({ id, title, url: `https://x.example/${id}`, source: 'x.example', published, story: 's', ...extra });

describe('MStream-style short titles', () => {
  it('lower-cases each title and drops its punctuation and stopwords, as such sets are distributed', () => {
    expect(shortTitle("Mt. Gox files for bankruptcy, says $480M in Bitcoin lost: Karpelès's 'regret'")).toBe('mt gox files bankruptcy 480m bitcoin lost karpelèss regret');
  });

  it('publishes every article at the stream’s first instant, keeps titles only, and shuffles the same way every run', () => {
    const records = Array.from({ length: 30 }, (_, index) =>
      record(`r${index}`, `Story ${index} Headline`, new Date(Date.UTC(2014, 2, 10, index)).toISOString(), { summary: 'a summary', text: 'a body' }),
    );
    const first = buildShortTitleStream(records);
    const again = buildShortTitleStream(records);
    expect(first.map((item) => item.id)).toEqual(again.map((item) => item.id));
    expect(first.map((item) => item.id)).not.toEqual(records.map((item) => item.id));
    expect(new Set(first.map((item) => item.published))).toEqual(new Set([records[0]!.published]));
    expect(first.every((item) => item.summary === undefined && item.text === undefined && item.story === 's')).toBe(true);
    expect(first.map((item) => item.id).sort()).toEqual(records.map((item) => item.id).sort());
  });

  it('takes the earliest instant by time, whatever offset each date is written with', () => {
    const stream = buildShortTitleStream([record('a', 'First', '2014-03-10T09:00:00-05:00'), record('b', 'Second', '2014-03-10T12:00:00Z')]);
    expect(stream.map((item) => item.published)).toEqual(['2014-03-10T12:00:00Z', '2014-03-10T12:00:00Z']);
  });
});
