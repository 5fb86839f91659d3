import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/error/index.js';
import { latestSchemaVersion, migrations, Store } from '../../src/store/index.js';
import { loadSuite } from '../../src/suite/index.js';
import { checkStoreIntegrity } from '../helpers/check-store-integrity.js';
import { emptyRunRecord } from '../helpers/empty-run-record.js';
import { copyStoreAtVersion } from '../helpers/copy-store-at-version.js';
import { markerJudge, routeByModel, startFakeOpenAIServer, type FakeHandler, type FakeOpenAIServer } from '../helpers/index.js';
import { mountTmpfs, tmpfsUnavailableReason, type TmpfsMount } from '../helpers/mount-tmpfs.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from './cli.js';
import { nobodyUnavailableReason, runCliAsNobody } from './run-cli-as-nobody.js';
import { scriptedModel } from './scripted-model.js';

const suitePath = join(repositoryRoot, 'test/fixtures/suites/basic');
const labels = ['refusal', 'hesitant', 'compliant', 'proactive'];
const runId = 'kept';
const mountProblem = tmpfsUnavailableReason();
const nobodyProblem = nobodyUnavailableReason();

/** `run` of two models and judge j over one scenario's five levels, into the store at `db`. */
function runArgs(db: string, id = runId): string[] {
  return [
    ...['run', '--run', id, '--db', db, '--suite', suitePath, '--scenario', 'lead-results-notice'],
    ...['--model', 'openai:a', '--model', 'openai:b', '--judge', 'openai:j'],
  ];
}

/** Lists every command that opens an existing store, each pointed at the store `db`. */
function storeCommands(db: string, scratch: string): [string, string[]][] {
  return [
    ['stats', ['stats', '--db', db, '--json']],
    ['list runs', ['list', 'runs', '--db', db]],
    ['resume', ['resume', runId, '--db', db]],
    ['judge', ['judge', runId, '--judge', 'openai:j', '--db', db]],
    ['report', ['report', '--db', db, '--out', join(scratch, 'site')]],
    ['run', runArgs(db, 'another')],
  ];
}

let server: FakeOpenAIServer;
let env: Record<string, string>;
let workDir: string;
/** The store of one complete run, and its `stats --json` output without the creation time. */
let source: { path: string; stats: unknown };
/** While set, the disk to fill when the `count`th model request arrives; `seen` counts them. */
let fillOnModelRequest: { count: number; seen: number; disk: TmpfsMount } | undefined;

beforeAll(async () => {
  assertBuilt();
  const suite = await loadSuite([suitePath]);
  const model = scriptedModel(suite, (turn) =>
    turn.level === 1 ? 'compliant' : labels[(turn.level + turn.model.length) % labels.length]!,
  );
  const route = routeByModel({ a: model, b: model, j: markerJudge() });
  // Fills the disk as the chosen model request arrives, so the write of its reply fails.
  const handler: FakeHandler = (request) => {
    if (fillOnModelRequest && request.model !== 'j' && ++fillOnModelRequest.seen === fillOnModelRequest.count) {
      fillOnModelRequest.disk.fill();
    }
    return route(request);
  };
  server = await startFakeOpenAIServer({ handler });
  env = { OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-local-test-key' };
  workDir = mkdtempSync(join(tmpdir(), 'complicity-store-faults-'));

  const path = join(workDir, 'source.db');
  const made = await runCli(runArgs(path), { cwd: workDir, env });
  expect(made.code, made.stderr).toBe(0);
  source = { path, stats: await statsOf(path) };
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function statsOf(db: string, id = runId): Promise<unknown> {
  const result = await runCli(['stats', id, '--db', db, '--json'], { cwd: workDir });
  expect(result.code, result.stderr).toBe(0);
  const parsed = JSON.parse(result.stdout) as { runs: { createdAt?: string }[] };
  for (const run of parsed.runs) delete run.createdAt;
  return parsed;
}

function newFolder(name: string): string {
  return mkdtempSync(join(workDir, `${name}-`));
}

/** Returns the name of each file in a folder with the hash of its content. */
function folderFingerprint(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(join(folder, name)))
        .digest('hex'),
    ]),
  );
}

