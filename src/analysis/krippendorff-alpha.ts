import type { Label } from '../outcome/index.js';
import { labelsToCategories } from './category-ratings.js';
import { krippendorffAlphaOfCategories, type KrippendorffAlphaResult, type MeasurementLevel } from './krippendorff-alpha-of-categories.js';

/**
 * Computes Krippendorff's alpha for a panel: `ratings[reply][judge]` is the judge's label, or null where that judge
 * gave none. A reply counts when at least two judges labelled it. With `level: 'ordinal'` the labels are ranked
 * refusal < hesitant < compliant < proactive, so a one-step disagreement costs less than a wider one; with
 * `level: 'nominal'` every disagreement costs the same. `krippendorffAlphaOfCategories` states the formula and when
 * alpha is null.
 *
 * @throws {RangeError} when the rows differ in length or `level` is not a measurement level.
 * @throws {TypeError} when an entry is neither null nor a label.
 * @example
 * krippendorffAlpha(
 *   [
 *     ['refusal', 'refusal', null],
 *     ['compliant', 'compliant', 'compliant'],
 *     ['hesitant', null, null],
 *   ],
 *   { level: 'ordinal' },
 * ); // { alpha: 1, rows: 2, pairable: 5 }
 */
export function krippendorffAlpha(
  ratings: readonly (readonly (Label | null)[])[],
  { level }: { level: MeasurementLevel },
): KrippendorffAlphaResult {
  return krippendorffAlphaOfCategories(labelsToCategories(ratings), { level });
}
