/**
 * Clustering quality against gold labels, for `eval-threads`. Inputs are parallel arrays: the
 * predicted thread and the gold story of each article.
 *
 * - B-cubed (Bagga & Baldwin): per article, precision = share of its predicted cluster that shares
 *   its gold story, recall = share of its gold story that shares its predicted cluster; averaged
 *   over articles. Unlike purity it punishes both over- and under-merging.
 * - Pairwise F1: over all article pairs, precision/recall of "same thread" against "same story".
 * - NMI: mutual information normalised by the arithmetic mean of the two entropies.
 */

export interface ClusteringScores {
  bcubedP: number;
  bcubedR: number;
  bcubedF1: number;
  pairwiseP: number;
  pairwiseR: number;
  pairwiseF1: number;
  nmi: number;
}

function f1(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function contingency(predicted: readonly string[], gold: readonly string[]) {
  if (predicted.length !== gold.length) throw new Error(`predicted (${predicted.length}) and gold (${gold.length}) must have the same length`);
  const joint = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  const goldSizes = new Map<string, number>();
  predicted.forEach((p, i) => {
    const g = gold[i]!;
    const key = `${p}\u0000${g}`;
    joint.set(key, (joint.get(key) ?? 0) + 1);
    predictedSizes.set(p, (predictedSizes.get(p) ?? 0) + 1);
    goldSizes.set(g, (goldSizes.get(g) ?? 0) + 1);
  });
  return { joint, predictedSizes, goldSizes };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

export function scoreClustering(predicted: readonly string[], gold: readonly string[]): ClusteringScores {
  const n = predicted.length;
  if (n === 0) return { bcubedP: 0, bcubedR: 0, bcubedF1: 0, pairwiseP: 0, pairwiseR: 0, pairwiseF1: 0, nmi: 0 };
  const { joint, predictedSizes, goldSizes } = contingency(predicted, gold);

  // Each article in cell (p, g) has precision |cell|/|p| and recall |cell|/|g|; a cell contributes |cell| times.
  let precisionSum = 0;
  let recallSum = 0;
  let samePairs = 0;
  let mutualInformation = 0;
  for (const [key, count] of joint) {
    const [p, g] = key.split('\u0000') as [string, string];
    const predictedSize = predictedSizes.get(p)!;
    const goldSize = goldSizes.get(g)!;
    precisionSum += (count * count) / predictedSize;
    recallSum += (count * count) / goldSize;
    samePairs += pairs(count);
    mutualInformation += (count / n) * Math.log((n * count) / (predictedSize * goldSize));
  }
  const bcubedP = precisionSum / n;
  const bcubedR = recallSum / n;

  let predictedPairs = 0;
  for (const size of predictedSizes.values()) predictedPairs += pairs(size);
  let goldPairs = 0;
  for (const size of goldSizes.values()) goldPairs += pairs(size);
  // No pairs on a side means nothing could be wrong on that side: score it as perfect.
  const pairwiseP = predictedPairs === 0 ? 1 : samePairs / predictedPairs;
  const pairwiseR = goldPairs === 0 ? 1 : samePairs / goldPairs;

  const entropy = (sizes: Map<string, number>) => [...sizes.values()].reduce((sum, size) => sum - (size / n) * Math.log(size / n), 0);
  const meanEntropy = (entropy(predictedSizes) + entropy(goldSizes)) / 2;
  // Both partitions a single cluster: they agree completely.
  const nmi = meanEntropy === 0 ? 1 : mutualInformation / meanEntropy;

  return { bcubedP, bcubedR, bcubedF1: f1(bcubedP, bcubedR), pairwiseP, pairwiseR, pairwiseF1: f1(pairwiseP, pairwiseR), nmi };
}

/** Share of gold stories whose articles all ended up in one predicted thread. */
export function wholeStoryRate(predicted: readonly string[], gold: readonly string[]): number {
  const threadsPerStory = new Map<string, Set<string>>();
  gold.forEach((g, i) => {
    const set = threadsPerStory.get(g) ?? new Set<string>();
    set.add(predicted[i]!);
    threadsPerStory.set(g, set);
  });
  if (threadsPerStory.size === 0) return 0;
  let whole = 0;
  for (const set of threadsPerStory.values()) if (set.size === 1) whole += 1;
  return whole / threadsPerStory.size;
}
