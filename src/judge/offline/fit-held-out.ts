import { choosePenalty, type PenaltyChoice } from './choose-penalty.js';
import { fitOfflineModel, offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import type { EvaluationData } from './load-evaluation-data.js';
import { predictProbabilities, type OfflineModel } from './offline-model.js';

/** The replies one fit leaves out: those of one model or of one result file. */
export interface HeldOut {
  groupBy: 'model' | 'file';
  name: string;
}

/** One fit of the evaluation. Without `heldOut` it is the shipped fit on every reply. */
export interface HeldOutTask {
  heldOut: HeldOut | null;
  /** A penalty recorded earlier, used instead of choosing one again. */
  penalty?: PenaltyChoice;
}

/** The result of one fit of the evaluation. */
export interface HeldOutFit {
  heldOut: HeldOut | null;
  trainingReplies: number;
  penalty: PenaltyChoice;
  model: OfflineModel;
  /** The objective at the end of the fit, the length of its gradient there, and the iterations run. */
  fit: { loss: number; gradientNorm: number; iterations: number };
  /** The held-out rows, in increasing order, and the probabilities the fit gives each. */
  testRows: number[];
  probabilities: Float64Array[];
}

/**
 * Fits the judge on every reply not held out, exactly as the shipped judge is fitted. Unless the
 * task brings a recorded penalty, `choosePenalty` chooses one on those replies alone. Then the
 * model is fitted on all of them and predicts the held-out replies.
 *
 * @example
 * const fold = fitHeldOut({ data, task: { heldOut: { groupBy: 'model', name: 'glm-5' } } });
 */
export function fitHeldOut({
  data,
  task,
  settings = offlineFitSettings,
}: {
  data: EvaluationData;
  task: HeldOutTask;
  settings?: OfflineFitSettings;
}): HeldOutFit {
  const { heldOut } = task;
  const groups = heldOut?.groupBy === 'file' ? data.fileNames : data.models;
  const isHeldOut = (row: number) => heldOut !== null && groups[row] === heldOut.name;
  const training = data.vectors.flatMap((_, row) => (isHeldOut(row) ? [] : [row]));
  const testRows = data.vectors.flatMap((_, row) => (isHeldOut(row) ? [row] : []));

  const vectors = training.map((row) => data.vectors[row]!);
  const classes = Int32Array.from(training, (row) => data.classes[row]!);
  const penalty = task.penalty ?? choosePenalty({ vectors, labels: classes, groups: training.map((row) => data.models[row]!), settings });
  const { model, fit } = fitOfflineModel({ vectors, labels: classes, penaltyFactor: penalty.factor, settings });

  return {
    heldOut,
    trainingReplies: training.length,
    penalty,
    model,
    fit: { loss: fit.loss, gradientNorm: fit.gradientNorm, iterations: fit.iterations },
    testRows,
    probabilities: testRows.map((row) => predictProbabilities(model, data.vectors[row]!)),
  };
}
