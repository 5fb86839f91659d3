import { checkCategoryRatings, countCategories, type CategoryRatings } from './category-ratings.js';

/** The level of measurement, which picks the difference function δ² between two categories. */
export type MeasurementLevel = 'nominal' | 'ordinal';

const measurementLevels: readonly MeasurementLevel[] = ['nominal', 'ordinal'];

/** Krippendorff's alpha over a panel, with the rows and values it could pair. */
export interface KrippendorffAlphaResult {
  /** Krippendorff's alpha, or null where it is undefined. */
  alpha: number | null;
  /** Pairable rows: replies that at least two judges labelled. */
  rows: number;
  /** Pairable values n: the labels in the pairable rows, which is also the sum of the coincidence matrix. */
  pairable: number;
}

/**
 * Computes Krippendorff's alpha for ratings given as category indexes, `ratings[row][judge]`, with null where a judge
 * gave no label. Missing values are allowed: a row counts when at least two judges labelled it, and rows with fewer
 * labels are left out because their values cannot be paired.
 *
 * The computation follows Krippendorff's note "Computing Krippendorff's Alpha-Reliability" (2011). With m_u the labels
 * in row u and n_uc those in category c:
 * - the coincidence matrix is o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1), with marginals n_c and total n.
 * - alpha = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck.
 * - nominal: δ²_ck = 1 when c ≠ k, else 0.
 * - ordinal: δ²_ck = (Σ_{g from c to k} n_g − (n_c + n_k) / 2)², so the distance between two categories grows with the
 *   number of values coded between them rather than with the difference of their indexes.
 *
 * alpha is null where it is undefined (0/0): with no pairable row, and when every pairable value is the same
 * category. Null is not a chosen 1. Ordinal alpha reads the categories in ascending index order, and an index that no
 * judge used has n_g = 0, so gaps change nothing.
 *
 * @throws {RangeError} when the rows differ in length or `level` is not a measurement level.
 * @throws {TypeError} when an entry is neither null nor a non-negative integer.
 * @example
 * krippendorffAlphaOfCategories([[0, 0], [1, 1], [0, null]], { level: 'nominal' }); // { alpha: 1, rows: 2, pairable: 4 }
 */
export function krippendorffAlphaOfCategories(ratings: CategoryRatings, { level }: { level: MeasurementLevel }): KrippendorffAlphaResult {
  if (!measurementLevels.includes(level)) {
    throw new RangeError(`Invalid level: expected one of ${measurementLevels.join(', ')}, got ${JSON.stringify(level)}.`);
  }
  checkCategoryRatings(ratings);

  const units = ratings
    .map((row) => row.filter((category): category is number => category !== null))
    .filter((values) => values.length >= 2);
  const unitCounts = units.map((values) => countCategories(values));
  const categories = [...new Set(units.flat())].sort((a, b) => a - b);
  const positions = new Map(categories.map((category, position) => [category, position]));

  const coincidences = categories.map(() => categories.map(() => 0));
  const totals = categories.map(() => 0);
  unitCounts.forEach((counts, unit) => {
    const pairs = units[unit]!.length - 1;
    for (const [first, firstCount] of counts) {
      const row = positions.get(first)!;
      totals[row]! += firstCount;
      for (const [second, secondCount] of counts) {
        const column = positions.get(second)!;
        coincidences[row]![column]! += (firstCount * (first === second ? secondCount - 1 : secondCount)) / pairs;
      }
    }
  });

  const rows = units.length;
  const pairable = totals.reduce((sum, total) => sum + total, 0);
  if (categories.length < 2) return { alpha: null, rows, pairable };

  const differences = level === 'nominal' ? nominalDifferences(categories.length) : ordinalDifferences(totals);
  let observed = 0;
  let expected = 0;
  differences.forEach((differenceRow, c) => {
    differenceRow.forEach((difference, k) => {
      observed += coincidences[c]![k]! * difference;
      expected += totals[c]! * totals[k]! * difference;
    });
  });

  // With two or more categories in use, every off-diagonal δ² is positive, so expected is too.
  return { alpha: 1 - ((pairable - 1) * observed) / expected, rows, pairable };
}

function nominalDifferences(size: number): number[][] {
  return Array.from({ length: size }, (_, c) => Array.from({ length: size }, (_, k) => (c === k ? 0 : 1)));
}

/** Builds δ²_ck from the marginals n_g of the categories in ascending order. */
function ordinalDifferences(totals: readonly number[]): number[][] {
  // cumulative[i] = Σ_{g < i} n_g, so Σ_{g = c}^{k} n_g = cumulative[k + 1] − cumulative[c] for c ≤ k.
  const cumulative = [0];
  for (const total of totals) cumulative.push(cumulative.at(-1)! + total);

  return totals.map((_, c) =>
    totals.map((_, k) => {
      const low = Math.min(c, k);
      const high = Math.max(c, k);
      const between = cumulative[high + 1]! - cumulative[low]!;
      return (between - (totals[low]! + totals[high]!) / 2) ** 2;
    }),
  );
}
