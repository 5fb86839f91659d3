import type { RunSummary } from '../runner/index.js';

/** Exit codes: 0 success, 1 failure of the work, 2 misuse, 130 interrupted. */
export const exitCodes = { success: 0, failure: 1, usage: 2, interrupted: 130 } as const;

export function exitCodeOf(summary: RunSummary): number {
  if (summary.status === 'interrupted') return exitCodes.interrupted;
  return summary.status === 'complete' ? exitCodes.success : exitCodes.failure;
}
