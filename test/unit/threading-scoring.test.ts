import { describe, expect, it } from 'vitest';
import { scoreClustering, wholeStoryRate } from '../../src/core/threading/scoring.js';

describe('clustering scores', () => {
  // Predicted threads A = {1, 2}, B = {3, 4}; gold stories x = {1, 2, 3}, y = {4}.
  const predicted = ['A', 'A', 'B', 'B'];
  const gold = ['x', 'x', 'x', 'y'];

  it('computes B-cubed precision, recall and F1 per article, averaged', () => {
    const scores = scoreClustering(predicted, gold);
    // Precision: articles 1, 2 → 2/2; article 3 → 1/2; article 4 → 1/2. Mean = 3/4.
    expect(scores.bcubedP).toBeCloseTo(0.75, 10);
    // Recall: articles 1, 2 → 2/3; article 3 → 1/3; article 4 → 1/1. Mean = (8/3)/4 = 2/3.
    expect(scores.bcubedR).toBeCloseTo(2 / 3, 10);
    expect(scores.bcubedF1).toBeCloseTo((2 * 0.75 * (2 / 3)) / (0.75 + 2 / 3), 10);
  });

  it('computes pairwise F1 over same-thread and same-story pairs', () => {
    const scores = scoreClustering(predicted, gold);
    // Predicted pairs {1,2}, {3,4}; gold pairs {1,2}, {1,3}, {2,3}; shared: {1,2}.
    expect(scores.pairwiseP).toBeCloseTo(1 / 2, 10);
    expect(scores.pairwiseR).toBeCloseTo(1 / 3, 10);
    expect(scores.pairwiseF1).toBeCloseTo(0.4, 10);
  });

  it('computes NMI as mutual information over the mean entropy', () => {
    const { nmi } = scoreClustering(predicted, gold);
    const mutualInformation = 0.5 * Math.log(4 / 3) + 0.25 * Math.log(2 / 3) + 0.25 * Math.log(2);
    const predictedEntropy = Math.log(2);
    const goldEntropy = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    expect(nmi).toBeCloseTo(mutualInformation / ((predictedEntropy + goldEntropy) / 2), 10);
  });

  it('scores a perfect clustering 1 everywhere, whatever the labels are called', () => {
    const scores = scoreClustering(['t1', 't1', 't2'], ['s9', 's9', 's3']);
    expect(scores).toEqual({ bcubedP: 1, bcubedR: 1, bcubedF1: 1, pairwiseP: 1, pairwiseR: 1, pairwiseF1: 1, nmi: 1 });
  });

  it('gives all-singletons full precision but recall of one over the story size', () => {
    const scores = scoreClustering(['a', 'b', 'c', 'd'], ['x', 'x', 'x', 'x']);
    expect(scores.bcubedP).toBe(1);
    expect(scores.bcubedR).toBeCloseTo(1 / 4, 10);
    expect(scores.pairwiseR).toBe(0);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => scoreClustering(['a'], [])).toThrow(/same length/);
  });

  it('counts the share of stories that sit wholly in one thread', () => {
    expect(wholeStoryRate(predicted, gold)).toBeCloseTo(1 / 2, 10);
    expect(wholeStoryRate(['a', 'a', 'b'], ['x', 'x', 'y'])).toBe(1);
  });
});
