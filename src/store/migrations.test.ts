import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';

import { latestSchemaVersion, migrations } from './migrations.js';

describe('migrations', () => {
  it('numbers versions 1, 2, 3 and so on', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('describes every migration', () => {
    for (const migration of migrations) expect(migration.description.trim()).not.toBe('');
  });

  it('ends at the latest schema version', () => {
    expect(latestSchemaVersion).toBe(migrations.at(-1)?.version);
  });

  it('creates the four tables', () => {
    const database = new Database(':memory:');
    for (const migration of migrations) database.exec(migration.sql);

    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    database.close();

    expect(tables).toEqual(['panels', 'runs', 'turns', 'verdicts']);
  });
});
