/**
 * Orders two strings by UTF-16 code units.
 *
 * Sorting with it gives the same order on every machine, unlike `localeCompare`, which depends
 * on the locale.
 */
export function compareCodeUnits(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  if (a > b) {
    return 1;
  }
  return 0;
}
