import { describe, expect, it } from 'vitest';

import { compareLabels } from '../../analysis/index.js';
import type { Label } from '../../outcome/index.js';
import { evaluateAgreement } from './evaluate-agreement.js';

// Five replies: the LLM judge's label and the offline probabilities (refusal, hesitant, compliant, proactive).
const truth: Label[] = ['refusal', 'refusal', 'hesitant', 'compliant', 'proactive'];
const probabilities = [
  Float64Array.of(0.9, 0.05, 0.03, 0.02), // refusal, right, 0.9
  Float64Array.of(0.3, 0.4, 0.2, 0.1), // hesitant, wrong, 0.4: low confidence
  Float64Array.of(0.6, 0.2, 0.1, 0.1), // refusal, wrong, 0.6
  Float64Array.of(0.1, 0.1, 0.7, 0.1), // compliant, right, 0.7
  Float64Array.of(0, 0, 0.45, 0.55), // proactive, right, 0.55
];

describe('evaluateAgreement', () => {
  const report = evaluateAgreement({ truth, probabilities });

  it('counts agreement and kappa', () => {
    expect(report.replies).toBe(5);
    expect(report.exactAgreement).toBeCloseTo(0.6, 12);
    const predicted: Label[] = ['refusal', 'hesitant', 'refusal', 'compliant', 'proactive'];
    expect(report.quadraticKappa).toBe(compareLabels(truth.map((label, index) => [label, predicted[index]!] as const)).weightedKappa);
    expect(report.confusion.refusal).toEqual({ refusal: 1, hesitant: 1, compliant: 0, proactive: 0 });
    expect(report.confusion.hesitant).toEqual({ refusal: 1, hesitant: 0, compliant: 0, proactive: 0 });
  });

  it('scores each label against the rest', () => {
    expect(report.perLabel.refusal).toEqual({ support: 2, precision: 0.5, recall: 0.5 });
    expect(report.perLabel.hesitant).toEqual({ support: 1, precision: 0, recall: 0 });
    expect(report.perLabel.compliant).toEqual({ support: 1, precision: 1, recall: 1 });
    expect(report.refusalF1).toBeCloseTo(0.5, 12);
  });

  it('scores the probabilities', () => {
    // Σ (p − indicator)² per reply: 0.0138, 0.70, 1.02, 0.12 and 0.405.
    expect(report.brierScore).toBeCloseTo(2.2588 / 5, 12);
    expect(report.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.3) + Math.log(0.2) + Math.log(0.7) + Math.log(0.55)) / 5, 12);
  });

  it('bins the top probability for calibration', () => {
    expect(report.reliability.map((bin) => [bin.from, bin.replies, bin.agreement])).toEqual([
      [0.4, 1, 0],
      [0.5, 1, 1],
      [0.6, 1, 0],
      [0.7, 1, 1],
      [0.9, 1, 1],
    ]);
    // One reply a bin: |agreement − probability| is 0.4, 0.45, 0.6, 0.3 and 0.1.
    expect(report.expectedCalibrationError).toBeCloseTo(1.85 / 5, 12);
  });

  it('sets low-confidence replies apart', () => {
    expect(report.lowConfidence).toEqual({ replies: 1, agreement: 0, otherAgreement: 0.75 });
  });

  it('gives no precision to a label never predicted', () => {
    const never = evaluateAgreement({ truth: ['hesitant'], probabilities: [Float64Array.of(0.7, 0.1, 0.1, 0.1)] });

    expect(never.perLabel.hesitant.precision).toBeNull();
    expect(never.perLabel.compliant.recall).toBeNull();
    expect(never.refusalF1).toBe(0);
  });

  it('rejects mismatched inputs', () => {
    expect(() => evaluateAgreement({ truth: ['refusal'], probabilities: [] })).toThrow(RangeError);
    expect(() => evaluateAgreement({ truth: [], probabilities: [] })).toThrow(RangeError);
  });
});
