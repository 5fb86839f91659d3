import { describe, expect, it } from 'vitest';

import { createRandom } from './create-random.js';

function draws(seed: number, count: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random());
}

describe('createRandom', () => {
  it('matches the mulberry32 reference output', () => {
    // From an independent Python implementation of mulberry32 with unsigned 32-bit arithmetic.
    expect(draws(1, 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    expect(draws(42, 3)).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it('repeats its sequence for the same seed', () => {
    expect(draws(7, 100)).toEqual(draws(7, 100));
  });

  it('differs between seeds', () => {
    expect(draws(7, 10)).not.toEqual(draws(8, 10));
  });

  it('reduces the seed to 32 bits', () => {
    expect(draws(2 ** 32 + 1, 5)).toEqual(draws(1, 5));
  });

  it('stays in [0, 1)', () => {
    for (const value of draws(0, 10_000)) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('spreads evenly over ten bins', () => {
    const count = 100_000;
    const bins = new Array<number>(10).fill(0);
    for (const value of draws(3, count)) bins[Math.floor(value * 10)]!++;
    const expected = count / 10;
    const chiSquare = bins.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);

    // 27.88 is the 99.9 % quantile of chi-square with 9 degrees of freedom.
    expect(chiSquare).toBeLessThan(27.88);
  });
});
