// Preloaded into a CLI process with NODE_OPTIONS=--import=<this file> by the crash-safety
// test, which SIGKILLs the process while it is paused here. Plain JavaScript, because the
// built CLI runs on Node without a TypeScript loader.
//
// With COMPLICITY_TEST_PAUSE_AT_WRITE=N, the Nth INSERT, UPDATE or DELETE the process runs
// executes inside a transaction that is left open: a statement outside a transaction gets
// one begun for it, as SQLite's own autocommit would. The process then writes the pause
// marker line to stderr and blocks, holding the write lock with the change not committed.
import { writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** The line written to stderr once the process is paused; `pause-in-store-write.ts` looks for it. */
const pauseMarker = 'complicity-test: paused in store write';
const maxPauseMs = 60_000;
const writePattern = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

const target = Number(process.env['COMPLICITY_TEST_PAUSE_AT_WRITE']);
if (Number.isInteger(target) && target > 0) {
  const probe = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();

  let writes = 0;
  for (const method of ['run', 'get', 'all']) {
    const original = statementPrototype[method];
    statementPrototype[method] = function (...parameters) {
      if (!writePattern.test(this.source) || ++writes !== target) return original.apply(this, parameters);
      if (!this.database.inTransaction) this.database.exec('BEGIN IMMEDIATE');
      original.apply(this, parameters);
      writeSync(2, `${pauseMarker} ${target}: ${this.source.trim().split(/\s+/).slice(0, 3).join(' ')}\n`);
      // Blocks the only thread, so nothing else runs until the SIGKILL arrives.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, maxPauseMs);
      writeSync(2, `complicity-test: not killed within ${maxPauseMs} ms of the pause\n`);
      process.exit(97);
    };
  }
}
