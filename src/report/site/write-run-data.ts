import type { ScoredTurn } from '../../analysis/index.js';
import type { PanelRecord, RunRecord, Store } from '../../store/index.js';
import { cacheRunReads } from '../cache-run-reads.js';
import { memoizeScoredTurns } from '../compare-run-modes.js';
import { computeRunStats } from '../run-stats.js';
import { buildJudgeData } from './build-judge-data.js';
import { buildRunSummary } from './build-run-summary.js';
import { buildScenarioGrid } from './build-scenario-grid.js';
import { buildTranscripts } from './build-transcripts.js';
import type { DataFileWriter } from './data-file-writer.js';
import { packScoredTurns, type PackedTurns } from './pack-scored-turns.js';
import { readRunRows, type RunRows } from './read-run-rows.js';

/**
 * Writes the data files of one run: its summary, scenario grid, judges and one transcript file
 * per scenario. The figures are built from the run's turn outcomes and panel results, read once
 * and without text; the reply text is read one scenario at a time, so memory stays within one
 * scenario's replies however large the run. Returns the planned turns, packed, which comparisons
 * between runs use, and the size of the summary.
 */
export function writeRunData({ store, runId, writer }: { store: Store; runId: string; writer: DataFileWriter }): {
  turns: PackedTurns;
  summaryBytes: number;
} {
  const { run, turns, panelsOf, summaryBytes } = writeRunFigures({ store, runId, writer });
  for (const [scenarioId, planned] of groupByScenario(turns)) {
    const scenarioRows = {
      run,
      turns: store.listTurns(runId, { scenarioId }),
      verdicts: store.listVerdicts(runId, { scenarioId }),
      panels: panelsOf.get(scenarioId) ?? [],
    };
    for (const [id, transcript] of buildTranscripts(scenarioRows, planned)) {
      writer.writeInParts(['runs', runId, 'transcripts', id], transcript, 'conversations');
    }
  }
  return { turns: packScoredTurns(turns), summaryBytes };
}

/**
 * Writes the files of a run's figures and returns what its transcripts need: its planned turns
 * and its panel results by scenario. The turn outcomes and the stats are dropped on return, so
 * they are not kept alive while the transcripts are written.
 */
function writeRunFigures({ store, runId, writer }: { store: Store; runId: string; writer: DataFileWriter }): {
  run: RunRecord;
  turns: ScoredTurn[];
  panelsOf: Map<string, PanelRecord[]>;
  summaryBytes: number;
} {
  const cached = cacheRunReads(store);
  const rows = readRunRows(cached, runId);
  const turnsOf = memoizeScoredTurns(cached);
  const stats = computeRunStats(cached, runId, { turnsOf });
  const turns = turnsOf(rows.run);
  const promptHashes = store.listJudgePromptHashes(runId);

  const summaryBytes = writer.write(['runs', runId, 'summary'], buildRunSummary({ rows, stats, turns, promptHashes }));
  writer.write(['runs', runId, 'scenarios'], buildScenarioGrid(rows.run, turns));
  writer.write(['runs', runId, 'judges'], buildJudgeData(rows, stats));
  return { run: rows.run, turns, panelsOf: groupPanelsByScenario(rows), summaryBytes };
}

function groupPanelsByScenario({ turns, panels }: RunRows): Map<string, PanelRecord[]> {
  const scenarioOf = new Map(turns.map((turn) => [turn.id, turn.scenarioId]));
  const grouped = new Map<string, PanelRecord[]>();
  for (const panel of panels) {
    const scenarioId = scenarioOf.get(panel.turnId);
    if (scenarioId === undefined) continue;
    const group = grouped.get(scenarioId);
    if (group) group.push(panel);
    else grouped.set(scenarioId, [panel]);
  }
  return grouped;
}

function groupByScenario(turns: readonly ScoredTurn[]): Map<string, ScoredTurn[]> {
  const grouped = new Map<string, ScoredTurn[]>();
  for (const turn of turns) {
    const group = grouped.get(turn.scenarioId);
    if (group) group.push(turn);
    else grouped.set(turn.scenarioId, [turn]);
  }
  return grouped;
}
