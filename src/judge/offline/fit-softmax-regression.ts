import { LbfgsHistory, dot } from './lbfgs-history.js';
import type { SparseRows } from './sparse-rows.js';

/**
 * The number of classes: the four labels. The loops below are written out for four, which ran
 * about three times faster under V8 than loops over a class count.
 */
export const classCount = 4;

/** Weights of a multinomial logistic regression: four per column, column after column, then four intercepts. */
export interface SoftmaxFit {
  /** `weights[column * 4 + class]`. */
  weights: Float64Array;
  intercepts: Float64Array;
  /** The objective (mean log loss plus penalty) at the end, and the length of its gradient there. */
  loss: number;
  gradientNorm: number;
  /** Iterations run: the requested number, or fewer when no step lowered the objective. */
  iterations: number;
}

// Armijo's sufficient-decrease constant and the most halvings of a step, standard choices.
const sufficientDecrease = 1e-4;
const maximumHalvings = 30;
const historyMemory = 8;

/**
 * Fits a multinomial logistic regression with an L2 penalty by L-BFGS: it minimises the mean log
 * loss plus `l2 / 2` times the squared length of the weights (the intercepts are not penalised).
 *
 * Deterministic: it starts from zero, runs a fixed number of iterations, draws no random number
 * and sums every vector in index order. So the same input gives the same bits on any machine
 * whose JavaScript engine computes `Math.exp` and `Math.log` alike.
 *
 * A linear model's margins move linearly along a search direction, so each iteration computes the
 * direction's margins once and tries step lengths at the cost of the loss alone.
 *
 * @example
 * const fit = fitSoftmaxRegression({ rows, labels: Int32Array.from([0, 2, 3]), l2: 1 / 3, iterations: 100 });
 */
