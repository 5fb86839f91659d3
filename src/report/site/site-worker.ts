// The worker thread of `writeRunsInWorkers`: it opens the store itself and writes the data files
// of each run it is sent, then posts back what the main thread needs for comparisons.
import { parentPort, workerData } from 'node:worker_threads';
import { Store } from '../../store/index.js';
import { DataFileWriter } from './data-file-writer.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './write-runs-in-workers.js';
import { writeRunData } from './write-run-data.js';

const { storePath, outDir } = workerData as WorkerSetup;
const store = Store.open(storePath, { create: false });
const port = parentPort!;

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'stop') {
    store.close();
    port.close();
    return;
  }
  const writer = new DataFileWriter(outDir);
  let reply: WorkerReply;
  try {
    const { turns, summaryBytes } = writeRunData({ store, runId: request.runId, writer });
    reply = { type: 'run-written', runId: request.runId, turns, summaryBytes, files: writer.files, bytes: writer.bytes };
  } catch (error) {
    reply = { type: 'run-failed', runId: request.runId, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  // The packed turns' buffer moves to the main thread instead of being copied.
  port.postMessage(reply, reply.type === 'run-written' ? [reply.turns.cells.buffer as ArrayBuffer] : []);
});
