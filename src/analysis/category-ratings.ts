import { isLabel, labels, type Label } from '../outcome/index.js';

/**
 * A panel's ratings as category indexes: `ratings[row][judge]` is a non-negative integer, or null where that judge gave
 * no label. Rows are replies and columns are judges, so every row has the same length.
 */
export type CategoryRatings = readonly (readonly (number | null)[])[];

/**
 * Checks that every row has the same length and every entry is null or a non-negative integer, and returns the number
 * of judges (0 for no rows).
 *
 * @throws {RangeError} when the rows differ in length.
 * @throws {TypeError} when an entry is neither null nor a non-negative integer.
 */
export function checkCategoryRatings(ratings: CategoryRatings): number {
  const judges = ratings[0]?.length ?? 0;

  ratings.forEach((row, rowIndex) => {
    if (row.length !== judges) {
      throw new RangeError(
        `Invalid ratings: row ${rowIndex} has ${row.length} entries but row 0 has ${judges}. ` +
          'Give every row one entry per judge, with null where a judge gave no label.',
      );
    }
    row.forEach((category, column) => {
      if (category !== null && !(Number.isSafeInteger(category) && category >= 0)) {
        throw new TypeError(
          `Invalid category in row ${rowIndex}, column ${column}: expected a non-negative integer or null, got ${formatValue(category)}.`,
        );
      }
    });
  });

  return judges;
}

/** Counts how many entries of a row fall in each category. */
export function countCategories(categories: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const category of categories) counts.set(category, (counts.get(category) ?? 0) + 1);
  return counts;
}

/**
 * Replaces each label with its index in `labels` (refusal 0 up to proactive 3) and keeps nulls.
 *
 * @throws {TypeError} when an entry is neither null nor a label.
 */
export function labelsToCategories(ratings: readonly (readonly (Label | null)[])[]): (number | null)[][] {
  return ratings.map((row, rowIndex) =>
    row.map((label, column) => {
      if (label === null) return null;
      if (!isLabel(label)) {
        throw new TypeError(
          `Invalid label in row ${rowIndex}, column ${column}: expected one of ${labels.join(', ')} or null, got ${formatValue(label)}.`,
        );
      }
      return labels.indexOf(label);
    }),
  );
}

/** Formats a rejected value for an error message. JSON.stringify alone would print NaN as null. */
function formatValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
