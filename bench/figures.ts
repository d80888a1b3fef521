/** Nearest-rank percentile (p in 0–100) of timing samples. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Two decimals: enough for milliseconds, without float noise in the JSON. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
