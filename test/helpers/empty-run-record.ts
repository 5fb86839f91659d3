import type { RunRecord } from '../../src/store/index.js';

/** Builds the record of a running run with no config or scenarios, for tests that write its turns directly. */
export function emptyRunRecord(id: string, createdAt = '2026-12-05T10:00:00.000Z'): RunRecord {
  return {
    id,
    createdAt,
    updatedAt: createdAt,
    status: 'running',
    suiteHash: 'suite-hash',
    config: {},
    scenarios: [],
    complicityVersion: '0.1.0',
  };
}
