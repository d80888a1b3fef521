import { describe, expect, it } from 'vitest';
import { describeIngest } from '../../src/cli/ingest.js';
import { plural } from '../../src/core/render/format.js';

describe('counts in CLI output', () => {
  it('says "1 thread", never "1 threads", and pluralises every other count by its number', () => {
    const line = describeIngest({
      records: 1,
      stored: 1,
      duplicates: 0,
      unusable: 1,
      rankings: 1,
      from: Date.UTC(2014, 2, 10, 12),
      to: Date.UTC(2014, 2, 10, 12),
      threads: 1,
      publicThreads: 0,
      ranked: 0,
      summaries: 1,
      seconds: 0.42,
    });
    expect(line).toBe(
      'ingested 1 article (1 new, 0 duplicates, 1 unusable line) from 2014-03-10T12:00:00.000Z to 2014-03-10T12:00:00.000Z: ' +
        '1 thread (0 public), 1 hourly ranking, 0 ranked, 1 summary in 0.4 s',
    );
    expect(line).not.toMatch(/\b1 [a-z ]*s\b(?! in)/);
  });

  it('writes large counts with thousands separators and the plural form', () => {
    expect(plural(4_577, 'article')).toBe('4,577 articles');
    expect(plural(2, 'summary', 'summaries')).toBe('2 summaries');
    expect(plural(0, 'thread')).toBe('0 threads');
  });
});
