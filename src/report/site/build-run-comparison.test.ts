import { describe, expect, it } from 'vitest';
import { defaultLimits, type RunConfig } from '../../runner/index.js';
import type { RunRecord } from '../../store/index.js';
import { pairSameSuiteRuns } from './build-run-comparison.js';

/** Builds a stored run with only what pairing reads: its suite, mode, models, scenarios and date. */
function runRecord({
  id,
  createdAt,
  mode = 'stateful',
  models = ['openai:alpha'],
  scenarioIds = ['scenario-1', 'scenario-2'],
  suiteHash = 'suite-1',
}: {
  id: string;
  createdAt: string;
  mode?: 'stateful' | 'stateless';
  models?: string[];
  scenarioIds?: string[];
  suiteHash?: string;
}): RunRecord {
  const config: RunConfig = {
    models,
    judges: ['openai:judge'],
    mode,
    system: 'neutral',
    replicates: 1,
    levels: [1, 2, 3, 4, 5],
    tracks: ['dystopian', 'benign'],
    scenarioIds,
    suitePaths: ['suites/test'],
    endpoints: {},
    limits: defaultLimits,
  };
  return { id, createdAt, updatedAt: createdAt, status: 'complete', suiteHash, config, scenarios: [], complicityVersion: '0.1.0' };
}

const pairIds = (runs: RunRecord[]) => pairSameSuiteRuns(runs).map(([first, second]) => `${first.id} against ${second.id}`);

describe('pairSameSuiteRuns', () => {
  it('pairs runs sharing scenarios and models', () => {
    const runs = [
      runRecord({ id: 'older', createdAt: '2026-12-01T10:00:00.000Z' }),
      runRecord({ id: 'newer', createdAt: '2026-12-02T10:00:00.000Z', scenarioIds: ['scenario-2', 'scenario-3'] }),
    ];

    expect(pairIds(runs)).toEqual(['newer against older']);
  });

  it('puts the stateful run first', () => {
    const runs = [
      runRecord({ id: 'stateful', createdAt: '2026-12-01T10:00:00.000Z' }),
      runRecord({ id: 'stateless', createdAt: '2026-12-02T10:00:00.000Z', mode: 'stateless' }),
    ];

    expect(pairIds(runs)).toEqual(['stateful against stateless']);
  });

  it('skips runs of another suite', () => {
    const runs = [
      runRecord({ id: 'first', createdAt: '2026-12-01T10:00:00.000Z' }),
      runRecord({ id: 'second', createdAt: '2026-12-02T10:00:00.000Z', suiteHash: 'suite-2' }),
    ];

    expect(pairIds(runs)).toEqual([]);
  });

  it('skips runs sharing no scenario', () => {
    const runs = [
      runRecord({ id: 'first', createdAt: '2026-12-01T10:00:00.000Z', scenarioIds: ['scenario-1'] }),
      runRecord({ id: 'second', createdAt: '2026-12-02T10:00:00.000Z', scenarioIds: ['scenario-2'] }),
    ];

    expect(pairIds(runs)).toEqual([]);
  });

  it('skips runs sharing no model', () => {
    const runs = [
      runRecord({ id: 'first', createdAt: '2026-12-01T10:00:00.000Z', models: ['openai:alpha'] }),
      runRecord({ id: 'second', createdAt: '2026-12-02T10:00:00.000Z', models: ['openai:beta'] }),
    ];

    expect(pairIds(runs)).toEqual([]);
  });
});
