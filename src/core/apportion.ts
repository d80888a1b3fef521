/**
 * Largest-remainder (Hamilton) apportionment: share `total` whole units in proportion to `weights`
 * so the parts add up to exactly `total`. Each part is its exact share rounded down, and the units
 * that rounding down left over go one each to the parts with the largest remainders (ties to the
 * earlier part, so the same input always gives the same output). Every part is therefore its exact
 * share rounded either down or up, never further off.
 *
 * This is what keeps shown percentages honest: rounding 17 / 16 / 16 articles one by one gives
 * 34.7 + 32.7 + 32.7 = 100.1; apportioning 1,000 tenths of a percent gives 34.7 + 32.7 + 32.6.
 */
export function apportion(weights: readonly number[], total: number): number[] {
  const clean = weights.map((weight) => (Number.isFinite(weight) && weight > 0 ? weight : 0));
  const sum = clean.reduce((acc, weight) => acc + weight, 0);
  if (sum <= 0 || total <= 0) return clean.map(() => 0);
  const exact = clean.map((weight) => (weight * total) / sum);
  // The epsilon keeps an exact share that floating point computes as 2.9999999 from losing a unit.
  const parts = exact.map((share) => Math.floor(share + 1e-9));
  let left = total - parts.reduce((acc, part) => acc + part, 0);
  const order = exact.map((share, index) => ({ index, remainder: share - parts[index]! })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** Shares of `counts` in percent, with `decimals` decimals, adding up to exactly 100 (all 0 when nothing is counted). */
export function percentShares(counts: readonly number[], decimals = 1): number[] {
  const scale = 10 ** decimals;
  return apportion(counts, 100 * scale).map((units) => units / scale);
}
