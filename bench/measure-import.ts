import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSucceeded, measureCli, repositoryRoot, type ProcessMeasure } from './measure-process.js';

/**
 * Imports every DystopiaBench result file in `folder` into a new store with `complicity import`
 * and returns the rows imported with the process's cost.
 */
export async function measureImport(folder: string): Promise<ProcessMeasure & { rows: number; files: number }> {
  const workDir = mkdtempSync(join(tmpdir(), 'complicity-bench-import-'));
  try {
    const measure = await measureCli(['import', folder, '--json', '--db', join(workDir, 'import.db')], { cwd: repositoryRoot });
    assertSucceeded(`complicity import ${folder}`, measure);
    const results = JSON.parse(measure.stdout) as { rows: number }[];
    return { ...measure, rows: results.reduce((sum, result) => sum + result.rows, 0), files: results.length };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
