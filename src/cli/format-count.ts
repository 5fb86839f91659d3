/**
 * Formats a count with its noun, which takes the plural unless the count is 1.
 *
 * @example
 * formatCount(1, 'turn'); // '1 turn'
 * formatCount(3, 'reply', 'replies'); // '3 replies'
 */
export function formatCount(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
