import { compareTurnSets, type BootstrapOptions, type ScoredTurn, type TurnSetComparison } from '../analysis/index.js';
import type { RunConfig } from '../runner/index.js';
import type { RunRecord, Store } from '../store/index.js';
import { collectScoredTurns } from './collect-scored-turns.js';

/** A stateful and a stateless run of the same suite, compared model by model. */
export interface ModeGap {
  statefulRun: string;
  statelessRun: string;
  /** Settings other than the mode in which the two runs differ; the gap may come from them too. */
  otherDifferences: string[];
  /** Stateful minus stateless, per model that both runs hold. */
  models: TurnSetComparison[];
}

/**
 * Finds, among the given runs, each stateful run and stateless run of the same suite, and
 * measures the gap between them: how far carrying the conversation changes what a model does.
 */
export function compareRunModes(
  store: Store,
  runs: readonly RunRecord[],
  options: BootstrapOptions & { judges?: readonly string[]; turnsOf?: (run: RunRecord) => ScoredTurn[] } = {},
): ModeGap[] {
  const { judges, turnsOf = memoizeScoredTurns(store, { judges }), ...bootstrap } = options;
  const gaps: ModeGap[] = [];
  for (const stateful of runs.filter((run) => modeOf(run) === 'stateful')) {
    for (const stateless of runs.filter((run) => modeOf(run) === 'stateless' && run.suiteHash === stateful.suiteHash)) {
      gaps.push({
        statefulRun: stateful.id,
        statelessRun: stateless.id,
        otherDifferences: settingDifferences(stateful.config as RunConfig, stateless.config as RunConfig),
        models: compareTurnSets(turnsOf(stateful), turnsOf(stateless), bootstrap),
      });
    }
  }
  return gaps;
}

/**
 * Returns a function that collects a run's scored turns once and then returns the same list: a
 * run takes part in as many pairs as there are runs of the other mode. No caller may change it.
 */
export function memoizeScoredTurns(store: Store, { judges }: { judges?: readonly string[] } = {}): (run: RunRecord) => ScoredTurn[] {
  const collected = new Map<string, ScoredTurn[]>();
  return (run) => {
    let turns = collected.get(run.id);
    if (!turns) {
      turns = collectScoredTurns(store, run, { judges });
      collected.set(run.id, turns);
    }
    return turns;
  };
}

function modeOf(run: RunRecord): string {
  return (run.config as RunConfig).mode;
}

function settingDifferences(first: RunConfig, second: RunConfig): string[] {
  const settings: [string, unknown, unknown][] = [
    ['system prompt', first.system, second.system],
    ['judges', [...first.judges].sort(), [...second.judges].sort()],
    ['levels', first.levels, second.levels],
    ['tracks', [...first.tracks].sort(), [...second.tracks].sort()],
  ];
  return settings
    .filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b))
    .map(([name, a, b]) => `${name} ${JSON.stringify(a)} against ${JSON.stringify(b)}`);
}
