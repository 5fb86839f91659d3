/**
 * Formats a run's stored limits for its configuration list. An imported run was not run by
 * Complicity, so the defaults stored with it never applied, and the list says so instead.
 */
export function parametersText(parameters: Record<string, unknown>, importedFrom: string | undefined): string {
  if (importedFrom !== undefined) return `not applicable: imported from ${importedFrom}`;
  if (Object.keys(parameters).length === 0) return 'none recorded';
  return JSON.stringify(parameters, null, 2);
}
