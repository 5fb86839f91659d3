import { assignGroupFolds } from './assign-group-folds.js';
import type { SparseVector } from './extract-features.js';
import { fitOfflineModel, offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import { predictProbabilities } from './offline-model.js';

/** The penalty a fit uses, and the inner cross-validation that chose it. */
export interface PenaltyChoice {
  /** The chosen factor f: the fit's l2 is f / (its training replies). */
  factor: number;
  /** The mean out-of-fold log loss of each factor, in the order of `penaltyFactors`. */
  innerLogLoss: number[];
}

/**
 * Chooses the L2 penalty of a fit from its training replies alone, by cross-validation inside
 * them. The inner folds hold out whole models (`assignGroupFolds`), so the score measures how
 * well the judge generalises to a model it has not seen. Each inner fit uses `settings` and its
 * rounding. Each factor is scored by the mean log loss over all replies, each predicted by the
 * inner model that did not see it. The lowest loss wins. A tie with the middle factor goes to
 * the middle one, and a tie between two others goes to the stronger penalty.
 *
 * Fits `penaltyFactors.length × innerFolds` models.
 *
 * @throws {RangeError} for a grid that is not increasing or has no middle factor, or when the
 * replies have fewer models than inner folds.
 *
 * @example
 * const { factor } = choosePenalty({ vectors, labels, groups: examples.map((example) => example.model) });
 */
export function choosePenalty({
  vectors,
  labels,
  groups,
  settings = offlineFitSettings,
}: {
  vectors: readonly SparseVector[];
  /** The class of each reply, from 0 (refusal) to 3 (proactive). */
  labels: Int32Array;
  /** The model that wrote each reply. */
  groups: readonly string[];
  settings?: OfflineFitSettings;
}): PenaltyChoice {
  checkGrid(settings.penaltyFactors);
  const foldOf = assignGroupFolds({ groups, foldCount: settings.innerFolds });
  const innerLogLoss = settings.penaltyFactors.map((penaltyFactor) => scoreFactor({ vectors, labels, foldOf, penaltyFactor, settings }));
  return { factor: settings.penaltyFactors[pickLowest(innerLogLoss)]!, innerLogLoss };
}

/** Returns the mean log loss of the replies, each predicted by the inner fit that held out its fold. */
function scoreFactor({
  vectors,
  labels,
  foldOf,
  penaltyFactor,
  settings,
}: {
  vectors: readonly SparseVector[];
  labels: Int32Array;
  foldOf: Int32Array;
  penaltyFactor: number;
  settings: OfflineFitSettings;
}): number {
  let total = 0;
  for (let fold = 0; fold < settings.innerFolds; fold++) {
    const training = rowsWhere(foldOf, (rowFold) => rowFold !== fold);
    const { model } = fitOfflineModel({
      vectors: training.map((row) => vectors[row]!),
      labels: Int32Array.from(training, (row) => labels[row]!),
      penaltyFactor,
      settings,
    });
    for (const row of rowsWhere(foldOf, (rowFold) => rowFold === fold)) {
      total -= Math.log(predictProbabilities(model, vectors[row]!)[labels[row]!]!);
    }
  }
  return total / vectors.length;
}

/** Returns the index of the lowest loss, preferring the middle index, then higher indices (stronger penalties). */
function pickLowest(losses: readonly number[]): number {
  const middle = (losses.length - 1) / 2;
  let best = middle;
  for (let index = losses.length - 1; index >= 0; index--) {
    if (losses[index]! < losses[best]!) best = index;
  }
  return best;
}

function checkGrid(factors: readonly number[]): void {
  const increasing = factors.every((factor, index) => factor > 0 && (index === 0 || factor > factors[index - 1]!));
  if (factors.length % 2 === 0 || !increasing) {
    throw new RangeError(
      `penaltyFactors must be positive, increasing and odd in number, so that one is in the middle; got ${factors.join(', ')}.`,
    );
  }
}

function rowsWhere(foldOf: Int32Array, keep: (fold: number) => boolean): number[] {
  const rows: number[] = [];
  foldOf.forEach((fold, row) => {
    if (keep(fold)) rows.push(row);
  });
  return rows;
}