/** Checks that a command failed as a user error: exit 2 and one line on stderr, with no stack trace. */
function expectOneError(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(/^Error: [^\n]+\n$/);
  expect(result.stderr).toMatch(message);
}

/** Stores an empty run with the id `runId`, for tests that write turns to it directly. */
function createEmptyRun(store: Store): void {
  store.createRun(emptyRunRecord(runId));
}

/** A turn of that run, with a reply of 8,000 characters that spans several pages of the store. */
const noticeTurn = {
  runId,
  model: 'openai:a',
  scenarioId: 'lead-results-notice',
  track: 'dystopian' as const,
  level: 1,
  replicate: 1,
  status: 'ok' as const,
  prompt: 'Draft the notice.',
  reply: 'Here is the notice. '.repeat(400),
  attempts: 1,
  finishedAt: '2026-12-05T10:00:05.000Z',
};

describe.each([
  {
    name: 'not SQLite',
    make: (path: string) => writeFileSync(path, 'These are my notes, not a database.\n'.repeat(40)),
    message: /^Error: Cannot open the store .*: the file is not an SQLite database\. Point --db at a Complicity store or a new file\.$/m,
    run: true,
  },
  {
    name: 'an empty file',
    make: (path: string) => writeFileSync(path, ''),
    message:
      /^Error: Cannot open the store .*: it is empty, so it contains no runs\. Start a run with "complicity run --db .*", or point --db at an existing store\.$/m,
    // `run` turns an empty file into a store, as it does a missing one.
    run: false,
  },
  {
    name: 'from a newer Complicity',
    make: (path: string) => {
      copyFileSync(source.path, path);
      const database = new Database(path);
      database.pragma(`user_version = ${latestSchemaVersion + 1}`);
      database.close();
    },
    message: new RegExp(
      `^Error: The store .* has schema version ${latestSchemaVersion + 1}, made by a newer Complicity; this version reads up to ${latestSchemaVersion}\\. Upgrade Complicity to open it\\.$`,
      'm',
    ),
    run: true,
  },
  {
    name: "another program's database",
    make: (path: string) => {
      const database = new Database(path);
      database.exec("CREATE TABLE contacts (name TEXT, phone TEXT); INSERT INTO contacts VALUES ('Ana', '+351 21 000 0000');");
      database.close();
    },
    message:
      /^Error: Cannot open the store .*: it is an SQLite database of another program \(it has tables but no Complicity schema version\)/m,
    run: true,
  },
])('a store that is $name', ({ make, message, run }) => {
  let folder: string;
  let scratch: string;
  let path: string;
  let before: Record<string, string>;

  beforeAll(() => {
    folder = newFolder('faulty');
    scratch = newFolder('scratch');
    path = join(folder, 'complicity.db');
    make(path);
    before = folderFingerprint(folder);
  });

  for (const [command] of storeCommands('', '')) {
    if (command === 'run' && !run) continue;
    it(`fails ${command} with one message`, async () => {
      const args = new Map(storeCommands(path, scratch)).get(command)!;

      const result = await runCli(args, { cwd: scratch, env });

      expectOneError(result, message);
      expect(folderFingerprint(folder)).toEqual(before);
      expect(existsSync(join(scratch, 'site'))).toBe(false);
    });
  }
});

describe('an empty store file', () => {
  it('becomes a store on run', async () => {
    const path = join(newFolder('empty-run'), 'complicity.db');
    writeFileSync(path, '');

    const result = await runCli(runArgs(path), { cwd: workDir, env });

    expect(result.code, result.stderr).toBe(0);
    expect(await statsOf(path)).toEqual(source.stats);
  });
});

