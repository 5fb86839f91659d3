import type { Store } from '../../store/index.js';
import { DataFileWriter } from './data-file-writer.js';
import type { JobResult, SiteJob } from './site-worker-pool.js';
import { writeRunComparison } from './write-run-comparison.js';
import { writeRunData } from './write-run-data.js';

/** Writes one piece of the site, in a worker or in the calling thread, and returns what it wrote. */
export function writeSiteJob<J extends SiteJob>({ store, outDir, job }: { store: Store; outDir: string; job: J }): JobResult<J> {
  const writer = new DataFileWriter(outDir);
  if (job.type === 'write-run') {
    const { turns, summaryBytes } = writeRunData({ store, runId: job.runId, writer });
    return { type: 'run-written', runId: job.runId, turns, summaryBytes, files: writer.files, bytes: writer.bytes } as JobResult<J>;
  }
  writeRunComparison({ writer, ...(job as Extract<SiteJob, { type: 'write-comparison' }>) });
  return { type: 'comparison-written', files: writer.files, bytes: writer.bytes } as JobResult<J>;
}
