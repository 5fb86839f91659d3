import Database from 'better-sqlite3';

/**
 * Runs SQLite's `integrity_check` and `foreign_key_check` on the store file at `path` through
 * a connection of its own, and returns every problem they report: an empty list means sound.
 */
export function checkStoreIntegrity(path: string): string[] {
  const database = new Database(path, { fileMustExist: true });
  try {
    const integrity = database.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const foreignKeys = database.pragma('foreign_key_check', { simple: false }) as { table: string; rowid: number; parent: string }[];
    return [
      ...integrity.map((row) => row.integrity_check).filter((result) => result !== 'ok'),
      ...foreignKeys.map((row) => `row ${row.rowid} of ${row.table} points to a missing row of ${row.parent}`),
    ];
  } finally {
    database.close();
  }
}
