import Database from 'better-sqlite3';
import { migrations } from '../../src/store/index.js';

/** The store's tables, parents before children, so rows copy in an order foreign keys accept. */
const tables = ['runs', 'turns', 'verdicts', 'panels'];

/**
 * Writes a store at schema `version` to `to`, as that version of Complicity would have left it.
 * The migrations up to `version` create the tables. Then the rows of the store at `from`, which
 * must be at the latest version, are copied into the columns that `version` has.
 *
 * NOTE: the copy keeps every row, so a row that an earlier version could not have written (one
 * that a later migration exists to clean up) is copied too.
 *
 * @example
 * copyStoreAtVersion({ from: 'latest.db', to: 'version-1.db', version: 1 });
 */
export function copyStoreAtVersion({ from, to, version }: { from: string; to: string; version: number }): void {
  const target = new Database(to);
  try {
    for (const migration of migrations.filter((candidate) => candidate.version <= version)) target.exec(migration.sql);
    target.pragma(`user_version = ${version}`);
    target.prepare('ATTACH DATABASE ? AS source').run(from);
    for (const table of tables) {
      const columns = (target.pragma(`main.table_info(${table})`) as { name: string }[]).map((column) => column.name).join(', ');
      target.exec(`INSERT INTO main.${table} (${columns}) SELECT ${columns} FROM source.${table}`);
    }
    target.exec('DETACH DATABASE source');
  } finally {
    target.close();
  }
}
