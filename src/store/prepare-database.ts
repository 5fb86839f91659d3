import type Database from 'better-sqlite3';
import { StoreError } from '../error/index.js';
import { latestSchemaVersion, migrations } from './migrations.js';

/** How long a write waits for another process's lock before failing. */
export const busyTimeoutMs = 10_000;

/** How long a failed switch to WAL mode waits before it is tried again. */
const walRetryDelayMs = 20;

/**
 * Sets up a freshly opened connection and migrates the store to the latest schema. Throws
 * `StoreError`, before anything is written, for a store made by a newer Complicity, for
 * another program's SQLite database, and (unless `create`) for a store with nothing in it.
 */
export function prepareDatabase(database: Database.Database, { path, create }: { path: string; create: boolean }): void {
  database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // The version is checked before anything writes, because switching to WAL rewrites the
  // file header and a store made by a newer Complicity must stay as it was. Both reads share
  // one snapshot, so a process that creates the store meanwhile is seen whole or not at all.
  const { version, tables } = database.transaction(() => ({
    version: checkSchemaVersion(database, path),
    tables: database.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number,
  }))();
  if (version === 0) checkUnversionedStore({ tables, path, create });
  switchToWal(database);
  // In WAL mode, NORMAL loses no committed write when the process is killed (only on power
  // loss), and it spares an fsync on every commit.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  migrate(database, path);
}

/**
 * Switches the store to WAL mode, trying again for up to the busy timeout. Two processes that
 * switch a new store at once each hold a read lock that the other must wait out, so SQLite
 * fails one of them at once with SQLITE_BUSY instead of letting both wait forever.
 */
function switchToWal(database: Database.Database): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, walRetryDelayMs);
    }
  }
}

/** Reads the store's `user_version` and throws `StoreError` when a newer Complicity made the store. */
function checkSchemaVersion(database: Database.Database, path: string): number {
  const current = database.pragma('user_version', { simple: true }) as number;
  if (current > latestSchemaVersion) {
    throw new StoreError({
      message: `The store ${path} has schema version ${current}, made by a newer Complicity; this version reads up to ${latestSchemaVersion}. Upgrade Complicity to open it.`,
      path,
    });
  }
  return current;
}

/**
 * Accepts a database at schema version 0 only when it has no tables: then it is a new or empty
 * file, which `create` turns into a store. Tables without a version belong to another program,
 * and Complicity's tables must not be added to its file.
 */
function checkUnversionedStore({ tables, path, create }: { tables: number; path: string; create: boolean }): void {
  if (tables > 0) {
    throw new StoreError({
      message: `Cannot open the store ${path}: it is an SQLite database of another program (it has tables but no Complicity schema version), and Complicity leaves it as it is. Point --db at a Complicity store or a new file.`,
      path,
    });
  }
  if (!create) {
    throw new StoreError({
      message: `Cannot open the store ${path}: it is empty, so it contains no runs. Start a run with "complicity run --db ${path}", or point --db at an existing store.`,
      path,
    });
  }
}

function migrate(database: Database.Database, path: string): void {
  if (checkSchemaVersion(database, path) === latestSchemaVersion) return;
  database
    .transaction(() => {
      // Read again under the write lock: two processes that open a new store at once both
      // saw version 0, and the second must not replay what the first has just applied.
      const current = checkSchemaVersion(database, path);
      for (const migration of migrations.filter((candidate) => candidate.version > current)) {
        database.exec(migration.sql);
        database.pragma(`user_version = ${migration.version}`);
      }
    })
    .immediate();
}
