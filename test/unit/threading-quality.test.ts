import { describe, expect, it } from 'vitest';
import { evaluateThreading } from '../../src/cli/eval-threads.js';
import { readStreamFile } from '../../src/feeds/stream-file.js';

/**
 * Quality floors on the two labelled streams shipped with the repo, run through the production
 * indexer and engine exactly as `eval-threads` does. They guard against regressions; they are not
 * where thresholds come from (see docs/threading.md for how those were chosen).
 */
describe('threading quality on labelled streams', () => {
  it('reaches B-cubed F1 ≥ 0.85 on the UCI headlines', async () => {
    const { records } = await readStreamFile('data/streams/uci-news-2014-03.jsonl');
    const evaluation = await evaluateThreading(records);
    expect(evaluation.articles).toBe(4_577);
    expect(evaluation.scores.bcubedF1).toBeGreaterThanOrEqual(0.85);
  }, 180_000);

  it('keeps at least 90 % of BASIL events wholly in one thread', async () => {
    const { records } = await readStreamFile('data/streams/basil-triplets.jsonl');
    const evaluation = await evaluateThreading(records);
    expect(evaluation.articles).toBe(300);
    expect(evaluation.wholeStoryRate).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
