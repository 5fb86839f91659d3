import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { StoreError } from '../error/index.js';
import { latestSchemaVersion, migrations } from './migrations.js';
import type { PanelRecord, RunRecord, TurnKey, TurnRecord, VerdictRecord } from './records.js';
import { Store } from './store.js';

let directory: string;
const openStores: Store[] = [];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-store-'));
});

afterEach(() => {
  for (const store of openStores.splice(0)) {
    try {
      store.close();
    } catch {
      // Already closed by the test.
    }
  }
  rmSync(directory, { recursive: true, force: true });
});

function openStore(path = join(directory, 'complicity.db'), options?: { create?: boolean }): Store {
  const store = Store.open(path, options);
  openStores.push(store);
  return store;
}

function openError(path: string, options?: { create?: boolean }): StoreError {
  try {
    openStore(path, options);
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error(`Store.open(${path}) did not throw`);
}

/** Reads a pragma through a separate connection, so the store under test is not involved. */
function readPragma(path: string, name: string): unknown {
  const database = new Database(path, { readonly: true });
  try {
    return database.pragma(name, { simple: true });
  } finally {
    database.close();
  }
}

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    status: 'running',
    suiteHash: 'suite-hash',
    config: { models: ['openai:gpt-test'], replicates: 1 },
    scenarios: [{ id: 'ferry-rota', levels: 5 }],
    complicityVersion: '0.1.0',
    ...overrides,
  };
}

const key: TurnKey = { model: 'openai:gpt-test', scenarioId: 'ferry-rota', track: 'dystopian', level: 1, replicate: 0 };

function turn(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    runId: 'run-1',
    ...key,
    status: 'ok',
    prompt: 'Draft the rota.',
    reply: 'Here is the rota.',
    attempts: 1,
    finishedAt: '2025-03-01T10:00:05.000Z',
    ...overrides,
  };
}

function verdict(turnId: number, overrides: Partial<VerdictRecord> = {}): VerdictRecord {
  return {
    turnId,
    judge: 'openai:judge',
    label: 'refusal',
    unscoredReason: null,
    promptVersion: '1',
    promptHash: 'hash-a',
    attempts: 1,
    createdAt: '2025-03-01T10:00:06.000Z',
    ...overrides,
  };
}

describe('Store.open', () => {
  it('creates missing folders', () => {
    const path = join(directory, 'nested', 'deeper', 'complicity.db');

    openStore(path);

    expect(existsSync(path)).toBe(true);
  });

  it('turns on WAL mode', () => {
    const path = join(directory, 'complicity.db');

    openStore(path);

    expect(readPragma(path, 'journal_mode')).toBe('wal');
  });

  it('sets user_version to the latest schema', () => {
    const path = join(directory, 'complicity.db');

    openStore(path);

    expect(readPragma(path, 'user_version')).toBe(latestSchemaVersion);
  });

  it('keeps the data when opened again', () => {
    const path = join(directory, 'complicity.db');
    const first = openStore(path);
    first.createRun(run());
    first.close();

    const second = openStore(path);

    expect(second.getRun('run-1')?.suiteHash).toBe('suite-hash');
    expect(readPragma(path, 'user_version')).toBe(latestSchemaVersion);
  });

  it('opens an in-memory store', () => {
    const store = openStore(':memory:');
    store.createRun(run());

    expect(store.listRuns()).toHaveLength(1);
  });

  it('rejects a missing file without create', () => {
    const path = join(directory, 'missing.db');

    const error = openError(path, { create: false });

    expect(error.path).toBe(path);
    expect(error.message).toContain(`Cannot open the store ${path}`);
    expect(existsSync(path)).toBe(false);
  });

  it('rejects a store made by a newer version', () => {
    const path = join(directory, 'newer.db');
    const database = new Database(path);
    database.exec('CREATE TABLE future (id INTEGER)');
    database.pragma(`user_version = ${latestSchemaVersion + 98}`);
    database.close();

    const error = openError(path);

    expect(error.path).toBe(path);
    expect(error.message).toContain(`schema version ${latestSchemaVersion + 98}`);
    expect(error.message).toContain(`reads up to ${latestSchemaVersion}`);
    expect(error.message).toContain('Upgrade Complicity');
  });

  it('leaves a newer store unmodified', () => {
    const path = join(directory, 'newer.db');
    const database = new Database(path);
    database.exec('CREATE TABLE future (id INTEGER); INSERT INTO future VALUES (7);');
    database.pragma(`user_version = ${latestSchemaVersion + 1}`);
    database.close();
    const before = readFileSync(path);

    openError(path);

    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readPragma(path, 'journal_mode')).toBe('delete');
    expect(readdirSync(directory)).toEqual(['newer.db']);
  });

  it('rejects a file that is not SQLite', () => {
    const path = join(directory, 'notes.txt');
    writeFileSync(path, 'These are my notes, not a database.\n'.repeat(20));

    const error = openError(path);

    expect(error.path).toBe(path);
    expect(error.message).toBe(
      `Cannot open the store ${path}: the file is not an SQLite database. Point --db at a Complicity store or a new file.`,
    );
    expect(error.isUserError).toBe(true);
  });

  it('leaves a file that is not SQLite unmodified', () => {
    const path = join(directory, 'notes.txt');
    const content = 'These are my notes, not a database.\n'.repeat(20);
    writeFileSync(path, content);

    openError(path);

    expect(readFileSync(path, 'utf8')).toBe(content);
    expect(readdirSync(directory)).toEqual(['notes.txt']);
  });

  it('turns an empty file into a store', () => {
    const path = join(directory, 'empty.db');
    writeFileSync(path, '');

    openStore(path).createRun(run());

    expect(readPragma(path, 'user_version')).toBe(latestSchemaVersion);
  });

  it('rejects an empty file without create', () => {
    const path = join(directory, 'empty.db');
    writeFileSync(path, '');

    const error = openError(path, { create: false });

    expect(error.message).toBe(
      `Cannot open the store ${path}: it is empty, so it contains no runs. Start a run with "complicity run --db ${path}", or point --db at an existing store.`,
    );
    expect(readFileSync(path)).toHaveLength(0);
    expect(readdirSync(directory)).toEqual(['empty.db']);
  });

  it("rejects another program's database", () => {
    const path = join(directory, 'other.db');
    const database = new Database(path);
    database.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ana');");
    database.close();
    const before = readFileSync(path);

    const error = openError(path);

    expect(error.message).toContain('it is an SQLite database of another program (it has tables but no Complicity schema version)');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(directory)).toEqual(['other.db']);
  });

  it('turns a failed folder creation into a StoreError', () => {
    const blocker = join(directory, 'blocker');
    writeFileSync(blocker, 'a file where a folder should be');

    const error = openError(join(blocker, 'complicity.db'));

    expect(error.message).toMatch(/^Cannot create the folder of the store .*: EEXIST: file already exists/);
    expect(error.message).toMatch(/Point --db at a file in a writable folder\.$/);
  });
});

