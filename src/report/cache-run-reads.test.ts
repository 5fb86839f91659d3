import { describe, expect, it, vi } from 'vitest';

import { Store } from '../store/index.js';
import { cacheRunReads } from './cache-run-reads.js';

function storeWithRuns(ids: readonly string[]): Store {
  const store = Store.open(':memory:');
  for (const id of ids) {
    store.createRun({
      id,
      createdAt: '2026-12-01T09:00:00.000Z',
      updatedAt: '2026-12-01T09:00:00.000Z',
      status: 'complete',
      suiteHash: 'suite-hash',
      config: {},
      scenarios: [],
      complicityVersion: '0.1.0',
    });
    store.saveTurn({
      runId: id,
      model: 'openai:a',
      scenarioId: 'ferry-rota',
      track: 'dystopian',
      level: 1,
      replicate: 1,
      status: 'ok',
      prompt: 'Draft the rota.',
      reply: 'Here it is.',
      attempts: 1,
      finishedAt: '2026-12-01T09:00:01.000Z',
    });
  }
  return store;
}

describe('cacheRunReads', () => {
  it('reads a run once', () => {
    const store = storeWithRuns(['run-1']);
    const read = vi.spyOn(store, 'listTurnOutcomes');
    const cached = cacheRunReads(store);

    const first = cached.listTurnOutcomes('run-1');
    const second = cached.listTurnOutcomes('run-1');

    expect(second).toBe(first);
    expect(first).toHaveLength(1);
    expect(read).toHaveBeenCalledTimes(1);
    store.close();
  });

  it('reads panel outcomes once', () => {
    const store = storeWithRuns(['run-1']);
    const read = vi.spyOn(store, 'listPanelOutcomes');
    const cached = cacheRunReads(store);

    const first = cached.listPanelOutcomes('run-1');

    expect(cached.listPanelOutcomes('run-1')).toBe(first);
    expect(read).toHaveBeenCalledTimes(1);
    store.close();
  });

  it('reads again a run read three runs ago', () => {
    const store = storeWithRuns(['run-1', 'run-2', 'run-3']);
    const read = vi.spyOn(store, 'listPanelOutcomes');
    const cached = cacheRunReads(store);

    for (const runId of ['run-1', 'run-2', 'run-3', 'run-1']) cached.listPanelOutcomes(runId);

    expect(read).toHaveBeenCalledTimes(4);
    store.close();
  });

  it('reads panel votes from the store every time', () => {
    const store = storeWithRuns(['run-1']);
    const read = vi.spyOn(store, 'listPanels');
    const cached = cacheRunReads(store);

    cached.listPanels('run-1');
    cached.listPanels('run-1');

    expect(read).toHaveBeenCalledTimes(2);
    store.close();
  });

  it('passes other calls to the store', () => {
    const store = storeWithRuns(['run-1']);
    const cached = cacheRunReads(store);

    expect(cached.getRun('run-1')?.id).toBe('run-1');
    expect(cached.listTurns('run-1')[0]?.reply).toBe('Here it is.');
    store.close();
  });
});
