/**
 * Computes the two-sided p-value of "no difference" from resampled differences: twice the smaller share
 * on either side of zero, with one added to both counts so it is never 0 from finite resamples.
 * Null when no resample defines the difference.
 */
export function bootstrapPValue(differences: readonly (number | null)[]): number | null {
  const defined = differences.filter((value): value is number => value !== null);
  if (defined.length === 0) return null;
  const below = defined.filter((value) => value <= 0).length;
  const above = defined.filter((value) => value >= 0).length;
  return Math.min(1, (2 * (Math.min(below, above) + 1)) / (defined.length + 1));
}