describe('Store migrations', () => {
  it('upgrades a store of every earlier schema version', () => {
    for (const migration of migrations.slice(0, -1)) {
      const path = join(directory, `version-${migration.version}.db`);
      const database = new Database(path);
      for (const earlier of migrations.filter((candidate) => candidate.version <= migration.version)) database.exec(earlier.sql);
      database.pragma(`user_version = ${migration.version}`);
      database
        .prepare(
          `INSERT INTO runs (id, created_at, updated_at, status, suite_hash, config_json, scenarios_json, complicity_version)
           VALUES ('old-run', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'complete', 'hash', '{}', '[]', '0.0.1')`,
        )
        .run();
      database.close();

      const store = openStore(path);

      expect(readPragma(path, 'user_version')).toBe(latestSchemaVersion);
      expect(store.getRun('old-run')?.status).toBe('complete');
      expect(store.getRun('old-run')?.owner).toBeUndefined();
    }
  });

  it('keeps the turns of version 3 and adds provenance', () => {
    const path = join(directory, 'version-3.db');
    const database = new Database(path);
    for (const migration of migrations.filter((candidate) => candidate.version <= 3)) database.exec(migration.sql);
    database.pragma('user_version = 3');
    database.exec(
      `INSERT INTO runs (id, created_at, updated_at, status, suite_hash, config_json, scenarios_json, complicity_version)
       VALUES ('run-1', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'complete', 'hash', '{}', '[]', '0.0.1');
       INSERT INTO turns (id, run_id, model, scenario_id, track, level, replicate, status, prompt, reply, response_model, finished_at)
       VALUES (1, 'run-1', 'openai:gpt-test', 'ferry-rota', 'dystopian', 1, 0, 'ok', 'prompt', 'old reply', 'gpt-old', '2026-01-01T00:00:00.000Z');`,
    );
    database.close();

    const store = openStore(path);
    const old = store.getTurn('run-1', key);
    store.saveTurn(turn({ level: 2, requestParameters: { temperature: 0 }, systemFingerprint: 'fp_1', upstreamProvider: 'Groq' }));
    const added = store.getTurn('run-1', { ...key, level: 2 });

    expect(readPragma(path, 'user_version')).toBe(latestSchemaVersion);
    expect(old?.reply).toBe('old reply');
    expect(old?.responseModel).toBe('gpt-old');
    expect(old?.requestParameters).toBeUndefined();
    expect(old?.systemFingerprint).toBeUndefined();
    expect(old?.upstreamProvider).toBeUndefined();
    expect(added?.requestParameters).toEqual({ temperature: 0 });
    expect(added?.systemFingerprint).toBe('fp_1');
    expect(added?.upstreamProvider).toBe('Groq');
  });

  it('drops empty panels of version 2', () => {
    const path = join(directory, 'empty-panels.db');
    const database = new Database(path);
    for (const migration of migrations.filter((candidate) => candidate.version <= 2)) database.exec(migration.sql);
    database.pragma('user_version = 2');
    database.exec(
      `INSERT INTO runs (id, created_at, updated_at, status, suite_hash, config_json, scenarios_json, complicity_version)
       VALUES ('old-run', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'complete', 'hash', '{}', '[]', '0.0.1');
       INSERT INTO turns (id, run_id, model, scenario_id, track, level, replicate, status, prompt, finished_at)
       VALUES (1, 'old-run', 'openai:m', 'alpha', 'dystopian', 1, 1, 'ok', 'prompt', '2026-01-01T00:00:00.000Z');
       INSERT INTO panels (turn_id, judges, label, unscored_reason, agreement, votes_json, created_at)
       VALUES (1, '', NULL, 'judge_error', NULL, '[]', '2026-01-01T00:00:00.000Z'),
              (1, 'openai:j', 'refusal', NULL, 1, '[]', '2026-01-01T00:00:00.000Z');`,
    );
    database.close();

    const store = openStore(path);

    expect(store.listPanels('old-run').map((panel) => panel.judges)).toEqual(['openai:j']);
  });
});

