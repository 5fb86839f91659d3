import { beforeAll, describe, expect, it } from 'vitest';

import { labels, type Label } from '../../outcome/index.js';
import { crossValidate, type CrossValidation } from './cross-validate.js';
import type { SparseVector } from './extract-features.js';
import { fitHeldOut, type HeldOut } from './fit-held-out.js';
import { offlineFitSettings } from './fit-offline-model.js';
import type { EvaluationData } from './load-evaluation-data.js';

const settings = { ...offlineFitSettings, hashBits: 2, iterations: 50 };
const penalty = { factor: 1, innerLogLoss: [] };

// Dense features only (indices below the dense count), so no document-frequency cut applies.
function vectorOf(feature: number): SparseVector {
  return { indices: Int32Array.of(feature), values: Float64Array.of(1) };
}

// Groups a and b teach feature 1 → refusal and feature 2 → compliant. Group c alone has
// feature 3 → hesitant, which no model that held c out can know.
const rows: { group: string; feature: number; label: Label }[] = [
  ...['a', 'b'].flatMap((group) =>
    Array.from({ length: 6 }, (_, index): { group: string; feature: number; label: Label } =>
      index % 2 === 0 ? { group, feature: 1, label: 'refusal' } : { group, feature: 2, label: 'compliant' },
    ),
  ),
  ...Array.from({ length: 4 }, (): { group: string; feature: number; label: Label } => ({ group: 'c', feature: 3, label: 'hesitant' })),
];

const data: EvaluationData = {
  files: [],
  vectors: rows.map((row) => vectorOf(row.feature)),
  truth: rows.map((row) => row.label),
  classes: Int32Array.from(rows, (row) => labels.indexOf(row.label)),
  models: rows.map((row) => row.group),
  fileNames: rows.map(() => 'one.json'),
};

/** Cross-validates by model, each fit with the same recorded penalty, finishing after `delayOf(group)` ms. */
function crossValidateByModel(delayOf: (group: string) => number): Promise<CrossValidation> {
  return crossValidate({
    truth: data.truth,
    groups: data.models,
    groupBy: 'model',
    fitHeldOut: async (heldOut: HeldOut) => {
      const fit = fitHeldOut({ data, task: { heldOut, penalty }, settings });
      await new Promise((resolve) => setTimeout(resolve, delayOf(heldOut.name)));
      return fit;
    },
  });
}

describe('crossValidate', () => {
  let result: CrossValidation;

  beforeAll(async () => {
    result = await crossValidateByModel(() => 0);
  });

  it('holds out each group in sorted order', () => {
    expect(result.folds.map((fold) => [fold.heldOut, fold.trainingReplies, fold.testReplies])).toEqual([
      ['a', 10, 6],
      ['b', 10, 6],
      ['c', 12, 4],
    ]);
  });

  it('predicts every reply once', () => {
    expect(result.probabilities).toHaveLength(rows.length);
    for (const probabilities of result.probabilities) expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
  });

  it('predicts each group with a model that never saw it', () => {
    const heldOutC = rows.flatMap((row, index) => (row.group === 'c' ? [result.probabilities[index]!] : []));

    for (const probabilities of heldOutC) expect(probabilities[1]).toBeLessThan(0.25);
    expect(result.folds.find((fold) => fold.heldOut === 'c')?.exactAgreement).toBe(0);
    expect(result.folds.find((fold) => fold.heldOut === 'a')?.exactAgreement).toBe(1);
  });

  it('reports the penalty of each fold', () => {
    for (const fold of result.folds) expect(fold.penalty).toEqual(penalty);
  });

  it('gives the same result whatever order fits finish in', async () => {
    const delays: Record<string, number> = { a: 30, b: 15, c: 0 };
    const reversed = await crossValidateByModel((group) => delays[group]!);

    expect(reversed.folds).toEqual(result.folds);
    expect(reversed.probabilities).toEqual(result.probabilities);
  });
});
