import { estimateFigures, type ModelEstimates, type ScoredTurn } from '../../analysis/index.js';
import type { RunStats } from '../run-stats.js';
import { buildRunConfiguration } from './build-run-configuration.js';
import { describeModel } from './describe-model.js';
import type { RunRows } from './read-run-rows.js';
import type { RunSummaryData } from './site-data.js';

/**
 * Builds what the leaderboard of a run shows: its stats as `computeRunStats` gives them, the same
 * estimates within each family, a sentence per model and the run's configuration. `turns` is the
 * run's `collectScoredTurns` output for the run's own judges, the turns behind `stats`;
 * `promptHashes` the store's `listJudgePromptHashes` of the run.
 */
export function buildRunSummary({
  rows,
  stats,
  turns,
  promptHashes,
}: {
  rows: RunRows;
  stats: RunStats;
  turns: readonly ScoredTurn[];
  promptHashes: readonly { judge: string; promptHash: string }[];
}): RunSummaryData {
  const bootstrap = { resamples: stats.bootstrap.resamples, seed: stats.bootstrap.seed };
  const families = [...new Set(turns.map((turn) => turn.family))].sort();
  const estimatesByFamily: Record<string, ModelEstimates[]> = {};
  for (const family of families) {
    estimatesByFamily[family] = estimateFigures(
      turns.filter((turn) => turn.family === family),
      bootstrap,
    );
  }
  return {
    stats,
    estimatesByFamily,
    sentences: Object.fromEntries(
      stats.estimates.map((estimates) => [
        estimates.model,
        describeModel(estimates, { minimumScenarios: stats.bootstrap.minimumScenarios }),
      ]),
    ),
    configuration: buildRunConfiguration(rows.run, promptHashes),
  };
}
