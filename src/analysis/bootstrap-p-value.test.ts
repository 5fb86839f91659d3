import { describe, expect, it } from 'vitest';

import { bootstrapPValue } from './bootstrap-p-value.js';

describe('bootstrapPValue', () => {
  it('gives 2 / (n + 1) when every difference is positive', () => {
    // No resample at or below 0: 2 × (0 + 1) / (n + 1).
    expect(bootstrapPValue([0.5, 1, 2, 3])).toBeCloseTo(2 / 5, 12);
    expect(bootstrapPValue(Array(1999).fill(4))).toBeCloseTo(2 / 2000, 12);
  });

  it('gives 2 / (n + 1) when every difference is negative', () => {
    expect(bootstrapPValue([-3, -1, -0.1])).toBeCloseTo(2 / 4, 12);
  });

  it('gives 1 for differences symmetric around 0', () => {
    // Two on each side: 2 × 3 / 5 = 1.2, capped at 1.
    expect(bootstrapPValue([-2, -1, 1, 2])).toBe(1);
    expect(bootstrapPValue([-1, 0, 1])).toBe(1);
  });

  it('gives 1 when every difference is 0', () => {
    expect(bootstrapPValue([0, 0, 0])).toBe(1);
  });

  it('counts zeros on both sides', () => {
    // One resample at or below 0 and four at or above it, so 2 × (1 + 1) / 5.
    expect(bootstrapPValue([0, 1, 1, 1])).toBeCloseTo(0.8, 12);
  });

  it('doubles the smaller share', () => {
    // One of ten below 0: 2 × (1 + 1) / 11.
    expect(bootstrapPValue([-1, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeCloseTo(4 / 11, 12);
  });

  it('ignores undefined resamples', () => {
    // Two defined, both positive: 2 / 3.
    expect(bootstrapPValue([null, 1, null, 2])).toBeCloseTo(2 / 3, 12);
  });

  it('returns null when no resample defines the difference', () => {
    expect(bootstrapPValue([])).toBeNull();
    expect(bootstrapPValue([null, null])).toBeNull();
    expect(bootstrapPValue(Float64Array.of(Number.NaN, Number.NaN))).toBeNull();
  });
});
