import { describe, expect, it } from 'vitest';

import { fleissKappaOfCategories } from './fleiss-kappa-of-categories.js';
import { krippendorffAlphaOfCategories } from './krippendorff-alpha-of-categories.js';

/** Turns reliability data laid out as in the literature (one line per observer) into one row per unit. */
function unitsFromObservers(observers: readonly (readonly (number | null)[])[]): (number | null)[][] {
  return observers[0]!.map((_, unit) => observers.map((values) => values[unit]!));
}

/** A missing value in the tables below, printed as "." in the literature. */
const _ = null;

// Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", University of Pennsylvania: 4 observers
// (A to D) code 12 units with values 1 to 5, with missing values, and unit 12 has one value, which cannot be paired.
// Section C gives nominal alpha 0.743 for this data, and section D gives ordinal alpha 0.815 for the same data.
const krippendorffNote = unitsFromObservers([
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]);

// Wikipedia's "Krippendorff's alpha" article, section "A computational example": 3 coders and 15 units with values
// 1 to 4. Unit 1 has one value, and units 2 and 14 have none. The article gives nominal alpha 0.691.
const wikipediaExample = unitsFromObservers([
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
]);

describe('krippendorffAlphaOfCategories', () => {
  it('matches the nominal example of Krippendorff (2011)', () => {
    const result = krippendorffAlphaOfCategories(krippendorffNote, { level: 'nominal' });

    expect(result.rows).toBe(11);
    expect(result.pairable).toBe(40);
    expect(result.alpha).toBeCloseTo(0.743, 3);
    // Exactly: the coincidence matrix has diagonal 7, 10, 8, 4, 3 and marginals 9, 13, 10, 5, 3 (n = 40), so
    // alpha = 1 − (40 − 1)(40 − 32) / (40² − (81 + 169 + 100 + 25 + 9)) = 1 − 312/1216 = 113/152.
    expect(result.alpha).toBeCloseTo(113 / 152, 12);
  });

  it('matches the ordinal example of Krippendorff (2011)', () => {
    const result = krippendorffAlphaOfCategories(krippendorffNote, { level: 'ordinal' });

    expect(result.rows).toBe(11);
    expect(result.pairable).toBe(40);
    expect(result.alpha).toBeCloseTo(0.815, 3);
  });

  it('matches the Wikipedia computational example', () => {
    const result = krippendorffAlphaOfCategories(wikipediaExample, { level: 'nominal' });

    expect(result.rows).toBe(12);
    expect(result.pairable).toBe(26);
    expect(result.alpha).toBeCloseTo(0.691, 3);
  });

  it('matches Fleiss kappa on complete rows', () => {
    // Without missing values, alpha's observed agreement is Fleiss' P̄, and its expected disagreement is (1 − P_e) n / (n − 1).
    // Hence 1 − alpha = (1 − kappa)(n − 1) / n, so alpha = kappa + (1 − kappa) / n.
    const rows = [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 0],
      [0, 1, 2],
      [2, 2, 2],
    ];
    const kappa = fleissKappaOfCategories(rows).kappa!;

    const result = krippendorffAlphaOfCategories(rows, { level: 'nominal' });

    expect(result.pairable).toBe(15);
    expect(result.alpha).toBeCloseTo(kappa + (1 - kappa) / 15, 12);
  });

  it('gives 1 for perfect agreement', () => {
    const rows = [
      [0, 0, null],
      [3, 3, 3],
      [1, null, 1],
    ];

    expect(krippendorffAlphaOfCategories(rows, { level: 'nominal' }).alpha).toBeCloseTo(1, 12);
    expect(krippendorffAlphaOfCategories(rows, { level: 'ordinal' }).alpha).toBeCloseTo(1, 12);
  });

  it('equals nominal for two categories', () => {
    // With two categories the only ordinal difference is (n_1 + n_2 − (n_1 + n_2) / 2)², a constant that cancels.
    const rows = [
      [0, 1, 1],
      [1, 1, null],
      [0, 0, 0],
      [1, 0, null],
    ];

    const nominal = krippendorffAlphaOfCategories(rows, { level: 'nominal' }).alpha!;

    expect(krippendorffAlphaOfCategories(rows, { level: 'ordinal' }).alpha).toBeCloseTo(nominal, 12);
  });

  it('ignores gaps between category indexes', () => {
    // Unused categories have n_g = 0, so spreading the values 1 to 5 out to 2, 4, ..., 10 keeps every ordinal difference.
    const spread = krippendorffNote.map((row) => row.map((category) => (category === null ? null : 2 * category)));

    expect(krippendorffAlphaOfCategories(spread, { level: 'ordinal' }).alpha).toBeCloseTo(
      krippendorffAlphaOfCategories(krippendorffNote, { level: 'ordinal' }).alpha!,
      12,
    );
  });

  it('ignores the order of rows and judges', () => {
    const shuffled = [...krippendorffNote].reverse().map((row) => [...row].reverse());

    for (const level of ['nominal', 'ordinal'] as const) {
      expect(krippendorffAlphaOfCategories(shuffled, { level }).alpha).toBeCloseTo(
        krippendorffAlphaOfCategories(krippendorffNote, { level }).alpha!,
        12,
      );
    }
  });

  it('leaves out rows with fewer than two values', () => {
    const withLoneValues = [...krippendorffNote, [5, null, null, null], [null, null, null, null]];

    const result = krippendorffAlphaOfCategories(withLoneValues, { level: 'nominal' });

    expect(result.rows).toBe(11);
    expect(result.pairable).toBe(40);
    expect(result.alpha).toBeCloseTo(113 / 152, 12);
  });

  it('returns null alpha for one shared category', () => {
    // Every pairable value is 2, so observed and expected disagreement are both 0.
    const result = krippendorffAlphaOfCategories(
      [
        [2, 2],
        [2, null],
        [2, 2],
        [0, null],
      ],
      { level: 'ordinal' },
    );

    expect(result).toEqual({ alpha: null, rows: 2, pairable: 4 });
  });

  it('returns null alpha without a pairable row', () => {
    const result = krippendorffAlphaOfCategories(
      [
        [0, null],
        [null, 1],
      ],
      { level: 'nominal' },
    );

    expect(result).toEqual({ alpha: null, rows: 0, pairable: 0 });
  });

  it('returns null alpha for no rows', () => {
    expect(krippendorffAlphaOfCategories([], { level: 'nominal' })).toEqual({ alpha: null, rows: 0, pairable: 0 });
  });

  it('rejects an unknown level', () => {
    expect(() => krippendorffAlphaOfCategories([[0, 1]], { level: 'interval' as 'nominal' })).toThrow(
      'Invalid level: expected one of nominal, ordinal, got "interval".',
    );
  });

  it('rejects rows of different lengths', () => {
    expect(() => krippendorffAlphaOfCategories([[0, 1], [0]], { level: 'nominal' })).toThrow(
      'Invalid ratings: row 1 has 1 entries but row 0 has 2.',
    );
  });

  it('rejects a category that is not a non-negative integer', () => {
    expect(() => krippendorffAlphaOfCategories([[0, '1' as unknown as number]], { level: 'nominal' })).toThrow(
      'Invalid category in row 0, column 1: expected a non-negative integer or null, got "1".',
    );
  });
});
