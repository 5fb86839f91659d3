import type { RunListing } from '../../src/report/site/site-data.js';
import { newestFirst } from './run-text.js';

/**
 * Picks the run the bare address opens: the newest complete run, or the newest run when none
 * is complete, since an incomplete run's figures rest on part of its plan.
 */
export function homeRun(runs: readonly RunListing[]): RunListing | undefined {
  const ordered = newestFirst(runs);
  return ordered.find((run) => run.status === 'complete') ?? ordered[0];
}
