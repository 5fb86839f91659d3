import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { RunRecord } from '../../store/index.js';
import type { PackedTurns } from './pack-scored-turns.js';

/** The worker's data at start: the store to open and the site's folder. */
export interface WorkerSetup {
  storePath: string;
  outDir: string;
}

/** A piece of the site a worker writes: one run's data files, or the comparison of two runs. */
export type SiteJob =
  | { type: 'write-run'; runId: string }
  | { type: 'write-comparison'; first: RunRecord; second: RunRecord; firstTurns: PackedTurns; secondTurns: PackedTurns };

export type WorkerRequest = SiteJob | { type: 'stop' };

export type WorkerReply =
  | { type: 'run-written'; runId: string; turns: PackedTurns; summaryBytes: number; files: number; bytes: number }
  | { type: 'comparison-written'; files: number; bytes: number }
  | { type: 'failed'; message: string };

/** One run's data files as written by a worker. */
export type WrittenRun = Extract<WorkerReply, { type: 'run-written' }>;

/** The reply that a job's promise resolves with, which matches the job's type. */
export type JobResult<J extends SiteJob> = J extends { type: 'write-run' }
  ? WrittenRun
  : Extract<WorkerReply, { type: 'comparison-written' }>;

/**
 * The worker's module. Workers load it as JavaScript, so they run only from the built package
 * (`dist/`). From the TypeScript sources, as under the tests, runs are written in the calling thread.
 */
const workerUrl = new URL('./site-worker.js', import.meta.url);

/** Whether this module runs from the built package, where its worker module exists. */
export const workersAvailable = import.meta.url.endsWith('.js');

/** The largest old generation a replacement worker is limited to. */
const maxLimitedOldGenerationMb = 1024;

interface PendingJob {
  job: SiteJob;
  onStart?: () => void;
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads that write pieces of the site, each with its own connection to the store, handing
 * every worker the next job as it finishes one. A worker that reaches its heap limit is replaced
 * by one with twice the old generation, or none past 1,024 MB, which writes the job again. Any
 * other failure rejects the job.
 */
export class SiteWorkerPool {
  readonly #setup: WorkerSetup;
  readonly #queue: PendingJob[] = [];
  readonly #busy = new Map<Worker, PendingJob | undefined>();
  readonly #limitsOf = new WeakMap<Worker, ResourceLimits>();
  #closing = false;

  constructor({ setup, size, resourceLimits }: { setup: WorkerSetup; size: number; resourceLimits?: ResourceLimits }) {
    this.#setup = setup;
    for (let index = 0; index < size; index++) this.#start(resourceLimits);
  }

  /** Queues `job` and resolves with the worker's reply. `onStart` is called when a worker takes the job. */
  send<J extends SiteJob>(job: J, onStart?: () => void): Promise<JobResult<J>> {
    return new Promise<WorkerReply>((resolve, reject) => {
      this.#queue.push({ job, onStart, resolve, reject });
      this.#dispatch();
    }) as Promise<JobResult<J>>;
  }

  /** Stops every worker: those idle once they have closed the store, the others at once. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const pending of this.#queue.splice(0)) pending.reject(new Error('The site workers stopped before this job started.'));
    await Promise.all(
      [...this.#busy].map(([worker, pending]) => {
        if (pending) return worker.terminate();
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        worker.postMessage({ type: 'stop' } satisfies WorkerRequest);
        return exited;
      }),
    );
  }

  #start(resourceLimits: ResourceLimits | undefined): void {
    const worker = new Worker(workerUrl, { workerData: this.#setup, resourceLimits });
    this.#busy.set(worker, undefined);
    if (resourceLimits) this.#limitsOf.set(worker, resourceLimits);
    worker.on('message', (reply: WorkerReply) => {
      const pending = this.#busy.get(worker);
      this.#busy.set(worker, undefined);
      if (reply.type === 'failed') pending?.reject(new Error(`${describeJob(pending.job)} failed: ${reply.message}`));
      else pending?.resolve(reply);
      this.#dispatch();
    });
    worker.on('error', (error: Error & { code?: string }) => this.#lose(worker, error));
    worker.on('exit', (code) => {
      if (!this.#closing) this.#lose(worker, new Error(`A site worker stopped with exit code ${code} before its work was written.`));
    });
  }

  /** Drops a worker that failed or stopped. One that reached its heap limit is replaced by one with a higher limit, which takes over its job. */
  #lose(worker: Worker, error: Error & { code?: string }): void {
    if (!this.#busy.has(worker)) return;
    const pending = this.#busy.get(worker);
    this.#busy.delete(worker);
    if (this.#closing) return;
    const limits = this.#limitsOf.get(worker);
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY' && limits) {
      // The job starts again from nothing: its files are written anew, and its start is not reported twice.
      if (pending) this.#queue.unshift({ ...pending, onStart: undefined });
      this.#start(raiseLimits(limits));
      this.#dispatch();
      return;
    }
    pending?.reject(pending ? new Error(`${describeJob(pending.job)} failed: ${error.message}`, { cause: error }) : error);
    if (this.#busy.size === 0) for (const waiting of this.#queue.splice(0)) waiting.reject(error);
  }

  #dispatch(): void {
    for (const [worker, current] of this.#busy) {
      if (current || this.#queue.length === 0) continue;
      const pending = this.#queue.shift()!;
      this.#busy.set(worker, pending);
      pending.onStart?.();
      worker.postMessage(pending.job satisfies WorkerRequest);
    }
  }
}

/**
 * Doubles the old generation of `limits` for a worker that ran out of it. Past
 * `maxLimitedOldGenerationMb` the replacement gets V8's default limit, and if it runs out too, the job fails.
 */
function raiseLimits(limits: ResourceLimits): ResourceLimits | undefined {
  const oldGeneration = (limits.maxOldGenerationSizeMb ?? maxLimitedOldGenerationMb) * 2;
  return oldGeneration > maxLimitedOldGenerationMb ? undefined : { ...limits, maxOldGenerationSizeMb: oldGeneration };
}

function describeJob(job: SiteJob): string {
  return job.type === 'write-run' ? `Writing the site data of run ${job.runId}` : `Comparing run ${job.first.id} with run ${job.second.id}`;
}
