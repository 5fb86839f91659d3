// The worker thread of `SiteWorkerPool`: it opens the store itself, writes each piece of the site
// it is sent, and posts back what the main thread needs for the rest.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../../store/index.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './site-worker-pool.js';
import { writeSiteJob } from './write-site-job.js';

const { storePath, outDir } = workerData as WorkerSetup;
const store = Store.open(storePath, { create: false });
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    store.close();
    port.close();
    return;
  }
  let reply: WorkerReply;
  try {
    reply = writeSiteJob({ store, outDir, job: request });
  } catch (error) {
    reply = { type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // The packed turns' buffer moves to the main thread instead of being copied.
  port.postMessage(reply, reply.type === 'run-written' ? [reply.turns.cells.buffer as ArrayBuffer] : []);
});