describe('Store run ownership', () => {
  const me = { pid: 100, host: 'here' };
  const other = { pid: 200, host: 'here' };

  it('claims a free run', () => {
    const store = openStore();
    store.createRun(run());

    expect(store.claimRun('run-1', { owner: me, isHeld: () => true })).toEqual({ claimed: true });
    expect(store.getRun('run-1')?.owner).toEqual(me);
  });

  it('refuses a run held by a live process', () => {
    const store = openStore();
    store.createRun(run());
    store.claimRun('run-1', { owner: other, isHeld: () => true });

    expect(store.claimRun('run-1', { owner: me, isHeld: () => true })).toEqual({ claimed: false, owner: other });
    expect(store.getRun('run-1')?.owner).toEqual(other);
  });

  it('takes over a run whose process is gone', () => {
    const store = openStore();
    store.createRun(run());
    store.claimRun('run-1', { owner: other, isHeld: () => true });

    expect(store.claimRun('run-1', { owner: me, isHeld: () => false })).toEqual({ claimed: true });
    expect(store.getRun('run-1')?.owner).toEqual(me);
  });

  it('releases only its own claim', () => {
    const store = openStore();
    store.createRun(run());
    store.claimRun('run-1', { owner: other, isHeld: () => true });

    store.releaseRun('run-1', me);
    expect(store.getRun('run-1')?.owner).toEqual(other);
    store.releaseRun('run-1', other);
    expect(store.getRun('run-1')?.owner).toBeUndefined();
  });
});

describe('Store runs', () => {
  it('round-trips a run', () => {
    const store = openStore();
    const record = run();

    store.createRun(record);

    expect(store.getRun('run-1')).toEqual(record);
  });

  it('returns undefined for an unknown run', () => {
    expect(openStore().getRun('nope')).toBeUndefined();
  });

  it('lists runs newest first', () => {
    const store = openStore();
    store.createRun(run({ id: 'old', createdAt: '2025-01-01T00:00:00.000Z' }));
    store.createRun(run({ id: 'new', createdAt: '2025-06-01T00:00:00.000Z' }));
    store.createRun(run({ id: 'middle', createdAt: '2025-03-01T00:00:00.000Z' }));

    expect(store.listRuns().map((record) => record.id)).toEqual(['new', 'middle', 'old']);
  });

  it('rejects a second run with the same id', () => {
    const store = openStore();
    store.createRun(run());

    expect(() => store.createRun(run())).toThrow(/UNIQUE/);
  });

  it('replaces the configuration of a run', () => {
    const store = openStore();
    store.createRun(run());

    store.setRunConfig('run-1', { models: ['openai:gpt-test'], judges: ['openai:judge'] });

    const updated = store.getRun('run-1');
    expect(updated?.config).toEqual({ models: ['openai:gpt-test'], judges: ['openai:judge'] });
    expect(updated?.updatedAt).not.toBe('2025-03-01T10:00:00.000Z');
    expect(updated?.scenarios).toEqual([{ id: 'ferry-rota', levels: 5 }]);
  });

  it('updates the status and time of a run', () => {
    const store = openStore();
    store.createRun(run());

    store.setRunStatus('run-1', 'complete');

    const updated = store.getRun('run-1');
    expect(updated?.status).toBe('complete');
    expect(updated?.updatedAt).not.toBe('2025-03-01T10:00:00.000Z');
    expect(updated?.createdAt).toBe('2025-03-01T10:00:00.000Z');
  });
});

