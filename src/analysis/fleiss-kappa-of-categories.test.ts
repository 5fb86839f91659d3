import { describe, expect, it } from 'vitest';

import { fleissKappaOfCategories } from './fleiss-kappa-of-categories.js';

/** Expands a subjects × categories table of rater counts into one row of category indexes per subject. */
function rowsFromCounts(counts: readonly (readonly number[])[]): number[][] {
  return counts.map((row) => row.flatMap((count, category) => Array.from({ length: count }, () => category)));
}

// The worked example of Wikipedia's "Fleiss' kappa" article (section "Worked example"): 14 raters put each of
// 10 subjects into one of 5 categories, and the published kappa is 0.210 to three decimals.
const wikipediaCounts = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappaOfCategories', () => {
  it('matches the Wikipedia worked example', () => {
    const result = fleissKappaOfCategories(rowsFromCounts(wikipediaCounts));

    expect(result.rows).toBe(10);
    expect(result.leftOut).toBe(0);
    expect(result.kappa).toBeCloseTo(0.21, 3);
    // Exactly: Σ n_ij² = 828, so P̄ = (828 − 140) / (140 * 13) = 172/455. The category totals are 20, 28, 39, 21 and 32,
    // so P_e = (400 + 784 + 1521 + 441 + 1024) / 140² = 417/1960, and kappa = (172/455 − 417/1960) / (1 − 417/1960) = 4211/20059.
    expect(result.kappa).toBeCloseTo(4211 / 20059, 12);
  });

  it('gives 1 for perfect agreement', () => {
    // P̄ = 1 and P_e = (6² + 3²) / 9² = 45/81, so kappa = (36/81) / (36/81) = 1.
    const result = fleissKappaOfCategories([
      [0, 0, 0],
      [2, 2, 2],
      [0, 0, 0],
    ]);

    expect(result.kappa).toBeCloseTo(1, 12);
    expect(result.rows).toBe(3);
  });

  it('gives -1 for two judges who always disagree', () => {
    // P̄ = 0 and P_e = (2² + 2²) / 4² = 0.5, so kappa = −0.5 / 0.5 = −1.
    const result = fleissKappaOfCategories([
      [0, 1],
      [1, 0],
    ]);

    expect(result.kappa).toBeCloseTo(-1, 12);
  });

  it('leaves out rows with a missing rating', () => {
    const complete = rowsFromCounts(wikipediaCounts);
    const withGaps = [...complete, [null, ...complete[0]!.slice(1)], Array.from({ length: 14 }, () => null)];

    const result = fleissKappaOfCategories(withGaps);

    expect(result.rows).toBe(10);
    expect(result.leftOut).toBe(2);
    expect(result.kappa).toBe(fleissKappaOfCategories(complete).kappa);
  });

  it('compares categories only for equality', () => {
    // Swapping categories 0 and 4 and moving 2 to 9 leaves every count in place.
    const renamed = rowsFromCounts(wikipediaCounts).map((row) => row.map((category) => [4, 1, 9, 3, 0][category]!));

    expect(fleissKappaOfCategories(renamed).kappa).toBeCloseTo(4211 / 20059, 12);
  });

  it('ignores the order of rows and judges', () => {
    const rows = rowsFromCounts(wikipediaCounts);
    const shuffled = [...rows].reverse().map((row) => [...row].reverse());

    expect(fleissKappaOfCategories(shuffled).kappa).toBeCloseTo(fleissKappaOfCategories(rows).kappa!, 12);
  });

  it('returns null kappa for one shared category', () => {
    // P̄ = 1 and P_e = 1, so kappa is 0/0.
    const result = fleissKappaOfCategories([
      [1, 1],
      [1, 1],
    ]);

    expect(result.kappa).toBeNull();
    expect(result.rows).toBe(2);
  });

  it('returns null kappa for one judge', () => {
    const result = fleissKappaOfCategories([[0], [1], [null]]);

    expect(result.kappa).toBeNull();
    expect(result.rows).toBe(2);
    expect(result.leftOut).toBe(1);
  });

  it('returns null kappa without a complete row', () => {
    const result = fleissKappaOfCategories([
      [0, null],
      [null, 1],
    ]);

    expect(result).toEqual({ kappa: null, rows: 0, leftOut: 2 });
  });

  it('returns null kappa for no rows', () => {
    expect(fleissKappaOfCategories([])).toEqual({ kappa: null, rows: 0, leftOut: 0 });
  });

  it('rejects rows of different lengths', () => {
    expect(() => fleissKappaOfCategories([[0, 1], [0]])).toThrow(
      'Invalid ratings: row 1 has 1 entries but row 0 has 2. Give every row one entry per judge, with null where a judge gave no label.',
    );
  });

  it('rejects a category that is not a non-negative integer', () => {
    expect(() => fleissKappaOfCategories([[0, 1.5]])).toThrow(
      'Invalid category in row 0, column 1: expected a non-negative integer or null, got 1.5.',
    );
    expect(() => fleissKappaOfCategories([[0, -1]])).toThrow('got -1.');
    expect(() => fleissKappaOfCategories([[0, Number.NaN]])).toThrow('got NaN.');
  });
});