export function fitSoftmaxRegression({
  rows,
  labels,
  l2,
  iterations,
}: {
  rows: SparseRows;
  /** The class of each row, from 0 to 3. */
  labels: Int32Array;
  l2: number;
  iterations: number;
}): SoftmaxFit {
  const size = rows.columnCount * classCount + classCount;
  const weightCount = rows.columnCount * classCount;
  const parameters = new Float64Array(size);
  const gradient = new Float64Array(size);
  const direction = new Float64Array(size);
  const previous = new Float64Array(size);
  const previousGradient = new Float64Array(size);
  const margins = new Float64Array(rows.rowCount * classCount);
  const directionMargins = new Float64Array(margins.length);
  const residuals = new Float64Array(margins.length);
  const history = new LbfgsHistory({ size, memory: historyMemory });

  let loss = evaluate({ rows, labels, l2, parameters, margins, residuals, gradient });
  let done = 0;
  for (; done < iterations; done++) {
    history.direction(gradient, direction);
    const slope = dot(gradient, direction);
    if (!(slope < 0)) break;

    computeMargins(rows, direction, directionMargins);
    const penalty = penaltyTerms(parameters, direction, weightCount);
    let step = history.isEmpty ? 1 / Math.sqrt(dot(gradient, gradient)) : 1;
    let accepted = false;
    for (let halving = 0; halving <= maximumHalvings; halving++) {
      const trial =
        meanLogLoss({ margins, directionMargins, step, labels }) +
        (l2 / 2) * (penalty.weights + 2 * step * penalty.cross + step * step * penalty.direction);
      if (trial <= loss + sufficientDecrease * step * slope) {
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break;

    previous.set(parameters);
    previousGradient.set(gradient);
    for (let index = 0; index < size; index++) parameters[index]! += step * direction[index]!;
    for (let index = 0; index < margins.length; index++) margins[index]! += step * directionMargins[index]!;
    loss = evaluateAtMargins({ rows, labels, l2, parameters, margins, residuals, gradient });
    history.record({ before: previous, after: parameters, gradientBefore: previousGradient, gradientAfter: gradient });
  }

  return {
    weights: parameters.slice(0, weightCount),
    intercepts: parameters.slice(weightCount),
    loss,
    gradientNorm: Math.sqrt(dot(gradient, gradient)),
    iterations: done,
  };
}

interface Evaluation {
  rows: SparseRows;
  labels: Int32Array;
  l2: number;
  parameters: Float64Array;
  margins: Float64Array;
  residuals: Float64Array;
  gradient: Float64Array;
}

function evaluate(evaluation: Evaluation): number {
  computeMargins(evaluation.rows, evaluation.parameters, evaluation.margins);
  return evaluateAtMargins(evaluation);
}

/** Returns the objective at the current margins and writes its gradient. */
function evaluateAtMargins({ rows, labels, l2, parameters, margins, residuals, gradient }: Evaluation): number {
  const dataLoss = computeResiduals({ margins, labels, residuals });
  gradient.fill(0);
  const { rowStarts, columns, values } = rows;
  const interceptsAt = rows.columnCount * classCount;
  for (let row = 0; row < rows.rowCount; row++) {
    const at = row * classCount;
    const r0 = residuals[at]!;
    const r1 = residuals[at + 1]!;
    const r2 = residuals[at + 2]!;
    const r3 = residuals[at + 3]!;
    for (let entry = rowStarts[row]!; entry < rowStarts[row + 1]!; entry++) {
      const base = columns[entry]! * classCount;
      const value = values[entry]!;
      gradient[base]! += r0 * value;
      gradient[base + 1]! += r1 * value;
      gradient[base + 2]! += r2 * value;
      gradient[base + 3]! += r3 * value;
    }
    gradient[interceptsAt]! += r0;
    gradient[interceptsAt + 1]! += r1;
    gradient[interceptsAt + 2]! += r2;
    gradient[interceptsAt + 3]! += r3;
  }
  let squares = 0;
  for (let index = 0; index < interceptsAt; index++) {
    const weight = parameters[index]!;
    squares += weight * weight;
    gradient[index]! += l2 * weight;
  }
  return dataLoss + (l2 / 2) * squares;
}

/** Writes each row's four margins (intercept plus weighted features) for a parameter vector. */
function computeMargins(rows: SparseRows, parameters: Float64Array, margins: Float64Array): void {
  const { rowStarts, columns, values } = rows;
  const interceptsAt = rows.columnCount * classCount;
  for (let row = 0; row < rows.rowCount; row++) {
    let m0 = parameters[interceptsAt]!;
    let m1 = parameters[interceptsAt + 1]!;
    let m2 = parameters[interceptsAt + 2]!;
    let m3 = parameters[interceptsAt + 3]!;
    for (let entry = rowStarts[row]!; entry < rowStarts[row + 1]!; entry++) {
      const base = columns[entry]! * classCount;
      const value = values[entry]!;
      m0 += parameters[base]! * value;
      m1 += parameters[base + 1]! * value;
      m2 += parameters[base + 2]! * value;
      m3 += parameters[base + 3]! * value;
    }
    const at = row * classCount;
    margins[at] = m0;
    margins[at + 1] = m1;
    margins[at + 2] = m2;
    margins[at + 3] = m3;
  }
}

/** Returns the mean log loss and writes (probability − indicator) / rows for each row and class. */
function computeResiduals({ margins, labels, residuals }: { margins: Float64Array; labels: Int32Array; residuals: Float64Array }): number {
  const rowCount = labels.length;
  let loss = 0;
  for (let row = 0; row < rowCount; row++) {
    const at = row * classCount;
    const top = Math.max(margins[at]!, margins[at + 1]!, margins[at + 2]!, margins[at + 3]!);
    const e0 = Math.exp(margins[at]! - top);
    const e1 = Math.exp(margins[at + 1]! - top);
    const e2 = Math.exp(margins[at + 2]! - top);
    const e3 = Math.exp(margins[at + 3]! - top);
    const total = e0 + e1 + e2 + e3;
    const label = labels[row]!;
    loss += Math.log(total) - (margins[at + label]! - top);
    residuals[at] = (e0 / total - (label === 0 ? 1 : 0)) / rowCount;
    residuals[at + 1] = (e1 / total - (label === 1 ? 1 : 0)) / rowCount;
    residuals[at + 2] = (e2 / total - (label === 2 ? 1 : 0)) / rowCount;
    residuals[at + 3] = (e3 / total - (label === 3 ? 1 : 0)) / rowCount;
  }
  return loss / rowCount;
}

/** Returns the mean log loss at margins + step × directionMargins. */
function meanLogLoss({
  margins,
  directionMargins,
  step,
  labels,
}: {
  margins: Float64Array;
  directionMargins: Float64Array;
  step: number;
  labels: Int32Array;
}): number {
  const rowCount = labels.length;
  let loss = 0;
  for (let row = 0; row < rowCount; row++) {
    const at = row * classCount;
    const m0 = margins[at]! + step * directionMargins[at]!;
    const m1 = margins[at + 1]! + step * directionMargins[at + 1]!;
    const m2 = margins[at + 2]! + step * directionMargins[at + 2]!;
    const m3 = margins[at + 3]! + step * directionMargins[at + 3]!;
    const top = Math.max(m0, m1, m2, m3);
    const total = Math.exp(m0 - top) + Math.exp(m1 - top) + Math.exp(m2 - top) + Math.exp(m3 - top);
    const label = labels[row]!;
    const own = margins[at + label]! + step * directionMargins[at + label]!;
    loss += Math.log(total) - (own - top);
  }
  return loss / rowCount;
}

/** Computes w·w, w·d and d·d over the weights alone: the terms of the penalty along a direction. */
function penaltyTerms(parameters: Float64Array, direction: Float64Array, weightCount: number) {
  let weights = 0;
  let cross = 0;
  let along = 0;
  for (let index = 0; index < weightCount; index++) {
    weights += parameters[index]! * parameters[index]!;
    cross += parameters[index]! * direction[index]!;
    along += direction[index]! * direction[index]!;
  }
  return { weights, cross, direction: along };
}
