import { describe, expect, it } from 'vitest';

import { choosePenalty } from './choose-penalty.js';
import type { SparseVector } from './extract-features.js';
import { offlineFitSettings } from './fit-offline-model.js';

const settings = { ...offlineFitSettings, hashBits: 2, iterations: 50 };
const models = ['a', 'b', 'c', 'd', 'e', 'f'];

/** A deterministic generator of integers below `limit` (a linear congruential generator). */
function createIntegers(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor((state / 2 ** 31) * limit);
  };
}

/** Builds a vector of dense features only, so that no document-frequency cut applies. */
function vectorOf(features: number[]): SparseVector {
  const indices = [...new Set(features)].sort((first, second) => first - second);
  return { indices: Int32Array.from(indices), values: new Float64Array(indices.length).fill(1) };
}

/** Builds twelve replies per model, each with five unrelated features and, with `signal`, one that gives its label. */
function buildReplies({ signal }: { signal: boolean }) {
  const next = createIntegers(7);
  const groups = models.flatMap((model) => Array.from({ length: 12 }, () => model));
  const labels = Int32Array.from(groups, () => next(4));
  const vectors = groups.map((_, row) => {
    const noise = Array.from({ length: 5 }, () => 10 + next(80));
    return vectorOf(signal ? [1 + labels[row]!, ...noise] : noise);
  });
  return { vectors, labels, groups };
}

describe('choosePenalty', () => {
  it('scores every factor of the grid', () => {
    const choice = choosePenalty({ ...buildReplies({ signal: false }), settings });

    expect(choice.innerLogLoss).toHaveLength(3);
    for (const loss of choice.innerLogLoss) expect(Number.isFinite(loss) && loss > 0).toBe(true);
  });

  it('picks the strongest penalty for noise', () => {
    const choice = choosePenalty({ ...buildReplies({ signal: false }), settings });

    expect(choice.innerLogLoss[2]).toBeLessThan(choice.innerLogLoss[1]!);
    expect(choice.factor).toBe(3);
  });

  it('picks the weakest penalty for a clean signal', () => {
    const choice = choosePenalty({ ...buildReplies({ signal: true }), settings });

    expect(choice.innerLogLoss[0]).toBeLessThan(choice.innerLogLoss[1]!);
    expect(choice.factor).toBe(1 / 3);
  });

  it('scores on models held out whole', () => {
    // Each model has a feature of its own that marks one label in its replies, plus an unrelated
    // feature. Scored on replies of models it has seen, the weakest penalty would win. Models held
    // out whole make that feature useless, so the strongest penalty wins as for noise.
    const next = createIntegers(11);
    const groups = models.flatMap((model) => Array.from({ length: 12 }, () => model));
    const labels = Int32Array.from(groups, (_, row) => row % 4);
    const vectors = groups.map((model, row) => {
      const own = models.indexOf(model);
      const noise = 10 + next(80);
      return vectorOf(labels[row] === own % 4 ? [1 + own, noise] : [noise]);
    });
    const choice = choosePenalty({ vectors, labels, groups, settings });

    expect(choice.factor).toBe(3);
  });

  it('keeps the middle factor on a tie', () => {
    // Without features only the unpenalised intercepts are fitted, so every factor scores the same.
    const { labels, groups } = buildReplies({ signal: false });
    const vectors = groups.map(() => vectorOf([]));
    const choice = choosePenalty({ vectors, labels, groups, settings });

    expect(new Set(choice.innerLogLoss).size).toBe(1);
    expect(choice.factor).toBe(1);
  });

  it('rejects a grid without a middle factor', () => {
    expect(() => choosePenalty({ ...buildReplies({ signal: false }), settings: { ...settings, penaltyFactors: [1, 3] } })).toThrow(
      /odd in number/,
    );
  });

  it('rejects a grid out of order', () => {
    expect(() => choosePenalty({ ...buildReplies({ signal: false }), settings: { ...settings, penaltyFactors: [3, 1, 1 / 3] } })).toThrow(
      /increasing/,
    );
  });

  it('rejects fewer models than inner folds', () => {
    const { vectors, labels } = buildReplies({ signal: false });
    const groups = vectors.map((_, row) => (row % 2 === 0 ? 'a' : 'b'));

    expect(() => choosePenalty({ vectors, labels, groups, settings })).toThrow(/at least 3 groups/);
  });
});
