import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { RunNotFoundError, UsageError } from '../../error/index.js';
import type { RunRecord, Store } from '../../store/index.js';
import { buildSiteIndex } from './build-site-index.js';
import { DataFileWriter } from './data-file-writer.js';
import { prepareReportFolder } from './prepare-report-folder.js';
import { builtSiteAssetsPath, readSiteAssets } from './site-assets.js';
import { writeSiteData } from './write-site-data.js';

/**
 * One worker by default: two side by side took 350 MB at their peak on 100,000 turns against 230
 * MB for one (docs/performance.md), and a worker, unlike the calling thread, can be given a heap
 * limit.
 */
const defaultWorkers = 1;

/**
 * Without a limit a worker let its heap grow to about four times the 50 MB it kept alive before
 * collecting, so the limit makes it collect sooner. A job that needs more is written again by a
 * worker with twice the old generation, up to 1,024 MB and then V8's default.
 */
const workerResourceLimits: ResourceLimits = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

/** What `writeSite` reports as it goes, for a progress display. */
export type SiteEvent =
  | { type: 'run-start'; runId: string; index: number; runs: number }
  | { type: 'run-end'; runId: string; files: number; bytes: number; durationMs: number }
  | { type: 'comparisons-start'; comparisons: number }
  | { type: 'assets-copied'; files: number; bytes: number };

export interface WriteSiteOptions {
  store: Store;
  /** The runs to include, in this order; every run of the store, newest first, when empty or absent. */
  runIds?: readonly string[];
  /** The site's folder: new, empty, or holding an earlier report, which is replaced. */
  outDir: string;
  /** The browser build to copy; `dist/site/` of the package by default. */
  assetsDir?: string;
  /** The time the site states it was generated at; now by default. */
  generatedAt?: Date;
  /**
   * Worker threads that write runs side by side, up to the number of runs; 1 by default. Runs are
   * written in the calling thread with 0, for a store in memory, and when running from the
   * TypeScript sources, where the worker module is not built.
   */
  workers?: number;
  onEvent?: (event: SiteEvent) => void;
}

/** What a site build wrote. */
export interface SiteWriteResult {
  outDir: string;
  /** The page to open: `index.html` in `outDir`. */
  indexPath: string;
  runs: number;
  comparisons: number;
  /** Data files and copied assets. */
  files: number;
  bytes: number;
  /** Size of `data/index.js`, which every view loads. */
  indexBytes: number;
  /** Size of each run's summary file, which its leaderboard loads with the index. */
  summaryBytes: Record<string, number>;
  durationMs: number;
}

/**
 * Writes the static results site of a store's runs to `outDir`: the data files of every run and
 * of every pair of runs of the same suite, the index, and the browser build. Each run's rows are
 * read once, and runs and comparisons are written in worker threads with a heap limit. Throws
 * before writing anything when a run id is unknown, the store has no runs, the browser build is
 * missing, or `outDir` contains files that are not an earlier report.
 *
 * @example
 * const result = await writeSite({ store: Store.open('.complicity/complicity.db'), outDir: '.complicity/site' });
 * console.log(`open ${result.indexPath}`);
 */
export async function writeSite(options: WriteSiteOptions): Promise<SiteWriteResult> {
  const started = performance.now();
  const { store, outDir, onEvent } = options;
  const assets = readSiteAssets(options.assetsDir ?? builtSiteAssetsPath);
  const runs = selectRuns(store, options.runIds ?? []);
  prepareReportFolder({ folder: outDir, assets: assets.files });

  const written = await writeSiteData({
    store,
    runs,
    outDir,
    workers: options.workers ?? defaultWorkers,
    resourceLimits: workerResourceLimits,
    onEvent,
  });
  const writer = new DataFileWriter(outDir);
  const indexBytes = writer.write(
    ['index'],
    buildSiteIndex({ runs, methodologyHtml: assets.methodologyHtml, generatedAt: options.generatedAt ?? new Date() }),
  );

  let assetBytes = 0;
  for (const file of assets.files) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(assets.folder, file), target);
    assetBytes += statSync(target).size;
  }
  onEvent?.({ type: 'assets-copied', files: assets.files.length, bytes: assetBytes });

  return {
    outDir,
    indexPath: join(outDir, 'index.html'),
    runs: runs.length,
    comparisons: written.comparisons,
    files: written.files + writer.files + assets.files.length,
    bytes: written.bytes + writer.bytes + assetBytes,
    indexBytes,
    summaryBytes: written.summaryBytes,
    durationMs: performance.now() - started,
  };
}

/** The runs of the given ids, each once, or every run of the store; throws for an unknown id or an empty store. */
function selectRuns(store: Store, runIds: readonly string[]): RunRecord[] {
  if (runIds.length === 0) {
    const runs = store.listRuns();
    if (runs.length === 0) {
      throw new UsageError({
        message: `The store ${store.path} has no runs yet. Start one with: complicity run --model SPEC, or bring in DystopiaBench results with: complicity import FILE`,
      });
    }
    return runs;
  }
  return [...new Set(runIds)].map((runId) => {
    const run = store.getRun(runId);
    if (!run) throw new RunNotFoundError({ runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
    return run;
  });
}
