/**
 * Computes the two-sided p-value of "no difference" from resampled differences: twice the smaller share
 * on either side of zero, with one added to both counts so it is never 0 from finite resamples.
 * Null when no resample defines the difference.
 */
export function bootstrapPValue(differences: ArrayLike<number | null>): number | null {
  let defined = 0;
  let below = 0;
  let above = 0;
  for (let index = 0; index < differences.length; index++) {
    const value = differences[index]!;
    if (value === null || Number.isNaN(value)) continue;
    defined++;
    if (value <= 0) below++;
    if (value >= 0) above++;
  }
  if (defined === 0) return null;
  return Math.min(1, (2 * (Math.min(below, above) + 1)) / (defined + 1));
}
