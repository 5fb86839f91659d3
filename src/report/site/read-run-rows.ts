import { RunNotFoundError } from '../../error/index.js';
import type { PanelRecord, RunRecord, Store, TurnOutcome } from '../../store/index.js';

/** What the figures and judge pages of one run are built from: no reply text. */
export interface RunRows {
  run: RunRecord;
  turns: TurnOutcome[];
  panels: PanelRecord[];
}

/** Reads a run with its turn outcomes and panel results; throws `RunNotFoundError` for an unknown id. */
export function readRunRows(store: Store, runId: string): RunRows {
  const run = store.getRun(runId);
  if (!run) throw new RunNotFoundError({ runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  return { run, turns: store.listTurnOutcomes(runId), panels: store.listPanels(runId) };
}
