import { hostname } from 'node:os';
import { RunBusyError } from '../error/index.js';
import type { RunOwner, RunRecord, RunStatus, Store } from '../store/index.js';

/** This process, as recorded on the runs it executes. */
export const currentOwner: RunOwner = { pid: process.pid, host: hostname() };

/**
 * Whether the process that claimed a run is still there. A process on another host cannot be
 * checked from here, so it counts as alive.
 */
export function isOwnerAlive(owner: RunOwner): boolean {
  if (owner.host !== currentOwner.host) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a run for this process, or throws `RunBusyError` when a live process holds it. A claim
 * left by a process that died (a SIGKILL, a crash) is taken over.
 */
export function claimRun(store: Store, runId: string): () => void {
  const result = store.claimRun(runId, { owner: currentOwner, isHeld: isOwnerAlive });
  if (!result.claimed) throw new RunBusyError({ runId, pid: result.owner.pid, host: result.owner.host });
  return () => store.releaseRun(runId, currentOwner);
}

/** A run's status as users should read it: `running` only while its process is alive. */
export function effectiveRunStatus(run: RunRecord): RunStatus {
  if (run.status !== 'running') return run.status;
  return run.owner && isOwnerAlive(run.owner) ? 'running' : 'interrupted';
}
