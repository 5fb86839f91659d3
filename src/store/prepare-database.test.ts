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
});
