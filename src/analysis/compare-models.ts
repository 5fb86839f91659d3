import { bootstrapClusters, partsOf, quantile, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import { headlineFigures, positionsOf, type Figure } from './figure.js';
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
  const compared = [figures.discernment, figures.meanDcs];
  // Models scored on the same scenarios, in the same order, draw the same scenarios in every
  // pair's joint bootstrap, so each model is resampled once and the pairs reuse it.
  const resampledOf = sameScenarios(sumsOf)
    ? new Map(
        models.map((model) => [
          model,
          bootstrapClusters({
            clusters: [...sumsOf.get(model)!.values()],
            statistics: compared.map((figure) => (sums: Float64Array) => figure.value(sums)),
            positions: positionsOf(compared),
            ...options,
          }),
        ]),
      )
    : undefined;

  const pairs: PairComparison[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const { scenarios, differences } = pairedDifference({
        first: sumsOf.get(models[i]!)!,
        second: sumsOf.get(models[j]!)!,
        width,
        figures: compared,
        options,
        resampledSides: resampledOf && { first: resampledOf.get(models[i]!)!, second: resampledOf.get(models[j]!)! },
      });
      pairs.push({ first: models[i]!, second: models[j]!, scenarios, discernment: differences[0]!, meanDcs: differences[1]! });
    }
  }
  // Each figure is its own family of tests: Holm's correction runs across the pairs, once per figure.
  for (const figure of ['discernment', 'meanDcs'] as const) {
    const adjusted = holmAdjust(pairs.map((pair) => pair[figure].pValue));
    pairs.forEach((pair, index) => (pair[figure].adjustedPValue = adjusted[index]!));
  }

  const resampled = resampledOf && models.map((model) => resampledOf.get(model)![0]!);
  return { pairs, ranks: rankModels({ models, sumsOf, width, figure: figures.discernment, options, resampled }) };
}

/** Tells whether every model was scored on the same scenarios, listed in the same order. */
function sameScenarios(sumsOf: ReadonlyMap<string, ReadonlyMap<string, Float64Array>>): boolean {
  const lists = [...sumsOf.values()].map((sums) => [...sums.keys()]);
  return lists.every((list) => list.length === lists[0]!.length && list.every((scenario, index) => scenario === lists[0]![index]));
}

function rankModels({
  models,
  sumsOf,
  width,
  figure,
  options,
  resampled: resampledByModel,
}: {
  models: string[];
  sumsOf: Map<string, Map<string, Float64Array>>;
  width: number;
  figure: Figure;
  options: BootstrapOptions;
  /** Each model's figure already resampled over the scenarios every model shares, in their order. */
  resampled?: readonly Float64Array[];
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
  const resampled =
    resampledByModel ??
    bootstrapClusters({ clusters, statistics, positions: models.flatMap((_, index) => positionsOf([figure], index * width)), ...options });

  const resamples = resampled[0]?.length ?? 0;
  const rankSamples = models.map(() => [] as number[]);
  for (let resample = 0; resample < resamples; resample++) {
    const ranks = ranksOf(resampled.map((values) => (Number.isNaN(values[resample]) ? null : values[resample]!)));
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
