import { describe, expect, it } from 'vitest';

import { classCount, fitSoftmaxRegression, type SoftmaxFit } from './fit-softmax-regression.js';
import { buildSparseRows, type SparseRows } from './sparse-rows.js';

/** Rows from dense feature lists, every feature a column. */
function rowsOf(features: readonly (readonly number[])[]): SparseRows {
  const columnCount = features[0]?.length ?? 0;
  return buildSparseRows({
    vectors: features.map((row) => {
      const indices = row.flatMap((value, column) => (value === 0 ? [] : [column]));
      return { indices: Int32Array.from(indices), values: Float64Array.from(indices, (column) => row[column]!) };
    }),
    columnOf: new Map(Array.from({ length: columnCount }, (_, column) => [column, column])),
    columnCount,
  });
}

function probabilitiesOf(fit: SoftmaxFit, row: readonly number[]): number[] {
  const scores = Array.from({ length: classCount }, (_, label) =>
    row.reduce((sum, value, column) => sum + value * fit.weights[column * classCount + label]!, fit.intercepts[label]!),
  );
  const top = Math.max(...scores);
  const exponentials = scores.map((score) => Math.exp(score - top));
  const total = exponentials.reduce((sum, value) => sum + value, 0);
  return exponentials.map((value) => value / total);
}

/** Computes the documented objective independently: mean log loss plus l2 / 2 times the squared weights. */
function objective(features: readonly (readonly number[])[], labels: Int32Array, l2: number, fit: SoftmaxFit): number {
  const loss = features.reduce((sum, row, index) => sum - Math.log(probabilitiesOf(fit, row)[labels[index]!]!), 0) / features.length;
  return loss + (l2 / 2) * fit.weights.reduce((sum, weight) => sum + weight * weight, 0);
}

const features = [
  [1, 0, 0.5],
  [0.9, 0.1, 0],
  [0, 1, 0.2],
  [0.1, 0.8, 0],
  [0, 0, 1],
  [0.2, 0, 0.9],
  [1, 1, 1],
  [0, 0.1, 0.1],
];
const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);

describe('fitSoftmaxRegression', () => {
  it('fits class frequencies with no features', () => {
    const fit = fitSoftmaxRegression({
      rows: rowsOf([[], [], [], [], []]),
      labels: Int32Array.from([0, 2, 2, 3, 3]),
      l2: 1,
      iterations: 50,
    });
    const probabilities = probabilitiesOf(fit, []);

    // The intercepts carry no penalty, so the fit is the maximum-likelihood one: the label shares.
    expect(probabilities[0]).toBeCloseTo(0.2, 6);
    expect(probabilities[1]).toBeCloseTo(0, 6);
    expect(probabilities[2]).toBeCloseTo(0.4, 6);
    expect(probabilities[3]).toBeCloseTo(0.4, 6);
  });

  it('separates labels by their features', () => {
    const fit = fitSoftmaxRegression({ rows: rowsOf(features), labels, l2: 0.01, iterations: 200 });

    features.forEach((row, index) => {
      const probabilities = probabilitiesOf(fit, row);
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(labels[index]);
    });
  });

  it('reaches a minimum of the documented objective', () => {
    const l2 = 0.1;
    const fit = fitSoftmaxRegression({ rows: rowsOf(features), labels, l2, iterations: 200 });
    const at = objective(features, labels, l2, fit);

    expect(fit.loss).toBeCloseTo(at, 10);
    expect(fit.gradientNorm).toBeLessThan(1e-6);
    // Nudging any single parameter either way raises the objective.
    for (const key of ['weights', 'intercepts'] as const) {
      for (let index = 0; index < fit[key].length; index++) {
        for (const nudge of [-1e-3, 1e-3]) {
          const moved = { ...fit, [key]: Float64Array.from(fit[key], (value, position) => (position === index ? value + nudge : value)) };
          expect(objective(features, labels, l2, moved)).toBeGreaterThan(at);
        }
      }
    }
  });

  it('gives the same bits twice', () => {
    const first = fitSoftmaxRegression({ rows: rowsOf(features), labels, l2: 0.05, iterations: 30 });
    const second = fitSoftmaxRegression({ rows: rowsOf(features), labels, l2: 0.05, iterations: 30 });

    expect(Array.from(second.weights)).toEqual(Array.from(first.weights));
    expect(Array.from(second.intercepts)).toEqual(Array.from(first.intercepts));
  });

  it('runs the iterations it is given', () => {
    const fit = fitSoftmaxRegression({ rows: rowsOf(features), labels, l2: 0.05, iterations: 7 });

    expect(fit.iterations).toBe(7);
  });
});
