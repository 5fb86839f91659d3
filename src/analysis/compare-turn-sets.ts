import type { BootstrapOptions } from './cluster-bootstrap.js';
import { headlineFigures } from './figure.js';
import { scoredClusters, sumTurns } from './figure-sums.js';
import { holmAdjust } from './holm-adjust.js';
import { pairedDifference, type Difference } from './paired-difference.js';
import type { ScoredTurn } from './scored-turn.js';

/** One model's figures in two sets of turns, compared over the scenarios both sets hold. */
export interface TurnSetComparison {
  model: string;
  /** Scenarios where both sets have a scored turn of the model: the clusters of the paired bootstrap. */
  scenarios: number;
  /** Each difference is the first set's figure minus the second's. */
  meanDcs: Difference;
  refusalRate: Difference;
  discernment: Difference;
}

/**
 * Compares each model that appears in both sets of turns, such as the turns of a stateful and
 * of a stateless run of the same suite, with a paired bootstrap over the scenarios both hold.
 * The p-values are Holm-adjusted across models, once per figure.
 */
export function compareTurnSets(
  first: readonly ScoredTurn[],
  second: readonly ScoredTurn[],
  options: BootstrapOptions = {},
): TurnSetComparison[] {
  // Grouping by set and model lets one layout hold both sets, so their sums line up position by position.
  const { layout, byModel } = sumTurns([...first, ...second], {
    detail: false,
    groupOf: (turn, index) => JSON.stringify([index < first.length ? 0 : 1, turn.model]),
  });
  const sumsOf = (set: number, model: string) => scoredClusters(layout, byModel.get(JSON.stringify([set, model])) ?? []);
  const figures = headlineFigures(layout);
  const secondModels = new Set(second.map((turn) => turn.model));
  const models = [...new Set(first.map((turn) => turn.model))].filter((model) => secondModels.has(model));

  const comparisons = models.map((model) => {
    const { scenarios, differences } = pairedDifference({
      first: sumsOf(0, model),
      second: sumsOf(1, model),
      width: layout.size,
      figures: [figures.meanDcs, figures.refusalRate, figures.discernment],
      options,
    });
    return { model, scenarios, meanDcs: differences[0]!, refusalRate: differences[1]!, discernment: differences[2]! };
  });
  for (const figure of ['meanDcs', 'refusalRate', 'discernment'] as const) {
    const adjusted = holmAdjust(comparisons.map((comparison) => comparison[figure].pValue));
    comparisons.forEach((comparison, index) => (comparison[figure].adjustedPValue = adjusted[index]!));
  }
  return comparisons;
}
