import { resolve } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import type { RunRecord, Store } from '../../store/index.js';
import { pairSameSuiteRuns } from './build-run-comparison.js';
import type { PackedTurns } from './pack-scored-turns.js';
import { SiteWorkerPool, workersAvailable, type JobResult, type SiteJob } from './site-worker-pool.js';
import type { SiteEvent } from './write-site.js';
import { writeSiteJob } from './write-site-job.js';

/** The files and bytes `writeSiteData` wrote for every run and comparison, and each run's summary size. */
export interface SiteDataResult {
  files: number;
  bytes: number;
  summaryBytes: Record<string, number>;
  comparisons: number;
}

/**
 * Writes the data files of `runs`, then the comparison of every pair of them of the same suite.
 * The work runs in `workers` worker threads with `resourceLimits`. It runs in the calling thread
 * with 0 workers, for a store in memory, and when running from the TypeScript sources.
 */
export async function writeSiteData({
  store,
  runs,
  outDir,
  workers,
  resourceLimits,
  onEvent,
}: {
  store: Store;
  runs: readonly RunRecord[];
  outDir: string;
  workers: number;
  resourceLimits?: ResourceLimits;
  onEvent?: (event: SiteEvent) => void;
}): Promise<SiteDataResult> {
  const poolSize = workersAvailable && store.path !== ':memory:' ? Math.min(workers, runs.length) : 0;
  const pool =
    poolSize > 0 ? new SiteWorkerPool({ setup: { storePath: resolve(store.path), outDir }, size: poolSize, resourceLimits }) : undefined;
  const send = <J extends SiteJob>(job: J, onStart?: () => void): Promise<JobResult<J>> => {
    if (pool) return pool.send(job, onStart);
    onStart?.();
    return Promise.resolve(writeSiteJob({ store, outDir, job }));
  };
  // In the calling thread one job at a time, so that each run's events come in order.
  const forEach = async <T>(items: readonly T[], work: (item: T) => Promise<void>) => {
    if (pool) await Promise.all(items.map(work));
    else for (const item of items) await work(item);
  };

  const result: SiteDataResult = { files: 0, bytes: 0, summaryBytes: {}, comparisons: 0 };
  const runTurns = new Map<string, PackedTurns>();
  let started = 0;
  try {
    await forEach(runs, async (run) => {
      let startedAt = 0;
      const written = await send({ type: 'write-run', runId: run.id }, () => {
        startedAt = performance.now();
        onEvent?.({ type: 'run-start', runId: run.id, index: started++, runs: runs.length });
      });
      result.files += written.files;
      result.bytes += written.bytes;
      result.summaryBytes[run.id] = written.summaryBytes;
      runTurns.set(run.id, written.turns);
      onEvent?.({ type: 'run-end', runId: run.id, files: written.files, bytes: written.bytes, durationMs: performance.now() - startedAt });
    });

    const pairs = pairSameSuiteRuns(runs);
    if (pairs.length > 0) onEvent?.({ type: 'comparisons-start', comparisons: pairs.length });
    await forEach(pairs, async ([first, second]) => {
      const job = {
        type: 'write-comparison',
        first,
        second,
        firstTurns: runTurns.get(first.id)!,
        secondTurns: runTurns.get(second.id)!,
      } as const;
      const written = await send(job);
      result.files += written.files;
      result.bytes += written.bytes;
    });
    result.comparisons = pairs.length;
  } finally {
    await pool?.close();
  }
  return result;
}
