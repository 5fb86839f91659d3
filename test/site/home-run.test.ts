import { describe, expect, it } from 'vitest';
import type { RunListing } from '../../src/report/site/site-data.js';
import { homeRun } from '../../site/src/home-run.js';

function listing(runId: string, createdAt: string, status: string): RunListing {
  return {
    runId,
    createdAt,
    status,
    mode: 'stateful',
    system: 'neutral',
    judges: [],
    suiteHash: 'suite-1',
    suites: [],
    models: [],
    families: [],
  };
}

describe('homeRun', () => {
  it('prefers the newest complete run', () => {
    const runs = [
      listing('older-complete', '2026-12-01T10:00:00.000Z', 'complete'),
      listing('newer-complete', '2026-12-02T10:00:00.000Z', 'complete'),
      listing('newest-incomplete', '2026-12-03T10:00:00.000Z', 'incomplete'),
    ];

    expect(homeRun(runs)?.runId).toBe('newer-complete');
  });

  it('falls back to the newest run', () => {
    const runs = [listing('older', '2026-12-01T10:00:00.000Z', 'interrupted'), listing('newer', '2026-12-02T10:00:00.000Z', 'incomplete')];

    expect(homeRun(runs)?.runId).toBe('newer');
  });

  it('returns nothing for no runs', () => {
    expect(homeRun([])).toBeUndefined();
  });
});
