/**
 * Adjusts p-values for testing several hypotheses at once by Holm's step-down method: the k-th
 * smallest of m p-values is multiplied by m - k + 1, and adjusted values never decrease along
 * that order. Null values stay null and do not count among the m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const order = pValues
    .map((value, index) => ({ value, index }))
    .filter((entry): entry is { value: number; index: number } => entry.value !== null)
    .sort((a, b) => a.value - b.value);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  for (const [rank, { value, index }] of order.entries()) {
    running = Math.max(running, Math.min(1, (order.length - rank) * value));
    adjusted[index] = running;
  }
  return adjusted;
}
