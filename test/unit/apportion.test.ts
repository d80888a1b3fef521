import { describe, expect, it } from 'vitest';
import { apportion, percentShares } from '../../src/core/apportion.js';

describe('largest-remainder apportionment', () => {
  it('makes 17 / 16 / 16 read 34.7 / 32.7 / 32.6, not 34.7 / 32.7 / 32.7 (= 100.1)', () => {
    expect(percentShares([17, 16, 16])).toEqual([34.7, 32.7, 32.6]);
  });

  it('always adds up to the total, with every part its exact share rounded down or up', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 2_000; trial += 1) {
      const weights = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 50));
      const total = 1 + Math.floor(random() * 1_000);
      const parts = apportion(weights, total);
      const sum = weights.reduce((acc, weight) => acc + weight, 0);
      if (sum === 0) {
        expect(parts.every((part) => part === 0)).toBe(true);
        continue;
      }
      expect(parts.reduce((acc, part) => acc + part, 0)).toBe(total);
      parts.forEach((part, index) => {
        const exact = (weights[index]! * total) / sum;
        expect(part).toBeGreaterThanOrEqual(Math.floor(exact + 1e-9));
        expect(part).toBeLessThanOrEqual(Math.ceil(exact - 1e-9));
      });
    }
  });

  it('keeps exact shares exact and gives nothing to empty parts', () => {
    expect(percentShares([1, 1, 2])).toEqual([25, 25, 50]);
    expect(percentShares([3, 0, 0])).toEqual([100, 0, 0]);
    expect(apportion([1, 1, 1], 3)).toEqual([1, 1, 1]);
  });

  it('is deterministic on ties (the earlier part gets the unit)', () => {
    expect(apportion([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(apportion([1, 1, 1], 2)).toEqual(apportion([1, 1, 1], 2));
  });

  it('returns zeros when nothing is counted, not NaN', () => {
    expect(percentShares([0, 0, 0])).toEqual([0, 0, 0]);
    expect(percentShares([])).toEqual([]);
  });
});
