import { describe, expect, it } from 'vitest';

import type { Label } from '../outcome/index.js';
import { estimateAgreement } from './estimate-agreement.js';

type Pair = readonly [Label, Label];

function byScenario(scenarios: Pair[][]): Map<string, Pair[]> {
  return new Map(scenarios.map((pairs, index) => [`scenario-${index}`, pairs]));
}

const agreed: Pair[] = [
  ['refusal', 'refusal'],
  ['compliant', 'compliant'],
];
const crossed: Pair[] = [
  ['refusal', 'compliant'],
  ['compliant', 'refusal'],
];

describe('estimateAgreement', () => {
  it('matches a hand-computed kappa', () => {
    // 20 pairs: 16 on the diagonal, and every row and column sum is 10 for refusal and compliant.
    // p_o = 16/20 = 0.8 and p_e = 0.5² + 0.5² = 0.5, so kappa = (0.8 − 0.5) / 0.5 = 0.6. With the quadratic weight
    // (2 − 0)² / 9 on both off-diagonal cells, weighted kappa = 1 − (4/9 × 4/20) / (4/9 × 0.5) = 0.6 too.
    const estimate = estimateAgreement(byScenario([...Array(8).fill(agreed), crossed, crossed]));

    expect(estimate.n).toBe(20);
    expect(estimate.exactAgreement).toBeCloseTo(0.8, 12);
    expect(estimate.kappa).toBeCloseTo(0.6, 12);
    expect(estimate.weightedKappa).toBeCloseTo(0.6, 12);
    expect(estimate.matrix.refusal.compliant).toBe(2);
  });

  it('puts each point value inside its interval', () => {
    const estimate = estimateAgreement(
      byScenario([
        ...Array(8).fill(agreed),
        crossed,
        crossed,
        [
          ['hesitant', 'compliant'],
          ['proactive', 'proactive'],
        ],
        [
          ['hesitant', 'hesitant'],
          ['compliant', 'proactive'],
        ],
      ]),
    );
    const pairs = [
      [estimate.exactAgreement, estimate.exactAgreementInterval],
      [estimate.kappa, estimate.kappaInterval],
      [estimate.weightedKappa, estimate.weightedKappaInterval],
    ] as const;

    for (const [value, interval] of pairs) {
      expect(interval.low).toBeLessThanOrEqual(value!);
      expect(interval.high).toBeGreaterThanOrEqual(value!);
      expect(interval.high).toBeGreaterThan(interval.low!);
    }
  });

  it('gives kappa 1 for perfect agreement', () => {
    // Every scenario contains two labels, so every resample has p_e < 1 and kappa 1.
    const estimate = estimateAgreement(byScenario(Array(10).fill(agreed)));

    expect(estimate.kappa).toBe(1);
    expect(estimate.weightedKappa).toBe(1);
    expect(estimate.exactAgreement).toBe(1);
    expect(estimate.kappaInterval).toEqual({ low: 1, high: 1 });
    expect(estimate.weightedKappaInterval).toEqual({ low: 1, high: 1 });
    expect(estimate.exactAgreementInterval).toEqual({ low: 1, high: 1 });
  });

  it('returns null kappa for one shared label', () => {
    // p_e = 1, so kappa is 0/0 while exact agreement is 1.
    const same: Pair[] = [['refusal', 'refusal']];
    const estimate = estimateAgreement(byScenario(Array(10).fill(same)));

    expect(estimate.kappa).toBeNull();
    expect(estimate.kappaInterval).toEqual({ low: null, high: null });
    expect(estimate.exactAgreementInterval).toEqual({ low: 1, high: 1 });
  });

  it('returns null without pairs', () => {
    const estimate = estimateAgreement(new Map());

    expect(estimate.n).toBe(0);
    expect(estimate.kappa).toBeNull();
    expect(estimate.kappaInterval).toEqual({ low: null, high: null });
    expect(estimate.exactAgreementInterval).toEqual({ low: null, high: null });
  });
});
