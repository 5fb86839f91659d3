import type { ScoredTurn } from '../../analysis/index.js';
import type { Store } from '../../store/index.js';
import { collectScoredTurns } from '../collect-scored-turns.js';
import { computeRunStats } from '../run-stats.js';
import { buildJudgeData } from './build-judge-data.js';
import { buildRunSummary } from './build-run-summary.js';
import { buildScenarioGrid } from './build-scenario-grid.js';
import { buildTranscripts } from './build-transcripts.js';
import type { DataFileWriter } from './data-file-writer.js';
import { readRunRows, withRunRows } from './read-run-rows.js';

/**
 * Writes the data files of one run: its summary, scenario grid, judges and one transcript file
 * per scenario. The run's rows are read from the store once and shared by every file. Returns the
 * planned turns, which comparisons between runs use, and the size of the summary.
 */
export function writeRunData({ store, runId, writer }: { store: Store; runId: string; writer: DataFileWriter }): {
  turns: ScoredTurn[];
  summaryBytes: number;
} {
  const rows = readRunRows(store, runId);
  const cached = withRunRows(store, rows);
  const stats = computeRunStats(cached, runId);
  const turns = collectScoredTurns(cached, rows.run);

  const summaryBytes = writer.write(['runs', runId, 'summary'], buildRunSummary({ rows, stats, turns }));
  writer.write(['runs', runId, 'scenarios'], buildScenarioGrid(rows.run, turns));
  writer.write(['runs', runId, 'judges'], buildJudgeData(rows, stats));
  for (const [scenarioId, transcript] of buildTranscripts(rows, turns)) {
    writer.write(['runs', runId, 'transcripts', scenarioId], transcript);
  }
  return { turns, summaryBytes };
}