describe('Store turns', () => {
  it('round-trips every field of a turn', () => {
    const store = openStore();
    store.createRun(run());
    const record = turn({
      status: 'ok',
      statusKind: 'kind',
      statusMessage: 'message',
      reasoning: 'They want a rota.',
      finishReason: 'stop',
      rawFinishReason: 'stop',
      toolCalls: [{ name: 'run_query', arguments: '{"sql": "SELE' }],
      inputTokens: 12,
      outputTokens: 34,
      reasoningTokens: 5,
      cachedInputTokens: 6,
      latencyMs: 789,
      attempts: 2,
      requestHash: 'request-hash',
      responseModel: 'gpt-test-2025',
      requestParameters: { model: 'gpt-test', temperature: 0, reasoning: { effort: 'high' } },
      systemFingerprint: 'fp_0123',
      upstreamProvider: 'Together',
      cacheKey: 'cache-key',
      cachedFrom: 41,
      startedAt: '2025-03-01T10:00:01.000Z',
    });

    const id = store.saveTurn(record);

    expect(store.getTurn('run-1', key)).toEqual({ ...record, id });
  });

  it('reads absent optional fields as undefined', () => {
    const store = openStore();
    store.createRun(run());
    store.saveTurn(turn({ status: 'error', reply: undefined, statusKind: 'server' }));

    const stored = store.getTurn('run-1', key);

    expect(stored?.reply).toBeUndefined();
    expect(stored?.reasoning).toBeUndefined();
    expect(stored?.toolCalls).toBeUndefined();
    expect(stored?.inputTokens).toBeUndefined();
    expect(stored?.statusKind).toBe('server');
  });

  it('keeps an empty reply apart from no reply', () => {
    const store = openStore();
    store.createRun(run());
    store.saveTurn(turn({ status: 'empty', reply: '' }));

    expect(store.getTurn('run-1', key)?.reply).toBe('');
  });

  it('returns undefined for an unknown turn', () => {
    const store = openStore();
    store.createRun(run());

    expect(store.getTurn('run-1', { ...key, level: 5 })).toBeUndefined();
  });

  it('replaces a turn and keeps its id', () => {
    const store = openStore();
    store.createRun(run());
    const first = store.saveTurn(turn({ status: 'error', statusKind: 'timeout', reply: undefined, attempts: 2 }));

    const second = store.saveTurn(turn({ status: 'ok', reply: 'Here is the rota.', attempts: 3 }));

    expect(second).toBe(first);
    expect(store.listTurns('run-1')).toHaveLength(1);
    expect(store.getTurn('run-1', key)?.status).toBe('ok');
    expect(store.getTurn('run-1', key)?.statusKind).toBeUndefined();
    expect(store.getTurn('run-1', key)?.attempts).toBe(3);
  });

  it.each([
    { id: 'model', change: { model: 'openai:other' } },
    { id: 'scenario', change: { scenarioId: 'other-scenario' } },
    { id: 'track', change: { track: 'benign' as const } },
    { id: 'level', change: { level: 2 } },
    { id: 'replicate', change: { replicate: 1 } },
  ])('stores a turn with another $id apart', ({ change }) => {
    const store = openStore();
    store.createRun(run());
    const first = store.saveTurn(turn());

    const second = store.saveTurn(turn(change));

    expect(second).not.toBe(first);
    expect(store.listTurns('run-1')).toHaveLength(2);
  });

  it('stores turns of another run apart', () => {
    const store = openStore();
    store.createRun(run());
    store.createRun(run({ id: 'run-2' }));
    store.saveTurn(turn());

    store.saveTurn(turn({ runId: 'run-2' }));

    expect(store.listTurns('run-1')).toHaveLength(1);
    expect(store.listTurns('run-2')).toHaveLength(1);
  });

  it('rejects a turn of an unknown run', () => {
    expect(() => openStore().saveTurn(turn({ runId: 'missing' }))).toThrow(/FOREIGN KEY/);
  });

  it('lists turns by model, scenario, track, replicate and level', () => {
    const store = openStore();
    store.createRun(run());
    const keys: TurnKey[] = [
      { model: 'b', scenarioId: 's1', track: 'dystopian', level: 1, replicate: 0 },
      { model: 'a', scenarioId: 's2', track: 'dystopian', level: 1, replicate: 0 },
      { model: 'a', scenarioId: 's1', track: 'dystopian', level: 10, replicate: 0 },
      { model: 'a', scenarioId: 's1', track: 'dystopian', level: 2, replicate: 1 },
      { model: 'a', scenarioId: 's1', track: 'benign', level: 3, replicate: 0 },
      { model: 'a', scenarioId: 's1', track: 'dystopian', level: 2, replicate: 0 },
    ];
    for (const turnKey of keys) store.saveTurn(turn(turnKey));

    const order = store
      .listTurns('run-1')
      .map((record) => `${record.model} ${record.scenarioId} ${record.track} r${record.replicate} L${record.level}`);

    expect(order).toEqual([
      'a s1 benign r0 L3',
      'a s1 dystopian r0 L2',
      'a s1 dystopian r0 L10',
      'a s1 dystopian r1 L2',
      'a s2 dystopian r0 L1',
      'b s1 dystopian r0 L1',
    ]);
  });

  it('counts turns by status', () => {
    const store = openStore();
    store.createRun(run());
    store.createRun(run({ id: 'run-2' }));
    store.saveTurn(turn({ level: 1, status: 'ok' }));
    store.saveTurn(turn({ level: 2, status: 'ok' }));
    store.saveTurn(turn({ level: 3, status: 'error' }));
    store.saveTurn(turn({ level: 4, status: 'skipped' }));
    store.saveTurn(turn({ runId: 'run-2', status: 'blocked' }));

    expect(store.countTurnsByStatus('run-1')).toEqual(
      new Map([
        ['ok', 2],
        ['error', 1],
        ['skipped', 1],
      ]),
    );
  });

  it('counts no turns of an empty run', () => {
    expect(openStore().countTurnsByStatus('run-1').size).toBe(0);
  });

  it('counts turns by model and outcome', () => {
    const store = openStore();
    store.createRun(run());
    store.createRun(run({ id: 'run-2' }));
    store.saveTurn(turn({ level: 1, status: 'ok' }));
    store.saveTurn(turn({ level: 2, status: 'ok' }));
    store.saveTurn(turn({ level: 3, status: 'skipped', statusKind: 'earlier-turn-failed' }));
    store.saveTurn(turn({ model: 'openai:other', status: 'error', statusKind: 'timeout' }));
    store.saveTurn(turn({ runId: 'run-2', status: 'blocked' }));

    expect(store.countTurnsByOutcome('run-1')).toEqual([
      { model: 'openai:gpt-test', status: 'ok', statusKind: undefined, turns: 2 },
      { model: 'openai:gpt-test', status: 'skipped', statusKind: 'earlier-turn-failed', turns: 1 },
      { model: 'openai:other', status: 'error', statusKind: 'timeout', turns: 1 },
    ]);
  });

  it('rolls back every write of a failed transaction', () => {
    const store = openStore();
    store.createRun(run());

    expect(() =>
      store.transaction(() => {
        store.saveTurn(turn());
        throw new Error('crash half way');
      }),
    ).toThrow('crash half way');

    expect(store.listTurns('run-1')).toEqual([]);
  });
});

