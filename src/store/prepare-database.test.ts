import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { latestSchemaVersion } from './migrations.js';
import { prepareDatabase } from './prepare-database.js';
import { Store } from './store.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-prepare-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('prepareDatabase', () => {
  it('migrates a new store once under a race', () => {
    const path = join(directory, 'complicity.db');
    const database = new Database(path);
    // Another process creates the tables after this connection has read version 0 and before
    // it takes the write lock to migrate, as when two runs start on a new store at once.
    const racing = new Proxy(database, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target) as unknown;
        if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
        return (work: () => void) => {
          Store.open(path).close();
          return target.transaction(work);
        };
      },
    });

    try {
      expect(() => prepareDatabase(racing, { path, create: true })).not.toThrow();
      expect(database.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    } finally {
      database.close();
    }
  });

  it('switches to WAL after a deadlock', () => {
    const path = join(directory, 'complicity.db');
    const database = new Database(path);
    // SQLite fails one of two processes that switch a new store to WAL at once, without waiting.
    let switches = 0;
    const deadlocked = new Proxy(database, {
      get: (target, property) => {
        const value = Reflect.get(target, property, target) as unknown;
        if (property !== 'pragma') return typeof value === 'function' ? value.bind(target) : value;
        return (source: string, options?: Database.PragmaOptions) => {
          if (source === 'journal_mode = WAL' && switches++ === 0) {
            throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
          }
          return target.pragma(source, options);
        };
      },
    });

    try {
      prepareDatabase(deadlocked, { path, create: true });

      expect(switches).toBe(2);
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      database.close();
    }
  });
});
