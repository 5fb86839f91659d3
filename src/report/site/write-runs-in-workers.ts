import { Worker } from 'node:worker_threads';
import type { PackedTurns } from './pack-scored-turns.js';

/** What each worker is started with. */
export interface WorkerSetup {
  storePath: string;
  outDir: string;
}

export type WorkerRequest = { type: 'write-run'; runId: string } | { type: 'stop' };

export type WorkerReply =
  | { type: 'run-written'; runId: string; turns: PackedTurns; summaryBytes: number; files: number; bytes: number }
  | { type: 'run-failed'; runId: string; message: string };

/** One run's data files as written by a worker. */
export type WrittenRun = Extract<WorkerReply, { type: 'run-written' }>;

/**
 * The worker's module. Workers load it as JavaScript, so they run only from the built package
 * (`dist/`); from the TypeScript sources, as under the tests, runs are written in the calling thread.
 */
const workerUrl = new URL('./site-worker.js', import.meta.url);

/** Whether this module runs from the built package, where its worker module exists. */
export const workersAvailable = import.meta.url.endsWith('.js');

/**
 * Writes the data files of runs in `workers` worker threads, each with its own connection to
 * the store, handing every worker the next run as it finishes one. Calls `onRunStart` and
 * `onRunEnd` as runs are handed out and done. Rejects with the first run that fails, after
 * stopping every worker.
 */
export async function writeRunsInWorkers({
  storePath,
  outDir,
  runIds,
  workers,
  onRunStart,
  onRunEnd,
}: {
  storePath: string;
  outDir: string;
  runIds: readonly string[];
  workers: number;
  onRunStart: (runId: string) => void;
  onRunEnd: (run: WrittenRun) => void;
}): Promise<Map<string, WrittenRun>> {
  const queue = [...runIds];
  const written = new Map<string, WrittenRun>();
  const pool = Array.from(
    { length: Math.min(workers, runIds.length) },
    () => new Worker(workerUrl, { workerData: { storePath, outDir } satisfies WorkerSetup }),
  );

  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let stopped = false;
            const next = () => {
              const runId = queue.shift();
              if (runId === undefined) {
                // The worker closes its store and exits once told that no run is left.
                stopped = true;
                worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
                return;
              }
              onRunStart(runId);
              worker.postMessage({ type: 'write-run', runId } satisfies WorkerRequest);
            };
            worker.on('message', (reply: WorkerReply) => {
              if (reply.type === 'run-failed') {
                reject(new Error(`Writing the site data of run ${reply.runId} failed: ${reply.message}`));
                return;
              }
              written.set(reply.runId, reply);
              onRunEnd(reply);
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (stopped && code === 0) resolve();
              else reject(new Error(`A site worker stopped with exit code ${code} before its runs were written.`));
            });
            next();
          }),
      ),
    );
  } finally {
    // Ends the workers still busy when another one failed; the others have already exited.
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return written;
}
