import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

import { hasReferenceFolder, referenceFolder } from '../../../test/e2e/dystopiabench-files.js';
import { repositoryRoot } from '../../../test/e2e/cli.js';
import { choosePenalty } from './choose-penalty.js';
import type { SparseVector } from './extract-features.js';
import { fitHeldOut, type HeldOutFit } from './fit-held-out.js';
import { offlineFitSettings } from './fit-offline-model.js';
import { loadEvaluationData, type EvaluationData } from './load-evaluation-data.js';
import { encodeOfflineWeights } from './offline-weights-file.js';
import { offlineWeights } from './offline-weights.js';
import { readPenaltyTable } from './read-penalty-table.js';

const settings = { ...offlineFitSettings, hashBits: 2, iterations: 40 };
const models = ['a', 'b', 'c', 'd'];

// Dense features only, so no document-frequency cut applies. Feature 1 + label marks each label.
function vectorOf(features: number[]): SparseVector {
  return { indices: Int32Array.from(features), values: new Float64Array(features.length).fill(1) };
}

/** Six replies per model, one label each in turn; models a and b are in one file, c and d in another. */
const data: EvaluationData = (() => {
  const rows = models.flatMap((model) => Array.from({ length: 6 }, (_, index) => ({ model, label: index % 4 })));
  return {
    files: [],
    vectors: rows.map((row, index) => vectorOf([1 + row.label, 10 + (index % 7)])),
    truth: rows.map((row) => (['refusal', 'hesitant', 'compliant', 'proactive'] as const)[row.label]!),
    classes: Int32Array.from(rows, (row) => row.label),
    models: rows.map((row) => row.model),
    fileNames: rows.map((row) => (row.model < 'c' ? 'first.json' : 'second.json')),
  };
})();

describe('fitHeldOut', () => {
  const recorded = { factor: 3, innerLogLoss: [0.7, 0.6, 0.5] };

  it('holds out one model', () => {
    const fit = fitHeldOut({ data, task: { heldOut: { groupBy: 'model', name: 'c' }, penalty: recorded }, settings });

    expect(fit.testRows).toEqual([12, 13, 14, 15, 16, 17]);
    expect(fit.trainingReplies).toBe(18);
    expect(fit.probabilities).toHaveLength(6);
  });

  it('holds out one file', () => {
    const fit = fitHeldOut({ data, task: { heldOut: { groupBy: 'file', name: 'first.json' }, penalty: recorded }, settings });

    expect(fit.testRows).toEqual(Array.from({ length: 12 }, (_, row) => row));
    expect(fit.trainingReplies).toBe(12);
  });

  it('fits the shipped model on every reply', () => {
    const fit = fitHeldOut({ data, task: { heldOut: null, penalty: recorded }, settings });

    expect(fit.testRows).toEqual([]);
    expect(fit.trainingReplies).toBe(24);
    expect(fit.fit.iterations).toBeGreaterThan(0);
  });

  it('uses a recorded penalty as given', () => {
    const fit = fitHeldOut({ data, task: { heldOut: null, penalty: recorded }, settings });

    expect(fit.penalty).toEqual(recorded);
  });

  it('chooses the penalty on the training replies alone', () => {
    const fit = fitHeldOut({ data, task: { heldOut: { groupBy: 'model', name: 'a' } }, settings });
    const training = data.vectors.flatMap((_, row) => (data.models[row] === 'a' ? [] : [row]));
    const expected = choosePenalty({
      vectors: training.map((row) => data.vectors[row]!),
      labels: Int32Array.from(training, (row) => data.classes[row]!),
      groups: training.map((row) => data.models[row]!),
      settings,
    });

    expect(fit.penalty).toEqual(expected);
  });
});

const skipNote = hasReferenceFolder ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';

describe.skipIf(!hasReferenceFolder)(`shipped fit on the DystopiaBench files${skipNote}`, () => {
  let shipped: HeldOutFit;
  const dataCard = readFileSync(join(repositoryRoot, 'docs/offline-judge-data-card.md'), 'utf8');

  // The nested choice of the penalty fits nine models, then the shipped one: over a minute on two cores.
  beforeAll(() => {
    const referenceData = loadEvaluationData({ runsFolder: join(referenceFolder, 'runs') });
    shipped = fitHeldOut({ data: referenceData, task: { heldOut: null } });
  }, 600_000);

  it('chooses the penalty the data card records', () => {
    const records = readPenaltyTable({ text: dataCard, factors: offlineFitSettings.penaltyFactors });
    const record = records.find((candidate) => candidate.heldOut === null);

    expect(record).toBeDefined();
    expect(shipped.penalty.factor).toBe(record!.penalty.factor);
    expect(shipped.penalty.innerLogLoss.map((loss) => loss.toFixed(4))).toEqual(
      record!.penalty.innerLogLoss.map((loss) => loss.toFixed(4)),
    );
  });

  it('reproduces the shipped weights exactly', () => {
    const refit = encodeOfflineWeights(shipped.model);

    expect(refit.intercepts).toEqual(offlineWeights.intercepts);
    expect(refit.denseFeatures).toEqual(offlineWeights.denseFeatures);
    // Compared as text, not with toEqual, so a mismatch prints a short diff rather than 350 kB.
    expect(refit.weights === offlineWeights.weights).toBe(true);
    expect(refit).toEqual(offlineWeights);
  });
});
