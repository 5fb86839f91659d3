import { labels, type Label } from '../../outcome/index.js';
import { crossValidate, type FoldResult } from './cross-validate.js';
import { evaluateAgreement, type AgreementReport } from './evaluate-agreement.js';
import { createFeatureExtractor } from './extract-features.js';
import { fitOfflineModel, offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import { loadReferenceExamples, type ReferenceFile } from './load-reference-examples.js';
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
}

/** Progress of an evaluation, for a caller that shows it. */
export type EvaluationProgress =
  { stage: 'features'; replies: number } | { stage: 'fold'; scheme: string; fold: FoldResult; index: number; count: number };

/**
 * Reads the reference result files in `runsFolder`, cross-validates the offline judge by model and
 * by file, and fits the shipped model on every reply. Deterministic: the same files give the same
 * figures and weights.
 */
export function evaluateOfflineJudge({
  runsFolder,
  settings = offlineFitSettings,
  onProgress,
}: {
  runsFolder: string;
  settings?: OfflineFitSettings;
  onProgress?: (progress: EvaluationProgress) => void;
}): OfflineJudgeEvaluation {
  const { examples, files } = loadReferenceExamples(runsFolder);
  const extractor = createFeatureExtractor({ hashBits: settings.hashBits });
  const vectors = examples.map((example) => extractor.extract(example.input));
  onProgress?.({ stage: 'features', replies: examples.length });
  const truth = examples.map((example) => example.label);

  const validate = (scheme: string, groups: string[]): CrossValidationResult => {
    const { probabilities, folds } = crossValidate({
      vectors,
      labels: truth,
      groups,
      settings,
      onFold: (fold, index, count) => onProgress?.({ stage: 'fold', scheme, fold, index, count }),
    });
    return { report: evaluateAgreement({ truth, probabilities }), folds };
  };
  const leaveOneModelOut = validate(
    'leave one model out',
    examples.map((example) => example.model),
  );
  const leaveOneFileOut = validate(
    'leave one file out',
    examples.map((example) => example.file),
  );

  const { model, fit } = fitOfflineModel({ vectors, labels: Int32Array.from(truth, (label) => labels.indexOf(label)), settings });
  const labelCounts = Object.fromEntries(labels.map((label) => [label, truth.filter((value) => value === label).length])) as Record<
    Label,
    number
  >;
  return {
    files,
    replies: examples.length,
    models: [...new Set(examples.map((example) => example.model))].sort(),
    labelCounts,
    settings,
    leaveOneModelOut,
    leaveOneFileOut,
    model,
    fit: { loss: fit.loss, gradientNorm: fit.gradientNorm, iterations: fit.iterations },
  };
}
