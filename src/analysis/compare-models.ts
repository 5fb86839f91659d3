import { bootstrapClusters, partsOf, quantile, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import { headlineFigures, type Figure } from './figure.js';
import { scoredClusters, sumTurns } from './figure-sums.js';
import { holmAdjust } from './holm-adjust.js';
import { pairedDifference, type Difference } from './paired-difference.js';
import type { ScoredTurn } from './scored-turn.js';

export interface PairComparison {
  first: string;
  second: string;
  /** Scenarios where both models have a scored turn: the clusters of the paired bootstrap. */
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
 * Compares every pair of models over the scenarios both have scored turns on, with a paired bootstrap that
 * resamples those scenarios for both at once, and ranks all models by discernment with the
 * range of ranks each takes across resamples.
 */
export function compareModels(
  turns: readonly ScoredTurn[],
  options: BootstrapOptions = {},
): { pairs: PairComparison[]; ranks: RankInterval[] } {
  const { layout, byModel } = sumTurns(turns, { detail: false });
  const width = layout.size;
  const figures = headlineFigures(layout);
  const models = [...byModel.keys()];
  const sumsOf = new Map(models.map((model) => [model, scoredClusters(layout, byModel.get(model)!)]));

  const pairs: PairComparison[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const { scenarios, differences } = pairedDifference({
        first: sumsOf.get(models[i]!)!,
        second: sumsOf.get(models[j]!)!,
        width,
        figures: [figures.discernment, figures.meanDcs],
        options,
      });
      pairs.push({ first: models[i]!, second: models[j]!, scenarios, discernment: differences[0]!, meanDcs: differences[1]! });
    }
  }
  // Each figure is its own family of tests: Holm's correction runs across the pairs, once per figure.
  for (const figure of ['discernment', 'meanDcs'] as const) {
    const adjusted = holmAdjust(pairs.map((pair) => pair[figure].pValue));
    pairs.forEach((pair, index) => (pair[figure].adjustedPValue = adjusted[index]!));
  }

  return { pairs, ranks: rankModels({ models, sumsOf, width, figure: figures.discernment, options }) };
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
  const part = partsOf(width);
  const statistics = models.map((_, index) => (sums: Float64Array) => figure.value(part(sums, index)));
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
