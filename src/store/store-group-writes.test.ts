import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { emptyRunRecord } from '../../test/helpers/empty-run-record.js';
import type { TurnRecord, VerdictRecord } from './records.js';
import { heldWriteLimit, heldWriteWindowMs, Store } from './store.js';

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

function verdict(turnId: number, judge = 'openai:judge'): VerdictRecord {
  return {
    turnId,
    judge,
    label: 'compliant',
    unscoredReason: null,
    promptVersion: '1',
    promptHash: 'prompt-hash',
    attempts: 1,
    createdAt: '2026-12-05T10:00:06.000Z',
  };
}

/** Counts the committed rows of a table, read through a second connection. */
function committed(table: 'turns' | 'verdicts' | 'panels'): number {
  const database = new Database(path, { readonly: true });
  try {
    return database.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  } finally {
    database.close();
  }
}

const committedTurns = () => committed('turns');
const pastWindow = () => new Promise((resolve) => setTimeout(resolve, heldWriteWindowMs + 20));

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

describe('Store.groupWrites with held rows', () => {
  it('writes held verdicts and panels once the window has passed', async () => {
    const turnId = store.saveTurn(turn(1));
    store.groupWrites();
    store.saveVerdict(verdict(turnId));
    store.savePanel({
      turnId,
      judges: 'openai:judge',
      label: 'compliant',
      unscoredReason: null,
      agreement: 1,
      votes: [],
      createdAt: 'now',
    });
    await nextTurn();

    expect([committed('verdicts'), committed('panels')]).toEqual([0, 0]);
    await pastWindow();
    expect([committed('verdicts'), committed('panels')]).toEqual([1, 1]);
  });

  it('resolves a held turn with the id it was written under', async () => {
    store.groupWrites();
    const heldTurn = store.saveTurnHeld(turn(1));
    expect(committedTurns()).toBe(0);

    const id = await heldTurn;
    expect(committedTurns()).toBe(1);
    expect(store.listTurns('run-1').map((stored) => stored.id)).toEqual([id]);
  });

  it('shows held rows to a read in the same process', () => {
    store.groupWrites();
    void store.saveTurnHeld(turn(1));

    expect(store.listTurns('run-1')).toHaveLength(1);
  });

  it('writes held rows before a later write, in the order they were made', async () => {
    store.groupWrites();
    const first = store.saveTurnHeld(turn(1));
    const second = store.saveTurn(turn(2));
    await nextTurn();

    expect(committedTurns()).toBe(2);
    expect(await first).toBeLessThan(second);
  });

  it('writes at once when the limit of held rows is reached', () => {
    const turnId = store.saveTurn(turn(1));
    store.groupWrites();
    for (let index = 0; index < heldWriteLimit - 1; index++) store.saveVerdict(verdict(turnId, `openai:judge-${index}`));
    expect(committed('verdicts')).toBe(0);

    store.saveVerdict(verdict(turnId, 'openai:judge-last'));
    expect(committed('verdicts')).toBe(heldWriteLimit);
  });

  it('holds nothing inside a transaction', async () => {
    const turnId = store.saveTurn(turn(1));
    store.groupWrites();
    expect(() =>
      store.transaction(() => {
        store.saveVerdict(verdict(turnId));
        throw new Error('stop');
      }),
    ).toThrow('stop');
    await pastWindow();

    expect(committed('verdicts')).toBe(0);
  });

  it('writes held rows when grouping ends and on close', async () => {
    const endGroup = store.groupWrites();
    const heldTurn = store.saveTurnHeld(turn(1));
    endGroup();
    expect(committedTurns()).toBe(1);
    expect(await heldTurn).toBeGreaterThan(0);

    store.groupWrites();
    void store.saveTurnHeld(turn(2));
    store.close();
    expect(committedTurns()).toBe(2);
  });

  it('rejects held turns and throws later when their group cannot be written', async () => {
    const endGroup = store.groupWrites();
    // A turn of a run that does not exist breaks the foreign key when the group is written.
    const heldTurn = store.saveTurnHeld({ ...turn(1), runId: 'no-such-run' });
    await expect(heldTurn).rejects.toThrow(/FOREIGN KEY/);

    expect(() => store.saveTurn(turn(2))).toThrow(/FOREIGN KEY/);
    expect(() => endGroup()).toThrow(/FOREIGN KEY/);
    expect(committedTurns()).toBe(0);
  });
});
