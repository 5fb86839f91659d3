import { computeScores, type ModelScores } from '../analysis/index.js';
import { RunNotFoundError, UsageError } from '../error/index.js';
import { effectiveRunStatus, type RunConfig } from '../runner/index.js';
import type { RunStatus, Store } from '../store/index.js';
import { collectScoredTurns } from './collect-scored-turns.js';

/** A run's scores with what a reader needs to interpret them. */
export interface RunStats {
  runId: string;
  status: RunStatus;
  createdAt: string;
  suiteHash: string;
  mode: string;
  system: string;
  levels: number[];
  tracks: string[];
  replicates: number;
  judges: string[];
  /** The rule by which the panel combines its judges' labels, stated with every result. */
  tieRule: string;
  models: ModelScores[];
}

/** The panel rule of `combineVotes`, in words. */
export const panelRule = 'majority of the scored votes; a tie goes to the most compliant of the tied labels';

/**
 * Computes the scores of a stored run: with no run id, the newest run in the store; with
 * `judges`, the labels of that panel instead of the run's own judges.
 *
 * @example
 * const stats = computeRunStats(Store.open('.complicity/complicity.db'), '20261204-7f3c9a');
 */
export function computeRunStats(store: Store, runId?: string, { judges }: { judges?: readonly string[] } = {}): RunStats {
  const run = runId === undefined ? store.listRuns()[0] : store.getRun(runId);
  if (!run && runId === undefined) {
    throw new UsageError({ message: `The store ${store.path} has no runs yet. Start one with: complicity run --model SPEC --judge SPEC` });
  }
  if (!run) {
    throw new RunNotFoundError({ runId: runId ?? '', storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  }
  const config = run.config as RunConfig;
  if (judges !== undefined) assertPanelExists(store, run.id, judges);
  return {
    runId: run.id,
    status: effectiveRunStatus(run),
    createdAt: run.createdAt,
    suiteHash: run.suiteHash,
    mode: config.mode,
    system: config.system,
    levels: config.levels,
    tracks: config.tracks,
    replicates: config.replicates,
    judges: [...(judges ?? config.judges)],
    tieRule: panelRule,
    models: computeScores(collectScoredTurns(store, run, { judges })),
  };
}

function assertPanelExists(store: Store, runId: string, judges: readonly string[]): void {
  const key = [...judges].sort().join(',');
  const panels = new Set(store.listPanels(runId).map((panel) => panel.judges));
  if (panels.has(key)) return;
  const known = panels.size > 0 ? ` Panels with verdicts: ${[...panels].join('; ')}.` : ' No reply of this run has verdicts yet.';
  throw new UsageError({
    message: `Run ${runId} has no verdicts from the panel ${judges.join(', ')}.${known} Label its replies with: complicity judge ${runId} ${judges.map((judge) => `--judge ${judge}`).join(' ')}`,
  });
}
