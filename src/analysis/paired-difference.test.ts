import { describe, expect, it } from 'vitest';

import type { Figure } from './figure.js';
import { pairedDifference } from './paired-difference.js';

/** Mean DCS from sums laid out as [DCS sum, scored turns]. */
const meanDcs: Figure = {
  name: 'meanDcs',
  value: (sums) => (sums[1] === 0 ? null : sums[0]! / sums[1]!),
  count: (sums) => sums[1]!,
  positions: [0, 1],
};

function sumsByScenario(entries: [string, number, number][]): Map<string, Float64Array> {
  return new Map(entries.map(([scenario, dcs, scored]) => [scenario, Float64Array.of(dcs, scored)]));
}

describe('pairedDifference', () => {
  it('uses only the scenarios both sides have', () => {
    const first = sumsByScenario([
      ['s1', 66, 1],
      ['s2', 0, 1],
      ['s3', 33, 1],
      ['s4', 100, 1],
    ]);
    const second = sumsByScenario([
      ['s1', 33, 1],
      ['s2', 0, 1],
      ['s3', 0, 1],
      ['s5', 100, 1],
    ]);
    const { scenarios, differences } = pairedDifference({ first, second, width: 2, figures: [meanDcs], options: {} });

    // Over s1 to s3: (66 + 0 + 33) / 3 − (33 + 0 + 0) / 3 = 33 − 11.
    expect(scenarios).toBe(3);
    expect(differences[0]!.value).toBeCloseTo(22, 10);
    expect(differences[0]!.n).toBe(3);
  });

  it('cancels what paired scenarios share', () => {
    // Scenario means range from 0 to 99, but the first side is 33 above the second on each: every resample differs by 33.
    const second = sumsByScenario(Array.from({ length: 12 }, (_, index): [string, number, number] => [`s${index}`, (index % 3) * 66, 2]));
    const first = sumsByScenario([...second].map(([scenario, sums]): [string, number, number] => [scenario, sums[0]! + 66, 2]));
    const [difference] = pairedDifference({ first, second, width: 2, figures: [meanDcs], options: {} }).differences;

    expect(difference!.value).toBeCloseTo(33, 10);
    expect(difference!.low).toBeCloseTo(33, 10);
    expect(difference!.high).toBeCloseTo(33, 10);
    // No resample at or below 0 out of 2,000: 2 / 2,001.
    expect(difference!.pValue).toBeCloseTo(2 / 2001, 12);
  });

  it('finds no difference between identical sides', () => {
    const sides = sumsByScenario(Array.from({ length: 12 }, (_, index): [string, number, number] => [`s${index}`, index * 10, 3]));
    const [difference] = pairedDifference({ first: sides, second: sides, width: 2, figures: [meanDcs], options: {} }).differences;

    expect(difference).toEqual({ value: 0, low: 0, high: 0, n: 36, pValue: 1, adjustedPValue: null });
  });

  it('returns null without shared scenarios', () => {
    const first = sumsByScenario([['s1', 66, 1]]);
    const second = sumsByScenario([['s2', 0, 1]]);
    const { scenarios, differences } = pairedDifference({ first, second, width: 2, figures: [meanDcs], options: {} });

    expect(scenarios).toBe(0);
    expect(differences[0]).toEqual({ value: null, low: null, high: null, n: 0, pValue: null, adjustedPValue: null });
  });

  it('takes the smaller count of the two sides', () => {
    const first = sumsByScenario([
      ['s1', 66, 2],
      ['s2', 0, 1],
    ]);
    const second = sumsByScenario([
      ['s1', 33, 1],
      ['s2', 0, 1],
    ]);
    const [difference] = pairedDifference({ first, second, width: 2, figures: [meanDcs], options: {} }).differences;

    // First: 66 / 3 = 22 over 3 turns. Second: 33 / 2 = 16.5 over 2 turns.
    expect(difference!.value).toBeCloseTo(5.5, 10);
    expect(difference!.n).toBe(2);
  });
});
