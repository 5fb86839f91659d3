import { checkCategoryRatings, countCategories, type CategoryRatings } from './category-ratings.js';

/** Fleiss' kappa over a panel, with the rows it used and the rows it left out. */
export interface FleissKappaResult {
  /** Fleiss' kappa over the complete rows, or null where it is undefined. */
  kappa: number | null;
  /** Complete rows: replies that every judge labelled. */
  rows: number;
  /** Rows left out because at least one judge gave no label. */
  leftOut: number;
}

/**
 * Computes Fleiss' kappa (Fleiss, "Measuring nominal scale agreement among many raters", 1971) for ratings given as
 * category indexes, `ratings[row][judge]`, with null where a judge gave no label. Fleiss' kappa assumes the same number of raters on every row, so a row with any null is left
 * out and counted in `leftOut`.
 *
 * With N complete rows, m judges and n_ij the number of judges that put row i in category j:
 * - P_i = (Σ_j n_ij² − m) / (m(m − 1)) is the share of agreeing judge pairs on row i, and P̄ is their mean.
 * - p_j = Σ_i n_ij / (N m), and the expected agreement is P_e = Σ_j p_j².
 * - kappa = (P̄ − P_e) / (1 − P_e).
 *
 * kappa is null where it is undefined: with fewer than two judges (P_i is 0/0), with no complete row, and when
 * P_e = 1, which happens only when every rating is the same category. Null is not a chosen 0 or 1.
 * Categories are only compared for equality, so their order, gaps and unused categories change nothing.
 *
 * @throws {RangeError} when the rows differ in length.
 * @throws {TypeError} when an entry is neither null nor a non-negative integer.
 * @example
 * fleissKappaOfCategories([[0, 0, 0], [1, 1, 1], [0, 1, null]]); // { kappa: 1, rows: 2, leftOut: 1 }
 */
export function fleissKappaOfCategories(ratings: CategoryRatings): FleissKappaResult {
  const judges = checkCategoryRatings(ratings);
  const completeRows = ratings.filter((row): row is readonly number[] => row.every((category) => category !== null));
  const rows = completeRows.length;
  const leftOut = ratings.length - rows;
  if (judges < 2 || rows === 0) return { kappa: null, rows, leftOut };

  // Integer sums: Σ_i Σ_j n_ij² and the totals Σ_i n_ij of each category.
  let squaredCounts = 0;
  const categoryTotals = new Map<number, number>();
  for (const row of completeRows) {
    for (const [category, count] of countCategories(row)) {
      squaredCounts += count * count;
      categoryTotals.set(category, (categoryTotals.get(category) ?? 0) + count);
    }
  }

  const ratingCount = rows * judges;
  const meanAgreement = (squaredCounts - ratingCount) / (ratingCount * (judges - 1));
  let squaredTotals = 0;
  for (const total of categoryTotals.values()) squaredTotals += total * total;

  // P_e = Σ_j total_j² / (N m)². Comparing the integers keeps the test for P_e = 1 exact.
  if (squaredTotals === ratingCount * ratingCount) return { kappa: null, rows, leftOut };
  const expectedAgreement = squaredTotals / (ratingCount * ratingCount);

  return { kappa: (meanAgreement - expectedAgreement) / (1 - expectedAgreement), rows, leftOut };
}
