import { bootstrapClusters, percentileInterval, quantile, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import type { Estimate } from './estimate-figures.js';
import { headlineFigures, type Figure } from './figure.js';
import { sumTurns } from './figure-sums.js';
import { holmAdjust } from './holm-adjust.js';
import type { ScoredTurn } from './scored-turn.js';

/** The difference of a figure between two models (first minus second), with its interval and test. */
export interface Difference extends Estimate {
  /** Two-sided bootstrap p-value of "no difference". */
  pValue: number | null;
  /** The p-value after Holm's correction across every pair of models in the run. */
  adjustedPValue: number | null;
}

export interface PairComparison {
  first: string;
  second: string;
  /** Scenarios both models have turns on: the clusters of the paired bootstrap. */
  scenarios: number;
  discernment: Difference;
  meanDcs: Difference;
}

/** The range of ranks a model takes by discernment across resamples (1 is best). */
export interface RankInterval {
  model: string;
  rank: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Compares every pair of models over the scenarios both ran, with a paired bootstrap that
 * resamples those scenarios for both at once, and ranks all models by discernment with the
 * range of ranks each takes across resamples.
 */
export function compareModels(
  turns: readonly ScoredTurn[],
  options: BootstrapOptions = {},
): { pairs: PairComparison[]; ranks: RankInterval[] } {
  const { layout, byModel } = sumTurns(turns);
  const width = layout.size;
  const figures = headlineFigures(layout);
  const models = [...byModel.keys()];
  const sumsOf = new Map(models.map((model) => [model, new Map(byModel.get(model)!.map((cluster) => [cluster.scenarioId, cluster.sums]))]));

  const pairs: PairComparison[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      pairs.push(
        comparePair({ first: models[i]!, second: models[j]!, sumsOf, width, figures: [figures.discernment, figures.meanDcs], options }),
      );
    }
  }
  const adjusted = holmAdjust(pairs.flatMap((pair) => [pair.discernment.pValue, pair.meanDcs.pValue]));
  pairs.forEach((pair, index) => {
    pair.discernment.adjustedPValue = adjusted[2 * index]!;
    pair.meanDcs.adjustedPValue = adjusted[2 * index + 1]!;
  });

  return { pairs, ranks: rankModels({ models, sumsOf, width, figure: figures.discernment, options }) };
}

function comparePair({
  first,
  second,
  sumsOf,
  width,
  figures,
  options,
}: {
  first: string;
  second: string;
  sumsOf: Map<string, Map<string, Float64Array>>;
  width: number;
  figures: [Figure, Figure];
  options: BootstrapOptions;
}): PairComparison {
  const firstSums = sumsOf.get(first)!;
  const secondSums = sumsOf.get(second)!;
  const shared = [...firstSums.keys()].filter((scenario) => secondSums.has(scenario));
  // One vector per scenario: the first model's sums, then the second's, resampled together.
  const clusters = shared.map((scenario) => {
    const joined = new Float64Array(2 * width);
    joined.set(firstSums.get(scenario)!, 0);
    joined.set(secondSums.get(scenario)!, width);
    return joined;
  });
  const difference = (figure: Figure) => (sums: Float64Array) => {
    const a = figure.value(sums.subarray(0, width));
    const b = figure.value(sums.subarray(width));
    return a === null || b === null ? null : a - b;
  };
  const statistics = figures.map(difference);
  const total = sumVectors(clusters, 2 * width);
  const resampled = bootstrapClusters({ clusters, statistics, ...options });

  const [discernment, meanDcs] = figures.map((figure, index) => {
    const value = statistics[index]!(total);
    const interval = value === null ? null : percentileInterval(resampled[index]!);
    const n = Math.min(figure.count(total.subarray(0, width)), figure.count(total.subarray(width)));
    return {
      value,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      n,
      pValue: value === null ? null : bootstrapPValue(resampled[index]!),
      adjustedPValue: null,
    };
  }) as [Difference, Difference];
  return { first, second, scenarios: shared.length, discernment, meanDcs };
}

/**
 * The two-sided p-value of "no difference" from resampled differences: twice the smaller share
 * on either side of zero, with one added to both counts so it is never 0 from finite resamples.
 */
export function bootstrapPValue(differences: readonly (number | null)[]): number | null {
  const defined = differences.filter((value): value is number => value !== null);
  if (defined.length === 0) return null;
  const below = defined.filter((value) => value <= 0).length;
  const above = defined.filter((value) => value >= 0).length;
  return Math.min(1, (2 * (Math.min(below, above) + 1)) / (defined.length + 1));
}

function rankModels({
  models,
  sumsOf,
  width,
  figure,
  options,
}: {
  models: string[];
  sumsOf: Map<string, Map<string, Float64Array>>;
  width: number;
  figure: Figure;
  options: BootstrapOptions;
}): RankInterval[] {
  const scenarios = [...new Set(models.flatMap((model) => [...sumsOf.get(model)!.keys()]))];
  // One vector per scenario with every model's sums side by side; a model without the scenario adds zeros.
  const clusters = scenarios.map((scenario) => {
    const joined = new Float64Array(models.length * width);
    models.forEach((model, index) => {
      const sums = sumsOf.get(model)!.get(scenario);
      if (sums) joined.set(sums, index * width);
    });
    return joined;
  });
  const statistics = models.map((_, index) => (sums: Float64Array) => figure.value(sums.subarray(index * width, (index + 1) * width)));
  const total = sumVectors(clusters, models.length * width);
  const pointRanks = ranksOf(statistics.map((statistic) => statistic(total)));
  const resampled = bootstrapClusters({ clusters, statistics, ...options });

  const resamples = resampled[0]?.length ?? 0;
  const rankSamples = models.map(() => [] as number[]);
  for (let resample = 0; resample < resamples; resample++) {
    const ranks = ranksOf(resampled.map((values) => values[resample]!));
    ranks.forEach((rank, index) => {
      if (rank !== null) rankSamples[index]!.push(rank);
    });
  }
  return models.map((model, index) => {
    const sorted = rankSamples[index]!.sort((a, b) => a - b);
    return {
      model,
      rank: pointRanks[index]!,
      low: sorted.length === 0 ? null : Math.round(quantile(sorted, 0.025)),
      high: sorted.length === 0 ? null : Math.round(quantile(sorted, 0.975)),
    };
  });
}

/** Ranks values from the highest (1); ties share the best rank; null values get no rank. */
function ranksOf(values: readonly (number | null)[]): (number | null)[] {
  return values.map((value) => (value === null ? null : 1 + values.filter((other) => other !== null && other > value).length));
}
