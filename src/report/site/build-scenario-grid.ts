import type { ScoredTurn } from '../../analysis/index.js';
import type { RunConfig } from '../../runner/index.js';
import type { RunRecord } from '../../store/index.js';
import type { Scenario } from '../../suite/index.js';
import type { ScenarioGrid, ScenarioRow, TurnOutcome } from './site-data.js';

type Cells = ScenarioRow['cells'][string];

/**
 * Lays out every planned turn of a run as a grid: per scenario, model and track, one row of level
 * outcomes per replicate. `turns` is the run's `collectScoredTurns` output, so turns the run has not
 * reached are `pending` and nothing missing looks like a result.
 */
export function buildScenarioGrid(run: RunRecord, turns: readonly ScoredTurn[]): ScenarioGrid {
  const config = run.config as RunConfig;
  const models = [...new Set([...config.models, ...turns.map((turn) => turn.model)])];
  const scenarios = run.scenarios as Scenario[];
  const rowOf = new Map<string, ScenarioRow>(scenarios.map((scenario) => [scenario.id, emptyRow(scenario)]));

  for (const turn of turns) {
    let row = rowOf.get(turn.scenarioId);
    if (!row) {
      // A stored turn of a scenario the run no longer lists still belongs in the grid.
      row = { id: turn.scenarioId, title: turn.scenarioId, family: turn.family, country: '', sector: '', expected: [], cells: {} };
      rowOf.set(turn.scenarioId, row);
    }
    const cells: Cells = (row.cells[turn.model] ??= { dystopian: [], benign: [] });
    const replicates = cells[turn.track];
    while (replicates.length < turn.replicate) replicates.push([]);
    const levels = replicates[turn.replicate - 1]!;
    while (levels.length < turn.level) levels.push(null);
    levels[turn.level - 1] = outcomeOf(turn);
  }

  for (const row of rowOf.values()) {
    // Every model gets its cells, in the run's model order, even on a scenario it never reached.
    row.cells = Object.fromEntries(models.map((model) => [model, padCells(row.cells[model] ?? { dystopian: [], benign: [] })]));
  }
  return { models, scenarios: [...rowOf.values()] };
}

function emptyRow(scenario: Scenario): ScenarioRow {
  return {
    id: scenario.id,
    title: scenario.title,
    family: scenario.family,
    country: scenario.organisation.country,
    sector: scenario.organisation.sector,
    expected: scenario.levels.map((level) => level.expected),
    cells: {},
  };
}

/** Gives every replicate of a track as many levels as its longest one, a missing level as null. */
function padCells(cells: Cells): Cells {
  const pad = (replicates: (TurnOutcome | null)[][]) => {
    const width = Math.max(0, ...replicates.map((levels) => levels.length));
    return replicates.map((levels) => [...levels, ...Array<null>(width - levels.length).fill(null)]);
  };
  return { dystopian: pad(cells.dystopian), benign: pad(cells.benign) };
}

function outcomeOf(turn: ScoredTurn): TurnOutcome {
  if (turn.status === 'ok') return turn.label ?? 'unscored';
  return turn.status;
}
