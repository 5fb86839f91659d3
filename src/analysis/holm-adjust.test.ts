import { describe, expect, it } from 'vitest';

import { holmAdjust } from './holm-adjust.js';

function expectCloseTo(actual: (number | null)[], expected: (number | null)[]): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, index) => {
    if (value === null) expect(actual[index]).toBeNull();
    else expect(actual[index]).toBeCloseTo(value, 12);
  });
}

describe('holmAdjust', () => {
  it('matches R p.adjust with method holm', () => {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") gives 0.03 0.06 0.06 0.02. By hand, in ascending order:
    // 0.005 × 4 = 0.02, 0.01 × 3 = 0.03, 0.03 × 2 = 0.06, 0.04 × 1 = 0.04 raised to the running maximum 0.06.
    expectCloseTo(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
  });

  it('keeps nulls and leaves them out of the count', () => {
    // Two p-values count: 0.01 × 2 = 0.02 and 0.04 × 1 = 0.04.
    expectCloseTo(holmAdjust([null, 0.04, null, 0.01]), [null, 0.04, null, 0.02]);
  });

  it('caps adjusted values at 1', () => {
    // 0.3 × 3 = 0.9, 0.5 × 2 = 1.0, 0.6 × 1 = 0.6 raised to 1.
    expectCloseTo(holmAdjust([0.6, 0.3, 0.5]), [1, 0.9, 1]);
    expectCloseTo(holmAdjust([0.8, 0.9]), [1, 1]);
  });

  it('keeps the order of the raw p-values', () => {
    const raw = [0.2, 0.001, 0.04, 0.011, 0.03, 0.5, 0.012];
    const adjusted = holmAdjust(raw) as number[];
    const byRaw = raw.map((value, index) => ({ value, adjusted: adjusted[index]! })).sort((a, b) => a.value - b.value);

    for (let index = 1; index < byRaw.length; index++) expect(byRaw[index]!.adjusted).toBeGreaterThanOrEqual(byRaw[index - 1]!.adjusted);
    raw.forEach((value, index) => expect(adjusted[index]).toBeGreaterThanOrEqual(value));
  });

  it('gives tied p-values the same adjusted value', () => {
    // 0.02 × 2 = 0.04 for the first of the tie, and the running maximum keeps 0.04 for the second.
    expectCloseTo(holmAdjust([0.02, 0.02]), [0.04, 0.04]);
  });

  it('leaves a single p-value unchanged', () => {
    expect(holmAdjust([0.037])).toEqual([0.037]);
  });

  it('returns an empty list for no p-values', () => {
    expect(holmAdjust([])).toEqual([]);
    expect(holmAdjust([null])).toEqual([null]);
  });
});
