import { denseFeatureNames, type SparseVector } from './extract-features.js';
import { classCount, fitSoftmaxRegression, type SoftmaxFit } from './fit-softmax-regression.js';
import type { OfflineModel } from './offline-model.js';
import { buildSparseRows } from './sparse-rows.js';

/** The choices that decide a fit. All are fixed in advance, and none was tuned on the evaluation folds. */
export interface OfflineFitSettings {
  hashBits: number;
  /** A hashed bucket gets a weight only when this many training replies contain it. */
  minimumDocumentFrequency: number;
  iterations: number;
  /** Weights are rounded to multiples of 1 / weightScale. */
  weightScale: number;
  /**
   * Candidate penalty factors f, from weakest to strongest: a fit on n replies uses l2 = f / n.
   * Nested cross-validation picks one for each fit, and a tie goes to the middle one.
   */
  penaltyFactors: readonly number[];
  /** Inner folds of that cross-validation, each holding out whole models. */
  innerFolds: number;
}

/** Settings of the shipped judge's fit. */
export const offlineFitSettings: OfflineFitSettings = {
  hashBits: 16,
  minimumDocumentFrequency: 3,
  iterations: 100,
  weightScale: 10_000,
  // C = 3, 1 and 1/3 in the usual summed-loss form; the middle one was the fixed rule before.
  penaltyFactors: [1 / 3, 1, 3],
  innerFolds: 3,
};

/** The largest integer an `Int16Array` holds. */
const int16Limit = 32_767;

/**
 * Fits the offline judge on feature vectors and their labels (0 refusal to 3 proactive).
 *
 * The L2 penalty is `penaltyFactor` / (training replies) on the mean log loss. With a factor of 1
 * that is the same objective as the usual default of a summed loss with penalty ½‖w‖² (C = 1).
 * `choosePenalty` picks the factor from the training replies alone.
 *
 * @throws {RangeError} when a rounded weight does not fit in 16 bits, which the shipped format needs.
 */
export function fitOfflineModel({
  vectors,
  labels,
  penaltyFactor,
  settings = offlineFitSettings,
}: {
  vectors: readonly SparseVector[];
  labels: Int32Array;
  /** The fit's l2 is this divided by the number of vectors. */
  penaltyFactor: number;
  settings?: OfflineFitSettings;
}): { model: OfflineModel; fit: SoftmaxFit } {
  const features = selectFeatures({ vectors, minimum: settings.minimumDocumentFrequency });
  const columnOf = new Map(features.map((feature, column) => [feature, column]));
  const rows = buildSparseRows({ vectors, columnOf, columnCount: features.length });
  const fit = fitSoftmaxRegression({ rows, labels, l2: penaltyFactor / vectors.length, iterations: settings.iterations });

  const featureCount = denseFeatureNames.length + 2 ** settings.hashBits;
  const weights = new Int16Array(featureCount * classCount);
  features.forEach((feature, column) => {
    for (let label = 0; label < classCount; label++) {
      weights[feature * classCount + label] = toInteger(fit.weights[column * classCount + label]!, settings.weightScale);
    }
  });
  const intercepts = Int32Array.from(fit.intercepts, (value) => Math.round(value * settings.weightScale));
  return { model: { hashBits: settings.hashBits, weightScale: settings.weightScale, weights, intercepts }, fit };
}

/** Lists, in increasing order, every dense feature and the hashed buckets found in at least `minimum` vectors. */
function selectFeatures({ vectors, minimum }: { vectors: readonly SparseVector[]; minimum: number }): number[] {
  const documentFrequency = new Map<number, number>();
  for (const vector of vectors) {
    for (const feature of vector.indices) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
  }
  const selected: number[] = [];
  for (const [feature, count] of documentFrequency) {
    if (feature < denseFeatureNames.length || count >= minimum) selected.push(feature);
  }
  return selected.sort((first, second) => first - second);
}

function toInteger(weight: number, scale: number): number {
  const rounded = Math.round(weight * scale);
  if (Math.abs(rounded) > int16Limit) {
    throw new RangeError(`A fitted weight of ${weight} does not fit in 16 bits at scale ${scale}; lower weightScale.`);
  }
  return rounded;
}
