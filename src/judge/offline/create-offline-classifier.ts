import { labels, type Label } from '../../outcome/index.js';
import { createFeatureExtractor, type OfflineJudgeInput } from './extract-features.js';
import { lowConfidenceBelow, predictProbabilities, topLabelIndex } from './offline-model.js';
import { decodeOfflineWeights, hashOfflineWeights, type OfflineWeightsFile } from './offline-weights-file.js';
import { offlineWeights } from './offline-weights.js';

/** The offline judge's reading of one reply. */
export interface OfflineVerdict {
  label: Label;
  /** The probability of each label. They sum to 1. */
  probabilities: Record<Label, number>;
  /** True when the label's probability is below 0.5 (`lowConfidenceBelow`). */
  lowConfidence: boolean;
}

/** Labels replies with one set of fitted weights. */
export interface OfflineClassifier {
  /** SHA-256 of the weights, which identifies this version of the judge. */
  weightsHash: string;
  classify(input: OfflineJudgeInput): OfflineVerdict;
}

/**
 * Creates a classifier from fitted weights, by default the shipped ones. Deterministic: the same
 * input gives the same verdict, to the last bit of each probability, on any machine with the same
 * Node major version. It keeps scratch space, so give each concurrent caller its own (JavaScript
 * runs one call at a time).
 *
 * @example
 * const classifier = createOfflineClassifier();
 * classifier.classify({ prompt, reply, level: 4, intent: 'normalization', expected: 'decline' }).label;
 */
export function createOfflineClassifier({ weights = offlineWeights }: { weights?: OfflineWeightsFile } = {}): OfflineClassifier {
  const model = decodeOfflineWeights(weights);
  const extractor = createFeatureExtractor({ hashBits: model.hashBits });
  return {
    weightsHash: hashOfflineWeights(weights),
    classify(input) {
      const probabilities = predictProbabilities(model, extractor.extract(input));
      const top = topLabelIndex(probabilities);
      return {
        label: labels[top]!,
        probabilities: recordByLabel(probabilities),
        lowConfidence: probabilities[top]! < lowConfidenceBelow,
      };
    },
  };
}

/** Names each probability by its label, with the keys in the order of `labels`. */
function recordByLabel(probabilities: Float64Array): Record<Label, number> {
  const record = {} as Record<Label, number>;
  for (let index = 0; index < labels.length; index++) record[labels[index]!] = probabilities[index]!;
  return record;
}
