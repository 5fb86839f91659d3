export { createOfflineClassifier, type OfflineClassifier, type OfflineVerdict } from './create-offline-classifier.js';
export { evaluateOfflineJudge, type EvaluationProgress, type OfflineJudgeEvaluation } from './evaluate-offline-judge.js';
export type { OfflineJudgeInput } from './extract-features.js';
export { lowConfidenceBelow } from './offline-model.js';
export { encodeOfflineWeights, hashOfflineWeights, renderWeightsModule, type OfflineWeightsFile } from './offline-weights-file.js';
