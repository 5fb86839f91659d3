import { labels, type Label } from '../../outcome/index.js';
import type { SparseVector } from './extract-features.js';
import { fitOfflineModel, offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import { predictProbabilities, topLabelIndex } from './offline-model.js';

/** One fold: the group held out, its size, and how often the model fitted without it agreed on it. */
export interface FoldResult {
  heldOut: string;
  trainingReplies: number;
  testReplies: number;
  exactAgreement: number;
}

/** Out-of-fold predictions for every reply, and a line per fold. */
export interface CrossValidation {
  /** The probabilities of the model that did not see the reply, in input order. */
  probabilities: Float64Array[];
  folds: FoldResult[];
}

/**
 * Cross-validates by group: for each group, in sorted order, fits on every other group exactly as
 * the shipped judge is fitted (same settings, same rounding) and predicts the held-out replies.
 *
 * @example
 * const byModel = crossValidate({ vectors, labels, groups: examples.map((example) => example.model) });
 */
export function crossValidate({
  vectors,
  labels: truth,
  groups,
  settings = offlineFitSettings,
  onFold,
}: {
  vectors: readonly SparseVector[];
  labels: readonly Label[];
  /** The group of each reply, such as its model or its file. */
  groups: readonly string[];
  settings?: OfflineFitSettings;
  /** Called after each fold, for progress. */
  onFold?: (fold: FoldResult, index: number, count: number) => void;
}): CrossValidation {
  const probabilities: Float64Array[] = new Array(vectors.length);
  const names = [...new Set(groups)].sort();
  const folds = names.map((heldOut, index) => {
    const training = groups.flatMap((group, row) => (group === heldOut ? [] : [row]));
    const testing = groups.flatMap((group, row) => (group === heldOut ? [row] : []));
    const { model } = fitOfflineModel({
      vectors: training.map((row) => vectors[row]!),
      labels: Int32Array.from(training, (row) => labels.indexOf(truth[row]!)),
      settings,
    });
    let agreed = 0;
    for (const row of testing) {
      probabilities[row] = predictProbabilities(model, vectors[row]!);
      if (labels[topLabelIndex(probabilities[row])] === truth[row]) agreed++;
    }
    const fold = { heldOut, trainingReplies: training.length, testReplies: testing.length, exactAgreement: agreed / testing.length };
    onFold?.(fold, index, names.length);
    return fold;
  });
  return { probabilities, folds };
}
