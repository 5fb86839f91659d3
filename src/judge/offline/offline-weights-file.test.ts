import { describe, expect, it } from 'vitest';

import { denseFeatureNames } from './extract-features.js';
import { classCount } from './fit-softmax-regression.js';
import type { OfflineModel } from './offline-model.js';
import { decodeOfflineWeights, encodeOfflineWeights, hashOfflineWeights, renderWeightsModule } from './offline-weights-file.js';

function modelOf(hashBits: number): OfflineModel {
  const weights = new Int16Array((denseFeatureNames.length + 2 ** hashBits) * classCount);
  weights.forEach((_, index) => {
    weights[index] = ((index * 7919) % 65_535) - 32_767;
  });
  return { hashBits, weightScale: 10_000, weights, intercepts: Int32Array.of(-4500, 12, 9000, -1) };
}

describe('encodeOfflineWeights', () => {
  it('round-trips through decoding', () => {
    const model = modelOf(4);
    const decoded = decodeOfflineWeights(encodeOfflineWeights(model));

    expect(Array.from(decoded.weights)).toEqual(Array.from(model.weights));
    expect(Array.from(decoded.intercepts)).toEqual(Array.from(model.intercepts));
    expect(decoded.hashBits).toBe(4);
    expect(decoded.weightScale).toBe(10_000);
  });

  it('records the dense features', () => {
    expect(encodeOfflineWeights(modelOf(2)).denseFeatures).toEqual(denseFeatureNames);
  });
});

describe('decodeOfflineWeights', () => {
  it('rejects weights fitted with other dense features', () => {
    const file = { ...encodeOfflineWeights(modelOf(2)), denseFeatures: ['characters'] };

    expect(() => decodeOfflineWeights(file)).toThrow(/other dense features.*npm run fit:offline-judge/);
  });

  it('rejects weights of the wrong size', () => {
    const file = { ...encodeOfflineWeights(modelOf(2)), hashBits: 3 };

    expect(() => decodeOfflineWeights(file)).toThrow(/hold \d+ values; \d+ were expected/);
  });
});

describe('hashOfflineWeights', () => {
  it('changes with any weight', () => {
    const model = modelOf(2);
    const before = hashOfflineWeights(encodeOfflineWeights(model));
    model.weights[5] = model.weights[5]! + 1;

    expect(hashOfflineWeights(encodeOfflineWeights(model))).not.toBe(before);
  });
});

describe('renderWeightsModule', () => {
  it('writes the weights as a module', () => {
    const file = encodeOfflineWeights(modelOf(2));
    const module = renderWeightsModule(file);

    expect(module).toContain(`intercepts: [${file.intercepts.join(', ')}],`);
    expect(module).toContain(`'${file.weights}'`);
    expect(module).toContain('export const offlineWeights: OfflineWeightsFile = {');
  });
});
