import { labels, type Label } from '../../outcome/index.js';
import type { PenaltyChoice } from './choose-penalty.js';
import { crossValidate, type FoldResult } from './cross-validate.js';
import { evaluateAgreement, type AgreementReport } from './evaluate-agreement.js';
import { fitHeldOut, type HeldOut, type HeldOutFit, type HeldOutTask } from './fit-held-out.js';
import { offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import type { PenaltyRecord } from './format-penalty-table.js';
import { loadEvaluationData } from './load-evaluation-data.js';
import type { ReferenceFile } from './load-reference-examples.js';
import type { OfflineModel } from './offline-model.js';

/** A cross-validation's pooled report and its folds. */
export interface CrossValidationResult {
  report: AgreementReport;
  folds: FoldResult[];
}

/** Everything the fit script writes: the model fitted on every reply, and how well the procedure generalises. */
export interface OfflineJudgeEvaluation {
  files: ReferenceFile[];
  replies: number;
  models: string[];
  labelCounts: Record<Label, number>;
  settings: OfflineFitSettings;
  /** Fit on nine models, test on the tenth, for each model. */
  leaveOneModelOut: CrossValidationResult;
  /** Fit on the other files, test on one, for each file. */
  leaveOneFileOut: CrossValidationResult;
  /** The model fitted on every reply: the one that ships. */
  model: OfflineModel;
  fit: { loss: number; gradientNorm: number; iterations: number };
  /** The shipped fit's penalty, chosen on every reply as each fold's is chosen on its training replies. */
  penalty: PenaltyChoice;
}

/** Runs one fit of the evaluation with the evaluation's settings, for example in a child process. */
export type HeldOutRunner = (task: HeldOutTask) => Promise<HeldOutFit>;

/** Progress of an evaluation, for a caller that shows it. */
export type EvaluationProgress = { stage: 'features'; replies: number } | { stage: 'fit'; fit: HeldOutFit; done: number; count: number };

/**
 * Reads the reference result files in `runsFolder`, cross-validates the offline judge by model and
 * by file, and fits the shipped model on every reply. Every fit chooses its penalty by nested
 * cross-validation, unless `recordedPenalties` gives the penalty each fit chose before.
 * Deterministic: the same files give the same figures and weights, whatever runs the fits.
 *
 * @throws {Error} when `recordedPenalties` lacks one of the fits.
 */
export async function evaluateOfflineJudge({
  runsFolder,
  settings = offlineFitSettings,
  recordedPenalties,
  runFit,
  onProgress,
}: {
  runsFolder: string;
  settings?: OfflineFitSettings;
  /** Penalties a full evaluation chose, as the data card records them, to check its figures cheaply. */
  recordedPenalties?: readonly PenaltyRecord[];
  /** Runs each fit. By default the fits run one after another in this thread. */
  runFit?: HeldOutRunner;
  onProgress?: (progress: EvaluationProgress) => void;
}): Promise<OfflineJudgeEvaluation> {
  const data = loadEvaluationData({ runsFolder, settings });
  onProgress?.({ stage: 'features', replies: data.vectors.length });
  const models = [...new Set(data.models)].sort();
  const run = runFit ?? (async (task: HeldOutTask) => fitHeldOut({ data, task, settings }));

  const count = models.length + new Set(data.fileNames).size + 1;
  let done = 0;
  const fitOne = async (heldOut: HeldOut | null): Promise<HeldOutFit> => {
    const fit = await run({ heldOut, penalty: findRecordedPenalty(recordedPenalties, heldOut) });
    done++;
    onProgress?.({ stage: 'fit', fit, done, count });
    return fit;
  };
  // The shipped fit is the largest, so it starts first and the smaller fits fill the end of a parallel run.
  const [shipped, byModel, byFile] = await Promise.all([
    fitOne(null),
    crossValidate({ truth: data.truth, groups: data.models, groupBy: 'model', fitHeldOut: fitOne }),
    crossValidate({ truth: data.truth, groups: data.fileNames, groupBy: 'file', fitHeldOut: fitOne }),
  ]);

  const report = (folds: FoldResult[], probabilities: Float64Array[]): CrossValidationResult => ({
    report: evaluateAgreement({ truth: data.truth, probabilities }),
    folds,
  });
  return {
    files: data.files,
    replies: data.vectors.length,
    models,
    labelCounts: Object.fromEntries(labels.map((label) => [label, data.truth.filter((value) => value === label).length])) as Record<
      Label,
      number
    >,
    settings,
    leaveOneModelOut: report(byModel.folds, byModel.probabilities),
    leaveOneFileOut: report(byFile.folds, byFile.probabilities),
    model: shipped.model,
    fit: shipped.fit,
    penalty: shipped.penalty,
  };
}

function findRecordedPenalty(records: readonly PenaltyRecord[] | undefined, heldOut: HeldOut | null): PenaltyChoice | undefined {
  if (records === undefined) return undefined;
  const record = records.find((candidate) => candidate.heldOut?.groupBy === heldOut?.groupBy && candidate.heldOut?.name === heldOut?.name);
  if (record === undefined) {
    const fit = heldOut === null ? 'the shipped fit' : `the fit without ${heldOut.groupBy} ${heldOut.name}`;
    throw new Error(`No penalty is recorded for ${fit}. Run npm run fit:offline-judge to choose and record every penalty again.`);
  }
  return record.penalty;
}
