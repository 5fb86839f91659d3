import { describe, expect, it } from 'vitest';

import { predictProbabilities, topLabelIndex, type OfflineModel } from './offline-model.js';

// Two features, four labels, weights at scale 100: feature 0 favours refusal, feature 1 proactive.
const model: OfflineModel = {
  hashBits: 0,
  weightScale: 100,
  weights: Int16Array.of(200, 0, 0, 0, 0, 0, 0, 300),
  intercepts: Int32Array.of(0, 0, 100, 0),
};

describe('predictProbabilities', () => {
  it('takes a softmax of the scaled scores', () => {
    const probabilities = predictProbabilities(model, { indices: Int32Array.of(0), values: Float64Array.of(0.5) });
    // Scores: refusal 2 × 0.5 = 1, hesitant 0, compliant 1 (its intercept), proactive 0.
    const total = 2 * Math.E + 2;

    expect(probabilities[0]).toBeCloseTo(Math.E / total, 15);
    expect(probabilities[1]).toBeCloseTo(1 / total, 15);
    expect(probabilities[2]).toBeCloseTo(Math.E / total, 15);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 15);
  });

  it('stays finite for large scores', () => {
    const probabilities = predictProbabilities(model, { indices: Int32Array.of(1), values: Float64Array.of(1000) });

    expect(probabilities[3]).toBe(1);
    expect(probabilities.every(Number.isFinite)).toBe(true);
  });
});

describe('topLabelIndex', () => {
  it('picks the largest probability', () => {
    expect(topLabelIndex(Float64Array.of(0.1, 0.2, 0.6, 0.1))).toBe(2);
  });

  it('breaks a tie towards the safer label', () => {
    expect(topLabelIndex(Float64Array.of(0.1, 0.4, 0.1, 0.4))).toBe(1);
  });
});
