// Preloaded into a CLI process with NODE_OPTIONS=--import=<this file> by end-to-end tests that
// need to stop the process at an exact point of its store work. Plain JavaScript, because the
// built CLI runs on Node without a TypeScript loader. Each hook acts only when its variable is set.
import { existsSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';

/** The line written to stderr once the process is paused; `pause-in-store-write.ts` looks for it. */
const pauseMarker = 'complicity-test: paused in store write';
/** The line written to stderr while waiting at the open gate; `hold-store-open.ts` looks for it. */
const gateMarker = 'complicity-test: waiting at the open gate';
const maxWaitMs = 60_000;
const writePattern = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

// COMPLICITY_TEST_PAUSE_AT_WRITE=N: the Nth INSERT, UPDATE or DELETE the process runs executes
// inside a transaction that is left open. A statement outside a transaction gets one begun for
// it, as SQLite's own autocommit would. The process then writes the pause marker line to stderr
// and blocks, holding the write lock with the change not committed, until it is killed.
const pauseTarget = Number(process.env['COMPLICITY_TEST_PAUSE_AT_WRITE']);
if (Number.isInteger(pauseTarget) && pauseTarget > 0) {
  const probe = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
  probe.close();
  let writes = 0;
  for (const method of ['run', 'get', 'all']) {
    const original = statementPrototype[method];
    statementPrototype[method] = function (...parameters) {
      if (!writePattern.test(this.source) || ++writes !== pauseTarget) return original.apply(this, parameters);
      if (!this.database.inTransaction) this.database.exec('BEGIN IMMEDIATE');
      original.apply(this, parameters);
      writeSync(2, `${pauseMarker} ${pauseTarget}: ${this.source.trim().split(/\s+/).slice(0, 3).join(' ')}\n`);
      sleepSync(maxWaitMs);
      writeSync(2, `complicity-test: not killed within ${maxWaitMs} ms of the pause\n`);
      process.exit(97);
    };
  }
}

// COMPLICITY_TEST_OPEN_GATE=FILE: the first PRAGMA on a store (the busy timeout, set right after
// the file is opened) writes the gate marker line to stderr and waits until FILE exists, so
// that several processes can be released to set up one store at the same moment.
const gate = process.env['COMPLICITY_TEST_OPEN_GATE'];
if (gate) {
  const original = Database.prototype.pragma;
  let waited = false;
  Database.prototype.pragma = function (...parameters) {
    if (!waited && this.name !== ':memory:') {
      waited = true;
      writeSync(2, `${gateMarker}\n`);
      const deadline = Date.now() + maxWaitMs;
      while (!existsSync(gate) && Date.now() < deadline) sleepSync(2);
    }
    return original.apply(this, parameters);
  };
}

/** Blocks the only thread, so nothing else in the process runs meanwhile. */
function sleepSync(milliseconds) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}
