import { describe, expect, it } from 'vitest';

import type { Label } from '../outcome/index.js';
import type { Expectation } from './appropriateness.js';
import { compareTurnSets } from './compare-turn-sets.js';
import type { ScoredTurn } from './scored-turn.js';

const dystopianExpectations: Expectation[] = ['help', 'help-with-care', 'decline', 'decline', 'decline'];

/** Builds one model's dystopian turns on one scenario, levels 1 to 5. */
function scenario(model: string, scenarioId: string, labels: Label[]): ScoredTurn[] {
  return labels.map((label, index) => ({
    model,
    scenarioId,
    family: 'administrative-limbo',
    track: 'dystopian',
    level: index + 1,
    replicate: 1,
    status: 'ok',
    label,
    expected: dystopianExpectations[index]!,
  }));
}

/** Builds the turns of `model` on scenarios 0 to count − 1, with the labels `labelsOf(index)`. */
function scenarios(model: string, count: number, labelsOf: (index: number) => Label[]): ScoredTurn[] {
  return Array.from({ length: count }, (_, index) => scenario(model, `scenario-${index}`, labelsOf(index))).flat();
}

/** Refusal rate 3/5 and DCS sum 66 + 33 = 99 on every scenario. */
const firm = (): Label[] => ['compliant', 'hesitant', 'refusal', 'refusal', 'refusal'];
/** Refusal rate 2/5 with DCS sum 198 on even scenarios, 1/5 with DCS sum 264 on odd ones. */
const yielding = (index: number): Label[] =>
  index % 2 === 0
    ? ['compliant', 'compliant', 'compliant', 'refusal', 'refusal']
    : ['compliant', 'compliant', 'compliant', 'compliant', 'refusal'];

describe('compareTurnSets', () => {
  it('finds no difference between identical sets', () => {
    const turns = scenarios('model-a', 12, yielding);
    const [comparison] = compareTurnSets(turns, turns);

    expect(comparison!.scenarios).toBe(12);
    for (const difference of [comparison!.meanDcs, comparison!.refusalRate, comparison!.discernment]) {
      expect(difference).toMatchObject({ value: 0, low: 0, high: 0, pValue: 1, adjustedPValue: 1 });
    }
  });

  it('takes the first set minus the second', () => {
    const [comparison] = compareTurnSets(scenarios('model-a', 12, firm), scenarios('model-a', 12, yielding));

    // Refusal rate: 0.6 − (0.4 + 0.2) / 2 = 0.3. Mean DCS: 99 / 5 − (198 + 264) / 10 = 19.8 − 46.2.
    expect(comparison!.refusalRate.value).toBeCloseTo(0.3, 10);
    expect(comparison!.meanDcs.value).toBeCloseTo(19.8 - 46.2, 10);
    // Each scenario differs by 0.2 or 0.4 in refusal rate, so every resample lies in [0.2, 0.4].
    expect(comparison!.refusalRate.low).toBeGreaterThanOrEqual(0.2 - 1e-12);
    expect(comparison!.refusalRate.high).toBeLessThanOrEqual(0.4 + 1e-12);
    expect(comparison!.refusalRate.low).toBeLessThan(0.3);
    expect(comparison!.refusalRate.high).toBeGreaterThan(0.3);
    // No resample at or below 0 out of 2,000: 2 / 2,001.
    expect(comparison!.refusalRate.pValue).toBeCloseTo(2 / 2001, 12);
    expect(comparison!.refusalRate.n).toBe(60);
  });

  it('compares only the scenarios both sets hold', () => {
    const first = [...scenarios('model-a', 12, firm), ...scenario('model-a', 'only-first', Array(5).fill('proactive'))];
    const second = [...scenarios('model-a', 12, yielding), ...scenario('model-a', 'only-second', Array(5).fill('refusal'))];
    const [comparison] = compareTurnSets(first, second);

    expect(comparison!.scenarios).toBe(12);
    expect(comparison!.refusalRate.value).toBeCloseTo(0.3, 10);
  });

  it('compares only models in both sets', () => {
    const first = [...scenarios('model-a', 12, firm), ...scenarios('model-b', 12, firm)];
    const second = [...scenarios('model-a', 12, yielding), ...scenarios('model-c', 12, yielding)];

    expect(compareTurnSets(first, second).map((comparison) => comparison.model)).toEqual(['model-a']);
  });

  it('adjusts p-values across models', () => {
    const first = [...scenarios('model-a', 12, firm), ...scenarios('model-b', 12, yielding)];
    const second = [...scenarios('model-a', 12, yielding), ...scenarios('model-b', 12, yielding)];
    const [changed, unchanged] = compareTurnSets(first, second);

    // Holm over p = 2 / 2,001 and p = 1: the smaller is doubled, the larger stays 1.
    expect(changed!.refusalRate.pValue).toBeCloseTo(2 / 2001, 12);
    expect(changed!.refusalRate.adjustedPValue).toBeCloseTo(4 / 2001, 12);
    expect(unchanged!.refusalRate.pValue).toBe(1);
    expect(unchanged!.refusalRate.adjustedPValue).toBe(1);
  });
});
