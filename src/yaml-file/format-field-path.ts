/**
 * Formats a field path as a property access, such as `levels[2].intent`.
 *
 * Returns an empty string for the empty path, which stands for the whole file.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      formatted += `[${segment}]`;
    } else {
      const name = typeof segment === 'symbol' ? String(segment.description) : segment;
      formatted += formatted === '' ? name : `.${name}`;
    }
  }
  return formatted;
}
