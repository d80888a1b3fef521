import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { scoreCorpus, type CorpusScore } from '../../src/feeds/corpus-score.js';

/**
 * feedparser's own test corpus (2,106 well-formed, ill-formed, encoding, entity and sanitizer cases,
 * BSD-licensed, copied into test/fixtures/feedparser with its LICENSE) read through the same path a
 * poll takes: charset detection, rss-parser then the forgiving reader, sanitising, normalising.
 * feedparser's reading of each case (reference.jsonl) is the yardstick.
 *
 * The thresholds were set with the reader tuned on this same corpus, so the figures are in-sample:
 * they show the reader handles every kind of case here, not how it does on feeds it has never seen.
 */

const CORPUS = fileURLToPath(new URL('../fixtures/feedparser/', import.meta.url));

describe('feedparser corpus', () => {
  let score: CorpusScore;
  beforeAll(async () => {
    score = await scoreCorpus(CORPUS);
  }, 120_000);

  it('reads every case, and several hundred have an entry with visible text', () => {
    expect(score.cases).toBe(2106);
    // Guards against the yardstick itself shrinking (a bad copy, a changed definition).
    expect(score.eligible).toBeGreaterThan(450);
  });

  it('finds articles in at least 97 % of the cases where feedparser finds an entry with visible text', () => {
    expect(score.foundShare, `missed: ${score.missed.join(', ')}`).toBeGreaterThanOrEqual(0.97);
  });

  it('agrees with feedparser on the first title in at least 95 % of those cases that have one', () => {
    const disagreements = score.disagreed.map((d) => `${d.case}: ours "${d.ours}" vs "${d.reference}"`).join('\n');
    expect(score.titled).toBeGreaterThan(150);
    expect(score.titleShare, disagreements).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves no script or event-handler markup in any field of the sanitizer cases', () => {
    expect(score.sanitizerCases).toBeGreaterThan(700);
    expect(score.unsafe).toEqual([]);
  });
});
