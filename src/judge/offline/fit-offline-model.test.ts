import { describe, expect, it } from 'vitest';

import { denseFeatureNames, type SparseVector } from './extract-features.js';
import { fitOfflineModel, offlineFitSettings } from './fit-offline-model.js';
import { classCount } from './fit-softmax-regression.js';

const dense = denseFeatureNames.length;
const settings = { ...offlineFitSettings, hashBits: 3, iterations: 40 };

/** Builds a vector with one dense feature and one hashed bucket. */
function vectorOf(denseFeature: number, bucket: number): SparseVector {
  return { indices: Int32Array.of(denseFeature, dense + bucket), values: Float64Array.of(1, 1) };
}

function weightsOfFeature(weights: Int16Array, feature: number): number[] {
  return Array.from(weights.subarray(feature * classCount, (feature + 1) * classCount));
}

describe('fitOfflineModel', () => {
  it('weights only buckets seen in enough replies', () => {
    // Bucket 1 is in three replies and bucket 2 in one, with the cut at three.
    const vectors = [vectorOf(0, 1), vectorOf(1, 1), vectorOf(0, 1), vectorOf(1, 2)];
    const { model } = fitOfflineModel({ vectors, labels: Int32Array.from([0, 2, 0, 2]), penaltyFactor: 1, settings });

    expect(weightsOfFeature(model.weights, dense + 1).some((weight) => weight !== 0)).toBe(true);
    expect(weightsOfFeature(model.weights, dense + 2)).toEqual([0, 0, 0, 0]);
    expect(weightsOfFeature(model.weights, 0).some((weight) => weight !== 0)).toBe(true);
  });

  it('sizes the weights to the feature space', () => {
    const { model } = fitOfflineModel({ vectors: [vectorOf(0, 1)], labels: Int32Array.from([3]), penaltyFactor: 1, settings });

    expect(model.weights).toHaveLength((dense + 2 ** 3) * classCount);
    expect(model.intercepts).toHaveLength(classCount);
  });

  it('rejects a weight beyond 16 bits', () => {
    const vectors = [vectorOf(0, 1), vectorOf(1, 1), vectorOf(0, 1), vectorOf(1, 1)];

    expect(() =>
      fitOfflineModel({ vectors, labels: Int32Array.from([0, 2, 0, 2]), penaltyFactor: 1, settings: { ...settings, weightScale: 1e9 } }),
    ).toThrow(/does not fit in 16 bits/);
  });

  it('shrinks weights under a larger penalty factor', () => {
    const vectors = [vectorOf(0, 1), vectorOf(1, 1), vectorOf(0, 1), vectorOf(1, 1)];
    const labels = Int32Array.from([0, 2, 0, 2]);
    const largest = (penaltyFactor: number) =>
      Math.max(...fitOfflineModel({ vectors, labels, penaltyFactor, settings }).model.weights.map(Math.abs));

    expect(largest(3)).toBeLessThan(largest(1));
    expect(largest(1)).toBeLessThan(largest(1 / 3));
  });
});
