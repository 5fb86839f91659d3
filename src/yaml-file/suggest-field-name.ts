/**
 * Suggests the known field that an unknown field name was probably meant to be.
 *
 * A name matches when it differs only in case, hyphens or underscores (`end_state` for
 * `endState`), or else when it is at most two edits away (`promt` for `prompt`). Returns
 * `undefined` when no known field is that close.
 */
export function suggestFieldName(name: string, fieldNames: readonly string[]): string | undefined {
  const normalized = normalize(name);
  const sameLetters = fieldNames.find((fieldName) => normalize(fieldName) === normalized);
  if (sameLetters !== undefined) {
    return sameLetters;
  }

  let closest: string | undefined;
  let closestDistance = 3;
  for (const fieldName of fieldNames) {
    const distance = editDistance(normalized, normalize(fieldName));
    if (distance < closestDistance) {
      closest = fieldName;
      closestDistance = distance;
    }
  }
  return closest;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** Levenshtein distance: the number of single-character insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previousRow = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previousRow[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previousRow[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previousRow = row;
  }
  return previousRow[b.length] ?? 0;
}
