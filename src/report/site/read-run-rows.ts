import { RunNotFoundError } from '../../error/index.js';
import type { PanelRecord, RunRecord, Store, TurnRecord, VerdictRecord } from '../../store/index.js';

/** Everything stored for one run, read in one pass. */
export interface RunRows {
  run: RunRecord;
  turns: TurnRecord[];
  verdicts: VerdictRecord[];
  panels: PanelRecord[];
}

/** Reads a run with its turns, verdicts and panel results; throws `RunNotFoundError` for an unknown id. */
export function readRunRows(store: Store, runId: string): RunRows {
  const run = store.getRun(runId);
  if (!run) throw new RunNotFoundError({ runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  return { run, turns: store.listTurns(runId), verdicts: store.listVerdicts(runId), panels: store.listPanels(runId) };
}

/**
 * Wraps a store so that reading the turns, verdicts or panel results of the run in `rows` returns
 * the rows already read, while every other call goes to the store. `computeRunStats` and the
 * functions it calls each list a run's turns, reply text included; with this wrapper the site
 * reads them from SQLite once per run. The rows are shared, so no caller may change them.
 */
export function withRunRows(store: Store, rows: RunRows): Store {
  const cached: Record<string, (runId: string) => unknown> = {
    listTurns: (runId) => (runId === rows.run.id ? rows.turns : store.listTurns(runId)),
    listVerdicts: (runId) => (runId === rows.run.id ? rows.verdicts : store.listVerdicts(runId)),
    listPanels: (runId) => (runId === rows.run.id ? rows.panels : store.listPanels(runId)),
  };
  return new Proxy(store, {
    get(target, property) {
      if (typeof property === 'string' && property in cached) return cached[property];
      const value: unknown = Reflect.get(target, property, target);
      // The store keeps its connection in private fields, so its methods must run with the store itself as `this`.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
