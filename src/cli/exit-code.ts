import type { RunSummary } from '../runner/index.js';

/**
 * Exit codes: 0 success, 1 failure of the work, 2 misuse, 3 stopped by `--max-cost` or
 * `--max-tokens` (resume with a higher budget), 130 interrupted.
 */
export const exitCodes = { success: 0, failure: 1, usage: 2, budgetReached: 3, interrupted: 130 } as const;

export function exitCodeOf(summary: RunSummary): number {
  if (summary.status === 'interrupted') return exitCodes.interrupted;
  if (summary.status === 'budget-reached') return exitCodes.budgetReached;
  return summary.status === 'complete' ? exitCodes.success : exitCodes.failure;
}
