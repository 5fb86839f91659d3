import { accessSync, constants, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError } from '../error/index.js';

/** The store operation that failed, named in the message's first words. */
export type StoreOperation = 'open' | 'read' | 'write';

// Primary SQLite result codes that blame the file, its disk or another process rather than
// Complicity's SQL. Other codes (a constraint, a syntax error) are bugs and keep their stack.
const environmentCodes = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PERM',
]);

// NOTE: below this much free space an I/O failure is reported as a full disk. SQLite needs
// room for its 32 KiB shared-memory file and whole pages of the log, so a disk with less
// than this left fails the same way a full one does.
const nearlyFullBytes = 1024 * 1024;

const operationWords: Record<StoreOperation, string> = { open: 'Cannot open', read: 'Cannot read', write: 'Cannot write to' };

/**
 * Turns an SQLite failure caused by the store's file, disk or another process into a
 * `StoreError` whose message states what happened and what to do. Returns any other error
 * unchanged.
 *
 * @example
 * try { statement.run(row) } catch (error) { throw toStoreError({ error, path, operation: 'write' }) }
 */
export function toStoreError({ error, path, operation }: { error: unknown; path: string; operation: StoreOperation }): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return error;
  const primaryCode = /^SQLITE_[A-Z]+/.exec(code)?.[0];
  if (!primaryCode || !environmentCodes.has(primaryCode)) return error;

  return new StoreError({
    message: `${operationWords[operation]} the store ${path}: ${describeFailure({ primaryCode, code, path })}`,
    path,
    cause: error,
  });
}

function describeFailure({ primaryCode, code, path }: { primaryCode: string; code: string; path: string }): string {
  const fullDisk =
    'the disk is full. Free some space and run the command again: everything stored so far is kept, and "complicity resume RUN_ID" continues a stopped run.';
  const readOnly =
    'its file or folder is read-only. SQLite writes a log and an index beside the store even to read it, so make both writable (or remount the disk read-write), or copy the store to a folder you can write.';

  switch (primaryCode) {
    case 'SQLITE_FULL':
      return fullDisk;
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return readOnly;
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'another process has kept it locked for too long. Wait for that process to finish, or stop it, then run the command again.';
    case 'SQLITE_NOTADB':
      return 'the file is not an SQLite database. Point --db at a Complicity store or a new file.';
    case 'SQLITE_CORRUPT':
      return 'the file is damaged (SQLite reports a malformed database). Restore it from a copy, or point --db at another store.';
  }

  // I/O and open failures do not say why, so the folder is checked for the usual causes.
  if (isNearlyFull(path)) return fullDisk;
  if (!isWritable(dirname(path)) || !isWritable(path)) return readOnly;
  return `SQLite failed with ${code}. Check that the disk works and that the store's folder can be written, then run the command again.`;
}

function isNearlyFull(path: string): boolean {
  try {
    const { bavail, bsize } = statfsSync(dirname(path));
    return bavail * bsize < nearlyFullBytes;
  } catch {
    return false;
  }
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch (error) {
    // A missing file is no sign of a read-only disk.
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
