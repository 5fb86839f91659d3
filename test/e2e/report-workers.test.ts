import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as PoolModule from '../../src/report/site/site-worker-pool.js';
import type * as JobModule from '../../src/report/site/write-site-job.js';
import type * as StoreModule from '../../src/store/index.js';
import { assertBuilt, repositoryRoot } from './cli.js';

// The workers load the built modules, so the test drives `dist/` as the CLI does.
type Built = { pool: typeof PoolModule; job: typeof JobModule; store: typeof StoreModule };

let workDir: string;
let dbPath: string;
let built: Built;

beforeAll(async () => {
  assertBuilt();
  workDir = mkdtempSync(join(tmpdir(), 'complicity-report-workers-'));
  dbPath = join(workDir, 'store.db');
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/generate-store.ts', '--turns', '1000', '--runs', '2', '--models', '2', '--judges', '2', '--out', dbPath],
    { cwd: repositoryRoot, stdio: 'ignore' },
  );
  const load = (path: string) => import(join(repositoryRoot, 'dist', path));
  built = {
    pool: await load('report/site/site-worker-pool.js'),
    job: await load('report/site/write-site-job.js'),
    store: await load('store/index.js'),
  };
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Reads every file under `folder`, keyed by its relative path. */
function readTree(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(folder, path)] = readFileSync(path, 'utf8');
  }
  return files;
}

describe('SiteWorkerPool', () => {
  it('matches the calling thread past its heap limit', async () => {
    const store = built.store.Store.open(dbPath, { create: false });
    const runs = store.listRuns();
    const inThread = join(workDir, 'in-thread');
    const turns = runs.map((run) => built.job.writeSiteJob({ store, outDir: inThread, job: { type: 'write-run', runId: run.id } }));
    const comparison = {
      type: 'write-comparison',
      first: runs[0]!,
      second: runs[1]!,
      firstTurns: turns[0]!.turns,
      secondTurns: turns[1]!.turns,
    } as const;
    built.job.writeSiteJob({ store, outDir: inThread, job: comparison });
    store.close();

    // A heap far too small for the worker's modules: each worker runs out and is replaced by one with a doubled limit, until one fits.
    const inWorkers = join(workDir, 'in-workers');
    const pool = new built.pool.SiteWorkerPool({
      setup: { storePath: dbPath, outDir: inWorkers },
      size: 2,
      resourceLimits: { maxOldGenerationSizeMb: 2 },
    });
    const started: string[] = [];
    try {
      const written = await Promise.all(runs.map((run) => pool.send({ type: 'write-run', runId: run.id }, () => started.push(run.id))));
      await pool.send(comparison);
      expect(written.map((run) => run.files)).toEqual(turns.map((run) => run.files));
    } finally {
      await pool.close();
    }

    expect(started.sort()).toEqual(runs.map((run) => run.id).sort());
    expect(readTree(inWorkers)).toEqual(readTree(inThread));
  });

  it('rejects a failed job with its run', async () => {
    const pool = new built.pool.SiteWorkerPool({ setup: { storePath: dbPath, outDir: join(workDir, 'failing') }, size: 1 });
    try {
      await expect(pool.send({ type: 'write-run', runId: 'no-such-run' })).rejects.toThrow(
        /Writing the site data of run no-such-run failed/,
      );
    } finally {
      await pool.close();
    }
  });
});
