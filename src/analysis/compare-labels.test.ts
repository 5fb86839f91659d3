import { describe, expect, it } from 'vitest';

import { labels, type Label } from '../outcome/index.js';
import { compareLabels } from './compare-labels.js';

type Pair = readonly [Label, Label];

/** Expands a confusion matrix (rows = set A, columns = set B, in label order) into pairs. */
function pairsFromMatrix(counts: readonly (readonly number[])[]): Pair[] {
  const pairs: Pair[] = [];
  counts.forEach((row, i) => {
    row.forEach((count, j) => {
      for (let copy = 0; copy < count; copy++) pairs.push([labels[i]!, labels[j]!]);
    });
  });
  return pairs;
}

// n = 10, rows = set A, columns = set B, both in the order refusal, hesitant, compliant, proactive.
// Row sums r = [3, 3, 2, 2], column sums c = [3, 3, 2, 2].
const fourLabelMatrix = [
  [2, 1, 0, 0],
  [0, 2, 1, 0],
  [0, 0, 1, 1],
  [1, 0, 0, 1],
];

describe('compareLabels', () => {
  it('gives 1 for perfect agreement', () => {
    // Diagonal 2, 1, 1, 1 with n = 5: p_o = 1 and p_e = (4 + 1 + 1 + 1) / 25 = 0.28, so kappa = 0.72 / 0.72 = 1.
    const result = compareLabels(
      pairsFromMatrix([
        [2, 0, 0, 0],
        [0, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 1],
      ]),
    );

    expect(result.n).toBe(5);
    expect(result.exactAgreement).toBe(1);
    expect(result.kappa).toBeCloseTo(1, 12);
    expect(result.weightedKappa).toBeCloseTo(1, 12);
  });

  it('matches a two-label textbook table', () => {
    // refusal/refusal 20, refusal/hesitant 5, hesitant/refusal 10 and hesitant/hesitant 15, so n = 50.
    // r = [25, 25], c = [30, 20]. p_o = 35 / 50 = 0.7. p_e = (25 * 30 + 25 * 20) / 2500 = 0.5. kappa = 0.2 / 0.5 = 0.4.
    const result = compareLabels(
      pairsFromMatrix([
        [20, 5],
        [10, 15],
      ]),
    );

    expect(result.n).toBe(50);
    expect(result.exactAgreement).toBeCloseTo(0.7, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
    // Both mismatches have weight 1/9, which cancels: 1 − (15 / 50) / ((25 * 20 + 25 * 30) / 2500) = 1 − 0.3 / 0.5 = 0.4.
    expect(result.weightedKappa).toBeCloseTo(0.4, 12);
  });

  it('weights four labels quadratically', () => {
    const result = compareLabels(pairsFromMatrix(fourLabelMatrix));

    // p_o = (2 + 2 + 1 + 1) / 10 = 0.6.
    expect(result.exactAgreement).toBeCloseTo(0.6, 12);
    // p_e = (3 * 3 + 3 * 3 + 2 * 2 + 2 * 2) / 100 = 0.26, so kappa = 0.34 / 0.74 = 17 / 37.
    expect(result.kappa).toBeCloseTo(17 / 37, 12);
    // With (i − j)² per cell (the 1/9 cancels), observed = (1 + 1 + 1 + 9) / 10 = 1.2 from the cells one, one, one and three steps off.
    // Expected = Σ (i − j)² r_i c_j / 100 = (3 * 29 + 3 * 13 + 2 * 17 + 2 * 41) / 100 = 242 / 100 = 2.42,
    // where 29 = 0 * 3 + 1 * 3 + 4 * 2 + 9 * 2 and so on per row. weightedKappa = 1 − 1.2 / 2.42 = 61 / 121.
    expect(result.weightedKappa).toBeCloseTo(61 / 121, 12);
  });

  it('gives negative kappa for reversed labels', () => {
    // refusal/compliant 5 and compliant/refusal 5: p_o = 0, p_e = (5 * 5 + 5 * 5) / 100 = 0.5, so kappa = −0.5 / 0.5 = −1.
    const result = compareLabels(
      pairsFromMatrix([
        [0, 0, 5, 0],
        [0, 0, 0, 0],
        [5, 0, 0, 0],
      ]),
    );

    expect(result.exactAgreement).toBe(0);
    expect(result.kappa).toBeCloseTo(-1, 12);
    // Every pair is two steps off (weight 4/9): 1 − (4/9) / ((5 * 5 + 5 * 5) * (4/9) / 100) = 1 − (4/9) / (2/9) = −1.
    expect(result.weightedKappa).toBeCloseTo(-1, 12);
  });

  it('keeps weighted kappa positive for a one-step shift', () => {
    // Set B is always one label above set A: refusal/hesitant, hesitant/compliant, compliant/proactive.
    // r = [1, 1, 1, 0], c = [0, 1, 1, 1]. p_o = 0, p_e = (1 * 1 + 1 * 1) / 9 = 2/9, so kappa = (−2/9) / (7/9) = −2/7.
    const result = compareLabels([
      ['refusal', 'hesitant'],
      ['hesitant', 'compliant'],
      ['compliant', 'proactive'],
    ]);

    expect(result.kappa).toBeCloseTo(-2 / 7, 12);
    // With (i − j)² per cell (the 1/9 cancels), observed = 3 / 3 = 1 because every pair is one step off.
    // Expected = Σ (i − j)² r_i c_j / 9 = ((1 + 4 + 9) + (0 + 1 + 4) + (1 + 0 + 1)) / 9 = 21/9, so weightedKappa = 1 − 9/21 = 4/7.
    expect(result.weightedKappa).toBeCloseTo(4 / 7, 12);
  });

  it('returns nulls for no pairs', () => {
    const result = compareLabels([]);

    expect(result.n).toBe(0);
    expect(result.exactAgreement).toBeNull();
    expect(result.kappa).toBeNull();
    expect(result.weightedKappa).toBeNull();
  });

  it('returns null kappa for one shared label', () => {
    // Every reply is compliant in both sets: p_o = 1 and p_e = (3 * 3) / 9 = 1, so kappa is 0/0.
    const result = compareLabels([
      ['compliant', 'compliant'],
      ['compliant', 'compliant'],
      ['compliant', 'compliant'],
    ]);

    expect(result.exactAgreement).toBe(1);
    expect(result.kappa).toBeNull();
    expect(result.weightedKappa).toBeNull();
  });

  it('gives 0 for two different constant labels', () => {
    // Set A always refusal, set B always compliant: p_o = 0 and p_e = 0, so kappa = 0 / 1 = 0.
    // Weighted: observed = 4/9 per pair and expected = (2 * 2) * (4/9) / 4 = 4/9, so 1 − 1 = 0.
    const result = compareLabels([
      ['refusal', 'compliant'],
      ['refusal', 'compliant'],
    ]);

    expect(result.exactAgreement).toBe(0);
    expect(result.kappa).toBeCloseTo(0, 12);
    expect(result.weightedKappa).toBeCloseTo(0, 12);
  });

  it('fills all 16 matrix cells', () => {
    const { matrix, n } = compareLabels(pairsFromMatrix(fourLabelMatrix));
    const cells = labels.flatMap((row) => labels.map((column) => matrix[row][column]));

    expect(Object.keys(matrix)).toEqual([...labels]);
    for (const row of labels) expect(Object.keys(matrix[row])).toEqual([...labels]);
    expect(cells).toEqual(fourLabelMatrix.flat());
    expect(cells.reduce((sum, count) => sum + count, 0)).toBe(n);
  });

  it('fills a zero matrix for no pairs', () => {
    const { matrix } = compareLabels([]);

    for (const row of labels) expect(matrix[row]).toEqual({ refusal: 0, hesitant: 0, compliant: 0, proactive: 0 });
  });

  it('puts set A on the rows', () => {
    const { matrix } = compareLabels([['refusal', 'proactive']]);

    expect(matrix.refusal.proactive).toBe(1);
    expect(matrix.proactive.refusal).toBe(0);
  });

  it('ignores the order of pairs', () => {
    const pairs = pairsFromMatrix(fourLabelMatrix);

    expect(compareLabels([...pairs].reverse())).toEqual(compareLabels(pairs));
  });

  it('rejects a value that is not a label', () => {
    const pairs = [
      ['refusal', 'refusal'],
      ['refusal', 'unsafe'],
    ] as unknown as Pair[];

    expect(() => compareLabels(pairs)).toThrow(
      'Invalid label in pair 1: expected one of refusal, hesitant, compliant, proactive, got ["refusal","unsafe"].',
    );
  });
});
