import { compareLabels } from '../../analysis/index.js';
import { labels, type Label } from '../../outcome/index.js';
import { lowConfidenceBelow, topLabelIndex } from './offline-model.js';

/** Precision and recall of one label, taking the LLM judge's labels as the truth. */
export interface LabelScores {
  /** Replies the LLM judge gave this label. */
  support: number;
  /** Null when the offline judge never gave the label. */
  precision: number | null;
  /** Null when the LLM judge never gave the label. */
  recall: number | null;
}

/** One bin of a reliability table: replies whose top probability falls in [from, to). */
export interface ReliabilityBin {
  from: number;
  to: number;
  replies: number;
  meanConfidence: number;
  /** Share of these replies whose offline label matches the LLM judge's. */
  agreement: number;
}

/** How far offline predictions agree with the LLM judge's labels on the same replies. */
export interface AgreementReport {
  replies: number;
  exactAgreement: number;
  /** Cohen's kappa with quadratic weights over refusal < hesitant < compliant < proactive. */
  quadraticKappa: number;
  /** `confusion[llmLabel][offlineLabel]` counts replies. */
  confusion: Record<Label, Record<Label, number>>;
  perLabel: Record<Label, LabelScores>;
  /** F1 of refusal against the three other labels together. */
  refusalF1: number;
  /** Mean over replies of Σ (probability − indicator)² over the four labels, from 0 (perfect) to 2 (the worst). */
  brierScore: number;
  /** Mean negative natural log of the probability given to the LLM judge's label. */
  logLoss: number;
  /** Σ over bins of (bin share) × |agreement − mean confidence|, with ten bins of width 0.1. */
  expectedCalibrationError: number;
  reliability: ReliabilityBin[];
  /** Replies flagged low-confidence, and the agreement among them and among the rest. */
  lowConfidence: { replies: number; agreement: number | null; otherAgreement: number | null };
}

const binCount = 10;

/**
 * Measures offline predictions against the LLM judge's labels: agreement, per-label precision and
 * recall, and the calibration of the probabilities.
 *
 * @example
 * const report = evaluateAgreement({ truth: ['refusal'], probabilities: [Float64Array.of(0.7, 0.1, 0.1, 0.1)] });
 * report.exactAgreement; // 1
 */
export function evaluateAgreement({
  truth,
  probabilities,
}: {
  truth: readonly Label[];
  /** Per reply, the probability of each label in the order of `labels`. */
  probabilities: readonly Float64Array[];
}): AgreementReport {
  if (truth.length === 0 || truth.length !== probabilities.length) {
    throw new RangeError(
      `Needs one probability vector per label and at least one reply; got ${truth.length} labels and ${probabilities.length} vectors.`,
    );
  }
  const predicted = probabilities.map((vector) => labels[topLabelIndex(vector)]!);
  const agreement = compareLabels(truth.map((label, index) => [label, predicted[index]!] as const));
  const perLabel = scoreLabels(agreement.matrix);
  const refusal = perLabel.refusal;
  const refusalF1 =
    refusal.precision === null || refusal.recall === null || refusal.precision + refusal.recall === 0
      ? 0
      : (2 * refusal.precision * refusal.recall) / (refusal.precision + refusal.recall);

  return {
    replies: truth.length,
    exactAgreement: agreement.exactAgreement!,
    quadraticKappa: agreement.weightedKappa ?? 0,
    confusion: agreement.matrix,
    perLabel,
    refusalF1,
    ...scoreProbabilities({ truth, probabilities }),
    ...calibrate({ truth, probabilities, predicted }),
  };
}

function scoreLabels(confusion: Record<Label, Record<Label, number>>): Record<Label, LabelScores> {
  const entries = labels.map((label): [Label, LabelScores] => {
    const support = labels.reduce((sum, other) => sum + confusion[label][other], 0);
    const predictedCount = labels.reduce((sum, other) => sum + confusion[other][label], 0);
    const correct = confusion[label][label];
    return [
      label,
      { support, precision: predictedCount === 0 ? null : correct / predictedCount, recall: support === 0 ? null : correct / support },
    ];
  });
  return Object.fromEntries(entries) as Record<Label, LabelScores>;
}

function scoreProbabilities({ truth, probabilities }: { truth: readonly Label[]; probabilities: readonly Float64Array[] }) {
  let brier = 0;
  let logLoss = 0;
  truth.forEach((label, index) => {
    const vector = probabilities[index]!;
    const own = labels.indexOf(label);
    for (let other = 0; other < labels.length; other++) brier += (vector[other]! - (other === own ? 1 : 0)) ** 2;
    logLoss -= Math.log(vector[own]!);
  });
  return { brierScore: brier / truth.length, logLoss: logLoss / truth.length };
}

function calibrate({
  truth,
  probabilities,
  predicted,
}: {
  truth: readonly Label[];
  probabilities: readonly Float64Array[];
  predicted: readonly Label[];
}): Pick<AgreementReport, 'expectedCalibrationError' | 'reliability' | 'lowConfidence'> {
  const bins = Array.from({ length: binCount }, () => ({ replies: 0, confidence: 0, agreed: 0 }));
  const flagged = { replies: 0, agreed: 0 };
  const unflagged = { replies: 0, agreed: 0 };
  truth.forEach((label, index) => {
    const confidence = probabilities[index]![labels.indexOf(predicted[index]!)]!;
    const agreed = predicted[index] === label ? 1 : 0;
    const bin = bins[Math.min(binCount - 1, Math.floor(confidence * binCount))]!;
    bin.replies++;
    bin.confidence += confidence;
    bin.agreed += agreed;
    const group = confidence < lowConfidenceBelow ? flagged : unflagged;
    group.replies++;
    group.agreed += agreed;
  });

  const reliability: ReliabilityBin[] = [];
  let calibrationError = 0;
  bins.forEach((bin, index) => {
    if (bin.replies === 0) return;
    const meanConfidence = bin.confidence / bin.replies;
    const agreement = bin.agreed / bin.replies;
    reliability.push({ from: index / binCount, to: (index + 1) / binCount, replies: bin.replies, meanConfidence, agreement });
    calibrationError += (bin.replies / truth.length) * Math.abs(agreement - meanConfidence);
  });
  const share = (group: { replies: number; agreed: number }) => (group.replies === 0 ? null : group.agreed / group.replies);
  return {
    expectedCalibrationError: calibrationError,
    reliability,
    lowConfidence: { replies: flagged.replies, agreement: share(flagged), otherAgreement: share(unflagged) },
  };
}
