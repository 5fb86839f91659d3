import { isLabel, labels, type Label } from '../outcome/index.js';

/** How far two verdict sets agree on the same replies. */
export interface LabelAgreement {
  /** Pairs compared: replies that both verdict sets labelled. */
  n: number;
  /** Share of pairs with the same label, or null when n is 0. */
  exactAgreement: number | null;
  /** Unweighted Cohen's kappa, or null when n is 0 or the expected agreement is 1. */
  kappa: number | null;
  /** Cohen's kappa with quadratic weights over the label order, or null under the same conditions as `kappa`. */
  weightedKappa: number | null;
  /** Confusion matrix: `matrix[a][b]` counts the pairs that set A labelled `a` and set B labelled `b`. Every cell is present. */
  matrix: Record<Label, Record<Label, number>>;
}

/**
 * Compares two verdict sets over the same replies, given as `[label from set A, label from set B]` pairs.
 *
 * With m_ij the confusion matrix, r_i its row sums and c_j its column sums:
 * - observed agreement p_o = Σ_i m_ii / n, and expected agreement p_e = Σ_i (r_i / n)(c_i / n) from the marginals.
 * - kappa = (p_o − p_e) / (1 − p_e).
 * - weightedKappa = 1 − (Σ_ij w_ij m_ij / n) / (Σ_ij w_ij r_i c_j / n²), with disagreement weights
 *   w_ij = (i − j)² / (k − 1)² over refusal < hesitant < compliant < proactive (k = 4).
 *
 * Both kappas are 0/0 when p_e = 1, which happens only when both sets give one and the same label to every reply.
 * They return null there rather than a chosen 0 or 1, while `exactAgreement` is 1.
 *
 * @throws {TypeError} when a pair contains a value that is not a label.
 * @example
 * compareLabels([['refusal', 'refusal'], ['compliant', 'hesitant']]).exactAgreement; // 0.5
 */
export function compareLabels(pairs: readonly (readonly [Label, Label])[]): LabelAgreement {
  return agreementOfMatrix(countPairs(pairs));
}

/** Computes the agreement figures of `compareLabels` from a confusion matrix of counts. */
export function agreementOfMatrix(matrix: Record<Label, Record<Label, number>>): LabelAgreement {
  const counts = labels.flatMap((row) => labels.map((column) => matrix[row][column]));
  return { ...agreementOfCounts(counts), matrix };
}

/**
 * Computes the figures of `agreementOfMatrix` from its cells in row order (`counts[i * 4 + j]`),
 * with the same operations in the same order, so both give the same bits. The bootstrap calls it
 * on thousands of resamples, where building the matrix object each time cost more than the figures.
 */
export function agreementOfCounts(counts: ArrayLike<number>): Omit<LabelAgreement, 'matrix'> {
  const k = labels.length;
  const rowSums = new Array<number>(k).fill(0);
  const columnSums = new Array<number>(k).fill(0);
  let n = 0;
  let agreed = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      rowSums[i]! += counts[i * k + j]!;
      columnSums[j]! += counts[i * k + j]!;
    }
    n += rowSums[i]!;
    agreed += counts[i * k + i]!;
  }
  if (n === 0) return { n, exactAgreement: null, kappa: null, weightedKappa: null };

  const shape = { counts, n, rowSums, columnSums };
  return {
    n,
    exactAgreement: agreed / n,
    kappa: weightedKappa(shape, (i, j) => (i === j ? 0 : 1)),
    weightedKappa: weightedKappa(shape, (i, j) => (i - j) ** 2 / (k - 1) ** 2),
  };
}

function countPairs(pairs: readonly (readonly [Label, Label])[]): Record<Label, Record<Label, number>> {
  const matrix = Object.fromEntries(labels.map((row) => [row, Object.fromEntries(labels.map((column) => [column, 0]))])) as Record<
    Label,
    Record<Label, number>
  >;

  pairs.forEach(([a, b], index) => {
    if (!isLabel(a) || !isLabel(b)) {
      throw new TypeError(`Invalid label in pair ${index}: expected one of ${labels.join(', ')}, got ${JSON.stringify([a, b])}.`);
    }
    matrix[a][b]++;
  });

  return matrix;
}

/**
 * Computes 1 − observed / expected weighted disagreement. The weight 1 for every mismatch gives unweighted kappa.
 * Returns null when the expected disagreement is 0, which for both weightings means p_e = 1.
 */
function weightedKappa(
  { counts, n, rowSums, columnSums }: { counts: ArrayLike<number>; n: number; rowSums: number[]; columnSums: number[] },
  weight: (i: number, j: number) => number,
): number | null {
  const k = labels.length;
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += (weight(i, j) * counts[i * k + j]!) / n;
      expected += (weight(i, j) * rowSums[i]! * columnSums[j]!) / (n * n);
    }
  }
  return expected === 0 ? null : 1 - observed / expected;
}
