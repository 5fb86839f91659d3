import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { RunBusyError } from '../error/index.js';
import { Store, type RunRecord } from '../store/index.js';
import { claimRun, currentOwner, effectiveRunStatus, isOwnerAlive } from './run-ownership.js';

let directory: string;
let store: Store;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-owner-'));
  store = Store.open(join(directory, 'complicity.db'));
  store.createRun(run());
});

afterEach(() => {
  store.close();
  rmSync(directory, { recursive: true, force: true });
});

function run(overrides: Partial<RunRecord> = {}): RunRecord {
  const now = new Date().toISOString();
  return {
    id: 'run-1',
    createdAt: now,
    updatedAt: now,
    status: 'running',
    suiteHash: 'hash',
    config: {},
    scenarios: [],
    complicityVersion: '0.0.0',
    ...overrides,
  };
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

const liveOther = { pid: process.ppid, host: hostname() };

describe('isOwnerAlive', () => {
  it('sees this process alive', () => {
    expect(isOwnerAlive(currentOwner)).toBe(true);
  });

  it('sees an exited process gone', () => {
    expect(isOwnerAlive({ pid: deadPid(), host: hostname() })).toBe(false);
  });

  it('counts a process on another host alive', () => {
    expect(isOwnerAlive({ pid: deadPid(), host: `${hostname()}-elsewhere` })).toBe(true);
  });
});

describe('claimRun', () => {
  it('refuses a run a live process executes', () => {
    store.claimRun('run-1', { owner: liveOther, isHeld: () => true });

    expect(() => claimRun(store, 'run-1')).toThrow(RunBusyError);
    expect(() => claimRun(store, 'run-1')).toThrow(`is being executed by process ${liveOther.pid}`);
  });

  it('takes over from a process that died', () => {
    store.claimRun('run-1', { owner: { pid: deadPid(), host: hostname() }, isHeld: () => true });

    const release = claimRun(store, 'run-1');

    expect(store.getRun('run-1')?.owner).toEqual(currentOwner);
    release();
    expect(store.getRun('run-1')?.owner).toBeUndefined();
  });
});

describe('effectiveRunStatus', () => {
  it('keeps running while the process lives', () => {
    expect(effectiveRunStatus(run({ owner: liveOther }))).toBe('running');
  });

  it('reads a run whose process died as interrupted', () => {
    expect(effectiveRunStatus(run({ owner: { pid: deadPid(), host: hostname() } }))).toBe('interrupted');
  });

  it('reads a running run without owner as interrupted', () => {
    expect(effectiveRunStatus(run())).toBe('interrupted');
  });

  it('keeps other statuses', () => {
    expect(effectiveRunStatus(run({ status: 'complete' }))).toBe('complete');
  });
});
