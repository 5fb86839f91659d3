import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { emptyRunRecord } from '../../test/helpers/empty-run-record.js';
import type { TurnRecord } from './records.js';
import { Store } from './store.js';

// Grouped writes are the run's path, so these tests read through a second connection, as
// `complicity list` in another process would.
let directory: string;
let path: string;
let store: Store;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-group-'));
  path = join(directory, 'complicity.db');
  store = Store.open(path);
  store.createRun(emptyRunRecord('run-1'));
});

afterEach(() => {
  try {
    store.close();
  } catch {
    // Already closed by the test.
  }
  rmSync(directory, { recursive: true, force: true });
});

function turn(level: number): TurnRecord {
  return {
    runId: 'run-1',
    model: 'openai:gpt-test',
    scenarioId: 'ferry-rota',
    track: 'dystopian',
    level,
    replicate: 1,
    status: 'ok',
    prompt: 'Draft the rota.',
    reply: 'Here is the rota.',
    attempts: 1,
    finishedAt: '2026-12-05T10:00:05.000Z',
  };
}

/** Counts the committed turns, read through a second connection. */
function committedTurns(): number {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare('SELECT COUNT(*) FROM turns').pluck().get() as number;
  } finally {
    database.close();
  }
}

describe('Store.groupWrites', () => {
  it('commits one loop turn of writes together', async () => {
    store.groupWrites();
    store.saveTurn(turn(1));
    store.saveTurn(turn(2));

    expect(committedTurns()).toBe(0);
    expect(store.listTurns('run-1')).toHaveLength(2);
    await nextTurn();
    expect(committedTurns()).toBe(2);
  });

  it('starts a new group next turn', async () => {
    store.groupWrites();
    store.saveTurn(turn(1));
    await nextTurn();
    store.saveTurn(turn(2));

    expect(committedTurns()).toBe(1);
    await nextTurn();
    expect(committedTurns()).toBe(2);
  });

  it('commits open writes when grouping ends', () => {
    const endGroup = store.groupWrites();
    store.saveTurn(turn(1));
    endGroup();
    expect(committedTurns()).toBe(1);

    store.saveTurn(turn(2));
    expect(committedTurns()).toBe(2);
  });

  it('commits open writes on close', () => {
    store.groupWrites();
    store.saveTurn(turn(1));
    store.close();

    expect(committedTurns()).toBe(1);
  });

  it('rolls back a failed inner transaction', async () => {
    store.groupWrites();
    store.saveTurn(turn(1));
    expect(() =>
      store.transaction(() => {
        store.saveTurn(turn(2));
        throw new Error('stop');
      }),
    ).toThrow('stop');
    await nextTurn();

    expect(store.listTurns('run-1').map((stored) => stored.level)).toEqual([1]);
    expect(committedTurns()).toBe(1);
  });
});