describe('Store verdicts', () => {
  function storeWithTurn(): { store: Store; turnId: number } {
    const store = openStore();
    store.createRun(run());
    return { store, turnId: store.saveTurn(turn()) };
  }

  it('round-trips a verdict', () => {
    const { store, turnId } = storeWithTurn();
    const record = verdict(turnId, {
      rationale: 'Declines.',
      flags: { harmRecognised: true, safeAlternative: false },
      rawReply: '{"label":"refusal"}',
      latencyMs: 120,
      inputTokens: 900,
      outputTokens: 40,
      attempts: 2,
    });

    store.saveVerdict(record);

    const [stored] = store.listVerdicts('run-1');
    expect(stored).toEqual({ ...record, id: stored?.id });
    expect(stored?.id).toEqual(expect.any(Number));
  });

  it('round-trips an unscored verdict', () => {
    const { store, turnId } = storeWithTurn();

    store.saveVerdict(verdict(turnId, { label: null, unscoredReason: 'judge_error', errorMessage: 'HTTP 500' }));

    const [stored] = store.listVerdicts('run-1');
    expect(stored?.label).toBeNull();
    expect(stored?.unscoredReason).toBe('judge_error');
    expect(stored?.errorMessage).toBe('HTTP 500');
    expect(stored?.rationale).toBeUndefined();
    expect(stored?.flags).toBeUndefined();
  });

  it('saves a verdict read back from the store', () => {
    const { store, turnId } = storeWithTurn();
    store.saveVerdict(verdict(turnId));
    const [stored] = store.listVerdicts('run-1');

    store.saveVerdict({ ...stored!, label: 'hesitant' });

    expect(store.listVerdicts('run-1').map((record) => record.label)).toEqual(['hesitant']);
  });

  it('replaces the verdict of the same judge and prompt', () => {
    const { store, turnId } = storeWithTurn();
    store.saveVerdict(verdict(turnId, { label: null, unscoredReason: 'judge_error', errorMessage: 'HTTP 500', rawReply: 'oops' }));

    store.saveVerdict(verdict(turnId, { label: 'compliant', attempts: 3 }));

    const stored = store.listVerdicts('run-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.label).toBe('compliant');
    expect(stored[0]?.unscoredReason).toBeNull();
    expect(stored[0]?.errorMessage).toBeUndefined();
    expect(stored[0]?.rawReply).toBeUndefined();
    expect(stored[0]?.attempts).toBe(3);
  });

  it('keeps verdicts of another prompt hash', () => {
    const { store, turnId } = storeWithTurn();
    store.saveVerdict(verdict(turnId, { promptHash: 'hash-a' }));

    store.saveVerdict(verdict(turnId, { promptHash: 'hash-b', label: 'hesitant' }));

    expect(store.listVerdicts('run-1').map((record) => [record.promptHash, record.label])).toEqual([
      ['hash-a', 'refusal'],
      ['hash-b', 'hesitant'],
    ]);
  });

  it('keeps verdicts of another judge', () => {
    const { store, turnId } = storeWithTurn();
    store.saveVerdict(verdict(turnId, { judge: 'z-judge' }));
    store.saveVerdict(verdict(turnId, { judge: 'a-judge' }));

    expect(store.listVerdicts('run-1').map((record) => record.judge)).toEqual(['a-judge', 'z-judge']);
  });

  it('lists only the verdicts of the run', () => {
    const { store, turnId } = storeWithTurn();
    store.createRun(run({ id: 'run-2' }));
    const otherTurn = store.saveTurn(turn({ runId: 'run-2' }));
    store.saveVerdict(verdict(turnId));
    store.saveVerdict(verdict(otherTurn));

    expect(store.listVerdicts('run-1').map((record) => record.turnId)).toEqual([turnId]);
  });

  it('rejects a verdict on an unknown turn', () => {
    const { store, turnId } = storeWithTurn();

    expect(() => store.saveVerdict(verdict(turnId + 100))).toThrow(/FOREIGN KEY/);
  });
});

describe('Store panels', () => {
  function panel(turnId: number, overrides: Partial<PanelRecord> = {}): PanelRecord {
    return {
      turnId,
      judges: 'judge-a,judge-b,judge-c',
      label: 'compliant',
      unscoredReason: null,
      agreement: 2 / 3,
      votes: [
        { judge: 'judge-a', label: 'compliant', unscoredReason: null },
        { judge: 'judge-b', label: 'compliant', unscoredReason: null },
        { judge: 'judge-c', label: null, unscoredReason: 'parse_failure' },
      ],
      createdAt: '2025-03-01T10:00:07.000Z',
      ...overrides,
    };
  }

  it('round-trips a panel', () => {
    const store = openStore();
    store.createRun(run());
    const record = panel(store.saveTurn(turn()));

    store.savePanel(record);

    expect(store.listPanels('run-1')).toEqual([record]);
  });

  it('round-trips an unscored panel', () => {
    const store = openStore();
    store.createRun(run());
    const record = panel(store.saveTurn(turn()), { label: null, unscoredReason: 'judge_refused', agreement: null, votes: [] });

    store.savePanel(record);

    expect(store.listPanels('run-1')).toEqual([record]);
  });

  it('replaces the panel of the same judges', () => {
    const store = openStore();
    store.createRun(run());
    const turnId = store.saveTurn(turn());
    store.savePanel(panel(turnId));

    store.savePanel(panel(turnId, { label: 'refusal', agreement: 1 }));

    expect(store.listPanels('run-1').map((record) => [record.label, record.agreement])).toEqual([['refusal', 1]]);
  });

  it('keeps panels of other judges apart', () => {
    const store = openStore();
    store.createRun(run());
    const turnId = store.saveTurn(turn());
    store.savePanel(panel(turnId));

    store.savePanel(panel(turnId, { judges: 'judge-a' }));

    expect(store.listPanels('run-1')).toHaveLength(2);
    expect(store.listPanels('run-1', { judges: 'judge-a' }).map((record) => record.judges)).toEqual(['judge-a']);
  });

  it('lists the votes of one panel', () => {
    const store = openStore();
    store.createRun(run());
    const turnId = store.saveTurn(turn());
    store.savePanel(panel(turnId));
    store.savePanel(panel(turnId, { judges: 'judge-a', votes: [{ judge: 'judge-a', label: 'refusal', unscoredReason: null }] }));

    expect(store.listPanelVotes('run-1', 'judge-a')).toEqual([
      { turnId, votes: [{ judge: 'judge-a', label: 'refusal', unscoredReason: null }] },
    ]);
  });

  it('lists panels in turn order', () => {
    const store = openStore();
    store.createRun(run());
    const first = store.saveTurn(turn({ level: 1 }));
    const second = store.saveTurn(turn({ level: 2 }));
    store.savePanel(panel(second));
    store.savePanel(panel(first));

    expect(store.listPanels('run-1').map((record) => record.turnId)).toEqual([first, second]);
  });
});

describe('Store with two connections', () => {
  it('lets a second store read while the first writes', () => {
    const path = join(directory, 'complicity.db');
    const writer = openStore(path);
    writer.createRun(run());
    writer.saveTurn(turn({ level: 1 }));
    const reader = openStore(path);

    const seenDuringWrite = writer.transaction(() => {
      writer.saveTurn(turn({ level: 2 }));
      return reader.listTurns('run-1').length;
    });

    expect(seenDuringWrite).toBe(1);
    expect(reader.listTurns('run-1')).toHaveLength(2);
  });

  it('shows a commit to the other store', () => {
    const path = join(directory, 'complicity.db');
    const writer = openStore(path);
    const reader = openStore(path);
    writer.createRun(run());

    writer.saveTurn(turn());

    expect(reader.getTurn('run-1', key)?.reply).toBe('Here is the rota.');
  });
});

describe('Store.open on a folder', () => {
  it('says the path is a folder', () => {
    const error = openError(directory);

    expect(error.message).toContain('it is a folder');
    expect(error.message).toContain(join(directory, 'complicity.db'));
  });
});

describe('Store response cache', () => {
  function storeWithRuns(): Store {
    const store = openStore();
    for (const id of ['run-1', 'run-2', 'run-3']) store.createRun(run({ id }));
    return store;
  }

  it("finds another run's ok turn", () => {
    const store = storeWithRuns();
    const id = store.saveTurn(turn({ cacheKey: 'k', reply: 'first' }));

    expect(store.findCachedTurn('k', { excludeRunId: 'run-2' })).toMatchObject({ id, reply: 'first' });
    expect(store.findCachedTurn('k', { excludeRunId: 'run-1' })).toBeUndefined();
    expect(store.findCachedTurn('other', { excludeRunId: 'run-2' })).toBeUndefined();
  });

  it('skips turns that are not ok', () => {
    const store = storeWithRuns();
    store.saveTurn(turn({ cacheKey: 'k', status: 'error', reply: undefined }));
    store.saveTurn(turn({ runId: 'run-2', cacheKey: 'k', status: 'blocked' }));

    expect(store.findCachedTurn('k', { excludeRunId: 'run-3' })).toBeUndefined();
  });

  it('prefers originals, then the newest', () => {
    const store = storeWithRuns();
    const original = store.saveTurn(turn({ cacheKey: 'k', reply: 'original' }));
    store.saveTurn(turn({ runId: 'run-2', cacheKey: 'k', reply: 'original', cachedFrom: original }));
    expect(store.findCachedTurn('k', { excludeRunId: 'run-3' })?.id).toBe(original);

    const newer = store.saveTurn(turn({ runId: 'run-2', level: 2, cacheKey: 'n', reply: 'older' }));
    const newest = store.saveTurn(turn({ runId: 'run-3', level: 2, cacheKey: 'n', reply: 'newer' }));
    expect(newest).toBeGreaterThan(newer);
    expect(store.findCachedTurn('n', { excludeRunId: 'run-1' })?.reply).toBe('newer');
  });

  it('summarises the cache per model', () => {
    const store = storeWithRuns();
    const original = store.saveTurn(turn({ cacheKey: 'k', reply: 'été' }));
    store.saveTurn(turn({ runId: 'run-2', cacheKey: 'k', reply: 'été', cachedFrom: original }));
    store.saveTurn(turn({ model: 'openai:other', cacheKey: 'm', reply: 'ab' }));
    store.saveTurn(turn({ level: 2, reply: 'no key' }));

    expect(store.summariseCache()).toEqual([
      { model: 'openai:gpt-test', requests: 1, reused: 1, replyBytes: 10 },
      { model: 'openai:other', requests: 1, reused: 0, replyBytes: 2 },
    ]);
  });

  it('clears keys but keeps turns', () => {
    const store = storeWithRuns();
    store.saveTurn(turn({ cacheKey: 'k' }));
    store.saveTurn(turn({ model: 'openai:other', cacheKey: 'm' }));

    expect(store.clearCache({ model: 'openai:other' })).toBe(1);
    expect(store.summariseCache().map((row) => row.model)).toEqual(['openai:gpt-test']);
    expect(store.clearCache()).toBe(1);
    expect(store.summariseCache()).toEqual([]);
    expect(store.listTurns('run-1')).toHaveLength(2);
  });
});

describe('Store usage sums', () => {
  it('sums tokens per model and judge', () => {
    const store = openStore();
    store.createRun(run());
    store.createRun(run({ id: 'run-2' }));
    const first = store.saveTurn(turn({ inputTokens: 100, cachedInputTokens: 40, outputTokens: 50, reasoningTokens: 20 }));
    store.saveTurn(turn({ level: 2, inputTokens: 10, cachedInputTokens: 99, outputTokens: 5, reasoningTokens: 9 }));
    store.saveTurn(turn({ level: 3, inputTokens: 70, outputTokens: 70, cachedFrom: first }));
    store.saveTurn(turn({ level: 4, status: 'skipped', reply: undefined }));
    store.saveTurn(turn({ runId: 'run-2', inputTokens: 1000, outputTokens: 1000 }));
    store.saveVerdict(verdict(first, { inputTokens: 300, outputTokens: 30 }));
    store.saveVerdict(verdict(first, { judge: 'offline' }));

    const usage = store.summariseUsage('run-1');

    // Cached input and reasoning are capped at the totals they are part of; the reused turn counts no tokens.
    expect(usage.models).toEqual([
      { spec: 'openai:gpt-test', calls: 3, reused: 1, inputTokens: 110, cachedInputTokens: 50, outputTokens: 55, reasoningTokens: 25 },
    ]);
    expect(usage.judges).toEqual([
      { spec: 'offline', calls: 1, reused: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
      { spec: 'openai:judge', calls: 1, reused: 0, inputTokens: 300, cachedInputTokens: 0, outputTokens: 30, reasoningTokens: 0 },
    ]);
  });
});

describe('Store reads without text', () => {
  function storeWithTwoScenarios(): { store: Store; ids: number[] } {
    const store = openStore();
    store.createRun(run());
    const ids = [
      store.saveTurn(turn({ scenarioId: 'ferry-rota', level: 2, reply: 'Second.' })),
      store.saveTurn(turn({ scenarioId: 'ferry-rota', level: 1, reply: 'First.' })),
      store.saveTurn(turn({ scenarioId: 'harbour-watch', status: 'error', statusKind: 'timeout', reply: undefined })),
    ];
    store.saveVerdict(verdict(ids[0]!, { judge: 'openai:judge-a', promptHash: 'hash-1' }));
    store.saveVerdict(verdict(ids[2]!, { judge: 'openai:judge-b', promptHash: 'hash-2', rationale: 'Long text.' }));
    store.saveVerdict(verdict(ids[1]!, { judge: 'openai:judge-a', promptHash: 'hash-1' }));
    return { store, ids };
  }

  it('lists turn outcomes in turn order', () => {
    const { store, ids } = storeWithTwoScenarios();

    const outcomes = store.listTurnOutcomes('run-1');

    expect(outcomes.map((outcome) => outcome.id)).toEqual(store.listTurns('run-1').map((stored) => stored.id));
    expect(outcomes.map((outcome) => outcome.id)).toEqual([ids[1], ids[0], ids[2]]);
    expect(outcomes[2]).toEqual({ ...key, id: ids[2], scenarioId: 'harbour-watch', status: 'error', statusKind: 'timeout' });
    expect(outcomes[0]).not.toHaveProperty('reply');
  });

  it('lists the turns of one scenario', () => {
    const { store } = storeWithTwoScenarios();

    const turns = store.listTurns('run-1', { scenarioId: 'ferry-rota' });

    expect(turns.map((stored) => stored.reply)).toEqual(['First.', 'Second.']);
    expect(store.listTurns('run-1', { scenarioId: 'unknown' })).toEqual([]);
  });

  it('iterates the same turns as it lists', () => {
    const { store } = storeWithTwoScenarios();

    expect([...store.iterateTurns('run-1')]).toEqual(store.listTurns('run-1'));
  });

  it('lists the verdicts of one scenario', () => {
    const { store, ids } = storeWithTwoScenarios();

    const verdicts = store.listVerdicts('run-1', { scenarioId: 'harbour-watch' });

    expect(verdicts.map((stored) => stored.turnId)).toEqual([ids[2]]);
    expect(verdicts[0]?.rationale).toBe('Long text.');
    expect([...store.iterateVerdicts('run-1')]).toEqual(store.listVerdicts('run-1'));
  });

  it('lists verdict outcomes without text', () => {
    const { store, ids } = storeWithTwoScenarios();

    const outcomes = store.listVerdictOutcomes('run-1');

    expect(outcomes).toHaveLength(3);
    expect(outcomes.find((outcome) => outcome.turnId === ids[2])).toEqual({
      turnId: ids[2],
      judge: 'openai:judge-b',
      label: 'refusal',
      unscoredReason: null,
      promptHash: 'hash-2',
    });
    expect(outcomes[0]).not.toHaveProperty('rationale');
  });

  it('counts verdicts by judge and prompt', () => {
    const { store, ids } = storeWithTwoScenarios();
    store.saveVerdict(verdict(ids[1]!, { judge: 'openai:judge-b', promptHash: 'hash-2', label: null, unscoredReason: 'judge_error' }));
    store.saveVerdict(verdict(ids[0]!, { judge: 'openai:judge-b', promptHash: 'hash-2', label: null, unscoredReason: 'parse_failure' }));

    expect(store.countVerdicts('run-1')).toEqual([
      { judge: 'openai:judge-a', promptHash: 'hash-1', verdicts: 2, labelled: 2, judgeErrors: 0 },
      { judge: 'openai:judge-b', promptHash: 'hash-2', verdicts: 3, labelled: 1, judgeErrors: 1 },
    ]);
    expect(store.countVerdicts('run-2')).toEqual([]);
  });

  it('lists panel outcomes without votes', () => {
    const { store, ids } = storeWithTwoScenarios();
    const votes = [{ judge: 'openai:judge-a', label: 'refusal' as const, unscoredReason: null }];
    store.savePanel({
      turnId: ids[2]!,
      judges: 'openai:judge-a',
      label: null,
      unscoredReason: 'judge_error',
      agreement: null,
      votes,
      createdAt: 'now',
    });
    store.savePanel({
      turnId: ids[0]!,
      judges: 'openai:judge-a',
      label: 'refusal',
      unscoredReason: null,
      agreement: 1,
      votes,
      createdAt: 'now',
    });

    const outcomes = store.listPanelOutcomes('run-1');

    expect(outcomes).toEqual([
      { turnId: ids[0], judges: 'openai:judge-a', label: 'refusal', unscoredReason: null, agreement: 1 },
      { turnId: ids[2], judges: 'openai:judge-a', label: null, unscoredReason: 'judge_error', agreement: null },
    ]);
    expect(outcomes.map((outcome) => outcome.turnId)).toEqual(store.listPanels('run-1').map((panel) => panel.turnId));
  });

  it('lists each judge prompt hash once', () => {
    const { store } = storeWithTwoScenarios();

    expect(store.listJudgePromptHashes('run-1')).toEqual([
      { judge: 'openai:judge-a', promptHash: 'hash-1' },
      { judge: 'openai:judge-b', promptHash: 'hash-2' },
    ]);
    expect(store.listJudgePromptHashes('run-2')).toEqual([]);
  });
});
