import { labels, type Label } from '../../outcome/index.js';
import { createFeatureExtractor, type SparseVector } from './extract-features.js';
import { offlineFitSettings, type OfflineFitSettings } from './fit-offline-model.js';
import { loadReferenceExamples, type ReferenceFile } from './load-reference-examples.js';

/** The labelled replies of the reference files as the fits read them, all in the files' order. */
export interface EvaluationData {
  files: ReferenceFile[];
  vectors: SparseVector[];
  /** The LLM judge's label of each reply. */
  truth: Label[];
  /** The same labels as classes, from 0 (refusal) to 3 (proactive). */
  classes: Int32Array;
  /** The model that wrote each reply. */
  models: string[];
  /** The result file each reply comes from. */
  fileNames: string[];
}

/**
 * Reads the reference result files in `runsFolder` and extracts each reply's features. The same
 * files give the same data, so a child process that loads them fits exactly what its parent would.
 */
export function loadEvaluationData({
  runsFolder,
  settings = offlineFitSettings,
}: {
  runsFolder: string;
  settings?: OfflineFitSettings;
}): EvaluationData {
  const { examples, files } = loadReferenceExamples(runsFolder);
  const extractor = createFeatureExtractor({ hashBits: settings.hashBits });
  const truth = examples.map((example) => example.label);
  return {
    files,
    vectors: examples.map((example) => extractor.extract(example.input)),
    truth,
    classes: Int32Array.from(truth, (label) => labels.indexOf(label)),
    models: examples.map((example) => example.model),
    fileNames: examples.map((example) => example.file),
  };
}
