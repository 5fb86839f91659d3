import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { emptyRunRecord } from '../../test/helpers/empty-run-record.js';
import { Store } from './store.js';

// More turns than one page of an outcome listing (10,000 rows), in an order unlike the ids', with
// a second run interleaved, so that a page boundary that drops or repeats a row shows.
let directory: string;
let path: string;
let store: Store;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-pages-'));
  path = join(directory, 'complicity.db');
  store = Store.open(path);
  for (const id of ['run-1', 'run-2']) store.createRun(emptyRunRecord(id));
  store.transaction(() => {
    for (let index = 0; index < 12_500; index++) {
      for (const runId of ['run-1', 'run-2']) {
        // Models and scenarios written in reverse, so the listing order differs from the ids'.
        const turnId = store.saveTurn({
          runId,
          model: `model-${String(4 - (index % 5))}`,
          scenarioId: `scenario-${String(2499 - Math.floor(index / 5)).padStart(4, '0')}`,
          track: 'dystopian',
          level: 1 + (index % 3),
          replicate: 1 + Math.floor(index / 7500),
          status: index % 11 === 0 ? 'error' : 'ok',
          statusKind: index % 11 === 0 ? 'network' : undefined,
          prompt: 'Draft the rota.',
          attempts: 1,
          finishedAt: '2026-12-05T10:00:05.000Z',
        });
        // Two panels on most turns, written with the judges in reverse order.
        const panels = index % 4 === 0 ? ['j'] : ['offline', 'j'];
        for (const judges of panels) {
          store.savePanel({
            turnId,
            judges,
            label: 'compliant',
            unscoredReason: null,
            agreement: 1,
            votes: [],
            createdAt: '2026-12-05T10:00:06.000Z',
          });
        }
      }
    }
  });
});

afterAll(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Reads the same rows in one unpaged query, as the listings did before they were paged. */
function unpaged<T>(sql: string): T[] {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare(sql).all('run-1') as T[];
  } finally {
    database.close();
  }
}

describe('Store outcome listings across pages', () => {
  it('lists every turn once in key order', () => {
    const expected = unpaged<{ id: number }>(
      'SELECT id FROM turns WHERE run_id = ? ORDER BY model, scenario_id, track, replicate, level',
    ).map((row) => row.id);

    const listed = store.listTurnOutcomes('run-1');

    expect(listed).toHaveLength(12_500);
    expect(listed.map((turn) => turn.id)).toEqual(expected);
    expect(listed.filter((turn) => turn.status === 'error').every((turn) => turn.statusKind === 'network')).toBe(true);
  });

  it('lists every panel once in turn order', () => {
    const expected = unpaged<{ turn_id: number; judges: string }>(
      'SELECT panels.turn_id, panels.judges FROM panels JOIN turns ON turns.id = panels.turn_id WHERE turns.run_id = ? ORDER BY panels.turn_id, panels.judges',
    ).map((row) => `${row.turn_id} ${row.judges}`);

    const listed = store.listPanelOutcomes('run-1');

    expect(listed.length).toBeGreaterThan(20_000);
    expect(listed.map((panel) => `${panel.turnId} ${panel.judges}`)).toEqual(expected);
  });

  it('lists panels in the order of listPanels', () => {
    const panels = store.listPanels('run-1').map((panel) => `${panel.turnId} ${panel.judges}`);

    expect(store.listPanelOutcomes('run-1').map((panel) => `${panel.turnId} ${panel.judges}`)).toEqual(panels);
  });

  it('orders panels of a run spread over many ids', () => {
    store.createRun(emptyRunRecord('run-4', '2026-12-05T12:00:00.000Z'));
    store.createRun(emptyRunRecord('run-5', '2026-12-05T12:00:00.000Z'));
    // Run 4's turns on each side of 3,000 turns of run 5, so its ids span 750 times its panel count.
    const saveTurns = (runId: string, { from, to, withPanels }: { from: number; to: number; withPanels: boolean }) => {
      for (let index = from; index < to; index++) {
        const turnId = store.saveTurn({
          runId,
          model: `model-${String(9999 - index)}`,
          scenarioId: 'ferry-rota',
          track: 'dystopian',
          level: 1 + (index % 5),
          replicate: 1 + Math.floor(index / 5),
          status: 'ok',
          prompt: 'Draft the rota.',
          attempts: 1,
          finishedAt: '2026-12-05T12:00:05.000Z',
        });
        if (!withPanels) continue;
        for (const judges of ['offline', 'j']) {
          store.savePanel({
            turnId,
            judges,
            label: 'refusal',
            unscoredReason: null,
            agreement: 1,
            votes: [],
            createdAt: '2026-12-05T12:00:06.000Z',
          });
        }
      }
    };
    store.transaction(() => {
      saveTurns('run-4', { from: 0, to: 2, withPanels: true });
      saveTurns('run-5', { from: 0, to: 3_000, withPanels: false });
      saveTurns('run-4', { from: 2, to: 4, withPanels: true });
    });
    const panels = store.listPanels('run-4').map((panel) => `${panel.turnId} ${panel.judges}`);

    expect(panels).toHaveLength(8);
    expect(store.listPanelOutcomes('run-4').map((panel) => `${panel.turnId} ${panel.judges}`)).toEqual(panels);
  });

  it('lists nothing for a run without turns', () => {
    store.createRun(emptyRunRecord('run-3', '2026-12-05T11:00:00.000Z'));

    expect(store.listTurnOutcomes('run-3')).toEqual([]);
    expect(store.listPanelOutcomes('run-3')).toEqual([]);
  });
});
