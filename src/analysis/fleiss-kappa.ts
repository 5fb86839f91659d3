import type { Label } from '../outcome/index.js';
import { labelsToCategories } from './category-ratings.js';
import { fleissKappaOfCategories, type FleissKappaResult } from './fleiss-kappa-of-categories.js';

/**
 * Computes Fleiss' kappa for a panel: `ratings[reply][judge]` is the judge's label, or null where that judge gave none.
 * Only the replies that every judge labelled enter kappa, and the others are counted in `leftOut`. Kappa treats the
 * labels as unordered, so refusal against hesitant is as much a disagreement as refusal against proactive. For a
 * statistic that weighs near misses less, use `krippendorffAlpha` with `level: 'ordinal'`.
 * `fleissKappaOfCategories` states the formula and when kappa is null.
 *
 * @throws {RangeError} when the rows differ in length.
 * @throws {TypeError} when an entry is neither null nor a label.
 * @example
 * fleissKappa([
 *   ['refusal', 'refusal', 'refusal'],
 *   ['compliant', 'compliant', 'compliant'],
 *   ['refusal', 'hesitant', null],
 * ]); // { kappa: 1, rows: 2, leftOut: 1 }
 */
export function fleissKappa(ratings: readonly (readonly (Label | null)[])[]): FleissKappaResult {
  return fleissKappaOfCategories(labelsToCategories(ratings));
}
