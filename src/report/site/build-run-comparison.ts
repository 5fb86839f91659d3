import { compareTurnSets, type ScoredTurn } from '../../analysis/index.js';
import type { RunConfig } from '../../runner/index.js';
import type { RunRecord } from '../../store/index.js';
import type { RunComparison } from './site-data.js';

/** A run with its planned turns, as `collectScoredTurns` lists them. */
export interface RunTurns {
  run: RunRecord;
  turns: readonly ScoredTurn[];
}

/**
 * Pairs the runs of the same suite (the same suite hash) that planned at least one scenario and
 * one model in common, each pair once, because any other pair would compare nothing. A stateful run comes
 * before a stateless one, so its differences read as `stats` reports the mode gap. Otherwise the
 * newer run comes first, so a difference reads as the change since the older run.
 */
export function pairSameSuiteRuns(runs: readonly RunRecord[]): [RunRecord, RunRecord][] {
  const pairs: [RunRecord, RunRecord][] = [];
  runs.forEach((run, index) => {
    for (const other of runs.slice(index + 1)) {
      if (other.suiteHash === run.suiteHash && sharesPlan(run, other)) pairs.push(orderPair(run, other));
    }
  });
  return pairs;
}

function sharesPlan(a: RunRecord, b: RunRecord): boolean {
  const configA = a.config as RunConfig;
  const configB = b.config as RunConfig;
  const shares = (left: readonly string[], right: readonly string[]) => left.some((item) => right.includes(item));
  return shares(configA.scenarioIds, configB.scenarioIds) && shares(configA.models, configB.models);
}

function orderPair(a: RunRecord, b: RunRecord): [RunRecord, RunRecord] {
  const modeA = (a.config as RunConfig).mode;
  const modeB = (b.config as RunConfig).mode;
  if (modeA !== modeB) return modeA === 'stateful' ? [a, b] : [b, a];
  const newer = a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
  return newer >= 0 ? [a, b] : [b, a];
}

/**
 * Compares two runs of the same suite model by model, the first run's figures minus the second's,
 * with a paired bootstrap over the scenarios both scored, and lists the settings other than the
 * models in which the runs differ, since part of each difference may come from them.
 */
export function buildRunComparison(first: RunTurns, second: RunTurns): RunComparison {
  return {
    first: first.run.id,
    second: second.run.id,
    differences: settingDifferences(first.run, second.run),
    models: compareTurnSets(first.turns, second.turns),
  };
}

function settingDifferences(first: RunRecord, second: RunRecord): string[] {
  const a = first.config as RunConfig;
  const b = second.config as RunConfig;
  const settings: [string, unknown, unknown][] = [
    ['mode', a.mode, b.mode],
    ['system prompt', a.system, b.system],
    ['judges', [...a.judges].sort(), [...b.judges].sort()],
    ['levels', a.levels, b.levels],
    ['tracks', [...a.tracks].sort(), [...b.tracks].sort()],
    ['replicates', a.replicates, b.replicates],
    [
      'source',
      a.origin ? `imported from ${a.origin.file}` : 'run by Complicity',
      b.origin ? `imported from ${b.origin.file}` : 'run by Complicity',
    ],
    ['Complicity version', first.complicityVersion, second.complicityVersion],
  ];
  return settings
    .filter(([, left, right]) => JSON.stringify(left) !== JSON.stringify(right))
    .map(([name, left, right]) => `${name} ${JSON.stringify(left)} against ${JSON.stringify(right)}`);
}