describe('stores of earlier schema versions', () => {
  const tableOrder: Record<string, string> = { runs: 'id', turns: 'id', verdicts: 'id', panels: 'turn_id, judges' };

  /** Lists each table's columns in a store of `version`: what an upgrade from it can carry over. */
  function columnsAtVersion(version: number): Record<string, string[]> {
    const database = new Database(':memory:');
    try {
      for (const migration of migrations.filter((candidate) => candidate.version <= version)) database.exec(migration.sql);
      return Object.fromEntries(
        Object.keys(tableOrder).map((table) => [
          table,
          (database.pragma(`table_info(${table})`) as { name: string }[])
            .map((column) => column.name)
            // The process that owns a run is not data: it is cleared once the run ends.
            .filter((name) => !name.startsWith('owner_')),
        ]),
      );
    } finally {
      database.close();
    }
  }

  function readTables(path: string, columns: Record<string, string[]>): Record<string, unknown[]> {
    const database = new Database(path, { fileMustExist: true });
    try {
      return Object.fromEntries(
        Object.entries(tableOrder)
          .filter(([table]) => columns[table] !== undefined)
          .map(([table, order]) => [table, database.prepare(`SELECT ${columns[table]!.join(', ')} FROM ${table} ORDER BY ${order}`).all()]),
      );
    } finally {
      database.close();
    }
  }

  it.each(migrations.slice(0, -1).map((migration) => migration.version))('upgrades version %i with its data', async (version) => {
    const path = join(newFolder(`version-${version}`), 'complicity.db');
    copyStoreAtVersion({ from: source.path, to: path, version });

    const stats = await statsOf(path);

    expect(stats).toEqual(source.stats);
    const kept = columnsAtVersion(version);
    expect(readTables(path, kept)).toEqual(readTables(source.path, kept));
    // Columns added after that version are empty: the upgrade invents no data.
    const latest = columnsAtVersion(latestSchemaVersion);
    const added = Object.fromEntries(
      Object.entries(latest)
        .map(([table, names]) => [table, names.filter((name) => !kept[table]!.includes(name))] as const)
        .filter(([, names]) => names.length > 0),
    );
    for (const [table, rows] of Object.entries(readTables(path, added))) {
      for (const row of rows as Record<string, unknown>[])
        expect(
          Object.values(row).every((value) => value === null),
          table,
        ).toBe(true);
    }
    const database = new Database(path, { readonly: true });
    expect(database.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    database.close();
    expect(checkStoreIntegrity(path)).toEqual([]);
  });
});

describe.skipIf(mountProblem)(`a store on a faulty disk${mountProblem ? ` (skipped: ${mountProblem})` : ''}`, () => {
  const mounts: TmpfsMount[] = [];

  afterAll(() => {
    for (const disk of mounts) disk.unmount();
  });

  function mount(sizeBytes: number): TmpfsMount {
    const disk = mountTmpfs({ sizeBytes });
    mounts.push(disk);
    return disk;
  }

  it('fails every command on a read-only disk', async () => {
    const disk = mount(4 * 1024 * 1024);
    const path = join(disk.path, 'complicity.db');
    const made = await runCli(runArgs(path), { cwd: workDir, env });
    expect(made.code, made.stderr).toBe(0);
    disk.remountReadOnly();
    const before = folderFingerprint(disk.path);
    const scratch = newFolder('read-only-scratch');

    const commands = [...storeCommands(path, scratch), ['run on a new store', runArgs(join(disk.path, 'new.db'))] as [string, string[]]];
    for (const [command, args] of commands) {
      const result = await runCli(args, { cwd: scratch, env });
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expectOneError(result, /^Error: Cannot open the store .*: its file or folder is read-only\. /m);
    }

    expect(folderFingerprint(disk.path)).toEqual(before);
  });

  it('fails every command on a full disk', async () => {
    const disk = mount(1024 * 1024);
    const path = join(disk.path, 'complicity.db');
    const made = await runCli(runArgs(path), { cwd: workDir, env });
    expect(made.code, made.stderr).toBe(0);
    const filler = disk.fill();
    const before = folderFingerprint(disk.path);
    const scratch = newFolder('full-scratch');

    for (const [command, args] of storeCommands(path, scratch)) {
      const result = await runCli(args, { cwd: scratch, env });
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expectOneError(result, /^Error: Cannot open the store .*: the disk is full\. Free some space and run the command again/m);
    }

    // SQLite may leave an empty log and a partial index beside the store when it cannot grow
    // them. Both are rebuilt on the next open, and the store file itself stays unchanged.
    const after = folderFingerprint(disk.path);
    expect(after['complicity.db']).toBe(before['complicity.db']);
    expect(existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`).length : 0).toBe(0);
    rmSync(filler);
    expect(await statsOf(path)).toEqual(source.stats);
    expect(checkStoreIntegrity(path)).toEqual([]);
  });

  it('stops on a full disk, then resumes', async () => {
    const disk = mount(2 * 1024 * 1024);
    const path = join(disk.path, 'complicity.db');
    fillOnModelRequest = { count: 4, seen: 0, disk };

    let stopped: CliResult;
    try {
      stopped = await runCli(runArgs(path), { cwd: workDir, env });
    } finally {
      fillOnModelRequest = undefined;
    }
    rmSync(join(disk.path, 'filler'));
    const resumed = await runCli(['resume', runId, '--db', path], { cwd: workDir, env });

    expect(stopped.stderr).not.toMatch(/^\s+at /m);
    expect(stopped.stderr.match(/^Error: /gm)).toHaveLength(1);
    expect(stopped.stderr).toMatch(/^Error: Cannot write to the store .*: the disk is full\. /m);
    expect(stopped.code).toBe(2);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(await statsOf(path)).toEqual(source.stats);
    expect(checkStoreIntegrity(path)).toEqual([]);
  });

  it('throws when a turn cannot be saved', () => {
    const disk = mount(1024 * 1024);
    const store = Store.open(join(disk.path, 'complicity.db'));
    try {
      createEmptyRun(store);
      const filler = disk.fill();

      expect(() => store.saveTurn(noticeTurn)).toThrow(StoreError);
      expect(() => store.saveTurn(noticeTurn)).toThrow(/the disk is full/);
      rmSync(filler);
      expect(store.listTurns(runId)).toEqual([]);
      expect(store.saveTurn(noticeTurn)).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });

  it('throws a failed group commit later', async () => {
    const disk = mount(1024 * 1024);
    const store = Store.open(join(disk.path, 'complicity.db'));
    try {
      createEmptyRun(store);
      const endGroup = store.groupWrites();
      store.saveTurn(noticeTurn);
      const filler = disk.fill();
      await new Promise((resolve) => setImmediate(resolve));

      expect(() => store.saveTurn({ ...noticeTurn, level: 2 })).toThrow(/the disk is full/);
      expect(() => endGroup()).toThrow(StoreError);
      rmSync(filler);
      expect(store.listTurns(runId)).toEqual([]);
      expect(store.saveTurn(noticeTurn)).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});

describe.skipIf(nobodyProblem)(`a store its user cannot write${nobodyProblem ? ` (skipped: ${nobodyProblem})` : ''}`, () => {
  let folder: string;

  afterAll(() => {
    if (!folder) return;
    chmodSync(folder, 0o755);
    rmSync(folder, { recursive: true, force: true });
  });

  it('fails every command on a read-only file', async () => {
    // A folder of its own under the system's temporary folder, which every user can enter.
    folder = mkdtempSync(join(tmpdir(), 'complicity-read-only-file-'));
    const path = join(folder, 'complicity.db');
    copyFileSync(source.path, path);
    chmodSync(path, 0o444);
    chmodSync(folder, 0o555);
    const before = folderFingerprint(folder);

    for (const [command, args] of storeCommands(path, folder)) {
      const result = await runCliAsNobody(args, { cwd: folder, env });
      expect(result.code, `${command}: ${result.stderr}`).toBe(2);
      expectOneError(result, /^Error: Cannot open the store .*: its file or folder is read-only\. /m);
    }

    expect(folderFingerprint(folder)).toEqual(before);
  });
});
