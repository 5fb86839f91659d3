import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSucceeded, measureCli, repositoryRoot, runProcess, type ProcessMeasure } from './measure-process.js';

/** The generated store that `stats` and `report` are timed on. */
export interface StoreShape {
  turns: number;
  runs: number;
  models: number;
  judges: number;
  /** Path of the store file; an existing file there is used as it is. */
  path: string;
}

/**
 * Writes the store with scripts/generate-store.ts unless it exists, then times `complicity
 * stats` over every run of it and `complicity report` of every run, each in its own process.
 */
export async function measureViews(
  shape: StoreShape,
  onProgress: (message: string) => void,
  nodeArguments: readonly string[] = [],
): Promise<{ stats: ProcessMeasure; report: ProcessMeasure }> {
  if (existsSync(shape.path)) {
    onProgress(`using the store ${shape.path} as it is`);
  } else {
    onProgress(`writing a store of ${shape.turns} turns to ${shape.path}`);
    const generated = await runProcess(
      process.execPath,
      [
        ...['--import', 'tsx', 'scripts/generate-store.ts'],
        ...['--turns', String(shape.turns), '--runs', String(shape.runs), '--models', String(shape.models)],
        ...['--judges', String(shape.judges), '--out', shape.path],
      ],
      { cwd: repositoryRoot },
    );
    assertSucceeded('scripts/generate-store.ts', generated);
  }

  const runIds = Array.from({ length: shape.runs }, (_, index) => `generated-${index + 1}`);
  onProgress(`complicity stats ${runIds.join(' ')}`);
  const stats = await measureCli(['stats', ...runIds, '--db', shape.path], { cwd: repositoryRoot, nodeArguments });
  assertSucceeded('complicity stats', stats);

  const siteDir = mkdtempSync(join(tmpdir(), 'complicity-bench-site-'));
  try {
    onProgress('complicity report');
    const report = await measureCli(['report', '--db', shape.path, '--out', siteDir], { cwd: repositoryRoot, nodeArguments });
    assertSucceeded('complicity report', report);
    return { stats, report };
  } finally {
    rmSync(siteDir, { recursive: true, force: true });
  }
}
