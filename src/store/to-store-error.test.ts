import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { StoreError } from '../error/index.js';
import { toStoreError } from './to-store-error.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-store-error-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** An error shaped like better-sqlite3's `SqliteError`. */
function sqliteError(code: string): Error {
  return Object.assign(new Error(`SQLite failed: ${code}`), { code });
}

function messageOf(code: string, operation: 'open' | 'read' | 'write' = 'write'): string {
  const converted = toStoreError({ error: sqliteError(code), path: join(directory, 'complicity.db'), operation });
  if (!(converted instanceof StoreError)) throw new Error(`${code} was not turned into a StoreError`);
  return converted.message;
}

describe('toStoreError', () => {
  it.each([
    ['SQLITE_FULL', /: the disk is full\. Free some space/],
    ['SQLITE_READONLY', /: its file or folder is read-only\./],
    ['SQLITE_READONLY_DBMOVED', /: its file or folder is read-only\./],
    ['SQLITE_BUSY', /: another process has kept it locked for too long\./],
    ['SQLITE_BUSY_SNAPSHOT', /: another process has kept it locked for too long\./],
    ['SQLITE_NOTADB', /: the file is not an SQLite database\./],
    ['SQLITE_CORRUPT', /: the file is damaged/],
    ['SQLITE_IOERR_WRITE', /: SQLite failed with SQLITE_IOERR_WRITE\. Check that the disk works/],
  ])('explains %s', (code, expected) => {
    expect(messageOf(code)).toMatch(expected);
  });

  it('names the operation and the path', () => {
    const path = join(directory, 'complicity.db');

    expect(messageOf('SQLITE_FULL', 'open')).toMatch(`Cannot open the store ${path}: `);
    expect(messageOf('SQLITE_FULL', 'read')).toMatch(`Cannot read the store ${path}: `);
    expect(messageOf('SQLITE_FULL', 'write')).toMatch(`Cannot write to the store ${path}: `);
  });

  it('keeps the SQLite error as the cause', () => {
    const error = sqliteError('SQLITE_FULL');

    const converted = toStoreError({ error, path: join(directory, 'complicity.db'), operation: 'write' }) as StoreError;

    expect(converted.cause).toBe(error);
    expect(converted.isUserError).toBe(true);
  });

  it('leaves a constraint failure as it is', () => {
    const error = sqliteError('SQLITE_CONSTRAINT_UNIQUE');

    expect(toStoreError({ error, path: join(directory, 'complicity.db'), operation: 'write' })).toBe(error);
  });

  it('leaves an error without a code as it is', () => {
    const error = new TypeError('not a string');

    expect(toStoreError({ error, path: join(directory, 'complicity.db'), operation: 'write' })).toBe(error);
  });
});
