import { bootstrapClusters, percentileInterval, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import { headlineFigures, positionsOf, ratioFigure, type Figure } from './figure.js';
import { scoredClusters, sumTurns, type SumLayout } from './figure-sums.js';
import type { ScoredTurn } from './scored-turn.js';

/** A figure with its 95 % interval and the count of scored turns it rests on. */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
  /** Scored turns in the figure's denominator. */
  n: number;
}

export interface LevelEstimate {
  track: 'dystopian' | 'benign';
  level: number;
  meanDcs: Estimate;
  refusalRate: Estimate;
}

export interface FamilyEstimate {
  family: string;
  meanDcs: Estimate;
  refusalRate: Estimate;
}

/** Every per-model figure with its interval, from one cluster bootstrap over the model's scenarios. */
export interface ModelEstimates {
  model: string;
  /** Scenarios with at least one scored turn of the model: the clusters resampled. */
  scenarios: number;
  /** True below `minimumScenarios`, where intervals from a scenario bootstrap are too narrow to trust. */
  fewScenarios: boolean;
  discernment: Estimate;
  meanDcs: Estimate;
  refusalRate: Estimate;
  overRefusalRate: Estimate;
  byLevel: LevelEstimate[];
  byFamily: FamilyEstimate[];
}

/**
 * Below this many scenarios an interval from resampling scenarios is too unstable to read: with
 * fewer than ten clusters a percentile interval misses its nominal coverage by several points.
 */
export const minimumScenarios = 10;

/**
 * Estimates every per-model figure with a 95 % percentile interval from a bootstrap that
 * resamples scenarios, keeping each scenario's levels, tracks and replicates together.
 */
export function estimateFigures(turns: readonly ScoredTurn[], options: BootstrapOptions = {}): ModelEstimates[] {
  const { layout, byModel } = sumTurns(turns);
  const levelKeys = new Set<string>();
  const familyNames = new Set<string>();
  // What each model had in the plan, so levels and families it never had are left out rather than n/a.
  const planned = new Set<string>();
  for (const turn of turns) {
    levelKeys.add(`${turn.track === 'dystopian' ? 0 : 1}:${turn.level}`);
    if (turn.track === 'dystopian') familyNames.add(turn.family);
    planned.add(`${turn.model}\u0000${turn.track}\u0000${turn.level}`);
    planned.add(`${turn.model}\u0000family\u0000${turn.family}`);
  }
  const levels = [...levelKeys].sort().map((key) => {
    const [track, level] = key.split(':');
    return { track: track === '0' ? ('dystopian' as const) : ('benign' as const), level: Number(level) };
  });
  const families = [...familyNames].sort();

  return [...byModel].map(([model, allClusters]) => {
    const clusters = [...scoredClusters(layout, allClusters).values()];
    const headline = headlineFigures(layout);
    const levelFigures = levels.map(({ track, level }) => meanAndRefusal(layout, `lvl.${track}.${level}`));
    const familyFigures = families.map((family) => meanAndRefusal(layout, `fam.${family}`));
    const figures: Figure[] = [
      headline.discernment,
      headline.meanDcs,
      headline.refusalRate,
      headline.overRefusalRate,
      ...levelFigures.flat(),
      ...familyFigures.flat(),
    ];
    const estimates = estimateAll({ clusters, width: layout.size, figures, options });

    let index = 4;
    const next = () => estimates[index++]!;
    return {
      model,
      scenarios: clusters.length,
      fewScenarios: clusters.length < minimumScenarios,
      discernment: estimates[0]!,
      meanDcs: estimates[1]!,
      refusalRate: estimates[2]!,
      overRefusalRate: estimates[3]!,
      byLevel: levels
        .map(({ track, level }) => ({ track, level, meanDcs: next(), refusalRate: next() }))
        .filter(({ track, level }) => planned.has(`${model}\u0000${track}\u0000${level}`)),
      byFamily: families
        .map((family) => ({ family, meanDcs: next(), refusalRate: next() }))
        .filter(({ family }) => planned.has(`${model}\u0000family\u0000${family}`)),
    };
  });
}

/** Point values and intervals of several figures from one bootstrap over the same clusters. */
export function estimateAll({
  clusters,
  width,
  figures,
  options,
}: {
  clusters: readonly Float64Array[];
  width: number;
  figures: readonly Figure[];
  options: BootstrapOptions;
}): Estimate[] {
  const total = sumVectors(clusters, width);
  const resampled = bootstrapClusters({
    clusters,
    statistics: figures.map((figure) => (sums: Float64Array) => figure.value(sums)),
    positions: positionsOf(figures),
    ...options,
  });
  return figures.map((figure, index) => {
    const value = figure.value(total);
    // A figure that rests on one scenario would resample to itself: a zero-width interval claiming certainty.
    const contributing = clusters.filter((cluster) => figure.count(cluster) > 0).length;
    const interval = value === null || contributing < 2 ? null : percentileInterval(resampled[index]!);
    return { value, low: interval?.low ?? null, high: interval?.high ?? null, n: figure.count(total) };
  });
}

function meanAndRefusal(layout: SumLayout, prefix: string): [Figure, Figure] {
  return [
    ratioFigure(layout, { name: `${prefix}.meanDcs`, numerator: `${prefix}.dcs`, denominator: `${prefix}.n` }),
    ratioFigure(layout, { name: `${prefix}.refusalRate`, numerator: `${prefix}.ref`, denominator: `${prefix}.n` }),
  ];
}
