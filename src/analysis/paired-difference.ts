import { bootstrapPValue } from './bootstrap-p-value.js';
import { bootstrapClusters, partsOf, percentileInterval, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import type { Estimate } from './estimate-figures.js';
import { positionsOf, type Figure } from './figure.js';

/** The difference of a figure between two sets of sums (first minus second), with its interval and test. */
export interface Difference extends Estimate {
  /** Two-sided bootstrap p-value of "no difference". */
  pValue: number | null;
  /** The p-value after Holm's correction across every comparison made with it; null until adjusted. */
  adjustedPValue: number | null;
}

/**
 * Differences of `figures` between two sets of per-scenario sums, over the scenarios both have,
 * from a paired bootstrap: each resample draws the same scenarios for both sides, so what the
 * scenarios share cancels out of the difference.
 */
export function pairedDifference({
  first,
  second,
  width,
  figures,
  options,
  resampledSides,
}: {
  /** Sums per scenario id, laid out as `width` positions. */
  first: ReadonlyMap<string, Float64Array>;
  second: ReadonlyMap<string, Float64Array>;
  width: number;
  figures: readonly Figure[];
  options: BootstrapOptions;
  /**
   * Each side's figures already resampled, figure by figure, from the same `options` over the
   * shared scenarios in the order of `first`: the joint bootstrap would draw the same scenarios,
   * so a caller comparing many pairs resamples each side once.
   */
  resampledSides?: { first: readonly Float64Array[]; second: readonly Float64Array[] };
}): { scenarios: number; differences: Difference[] } {
  const shared = [...first.keys()].filter((scenario) => second.has(scenario));
  // One vector per scenario: the first side's sums, then the second's, resampled together.
  const clusters = shared.map((scenario) => {
    const joined = new Float64Array(2 * width);
    joined.set(first.get(scenario)!, 0);
    joined.set(second.get(scenario)!, width);
    return joined;
  });
  const part = partsOf(width);
  const statistics = figures.map((figure) => (sums: Float64Array) => {
    const a = figure.value(part(sums, 0));
    const b = figure.value(part(sums, 1));
    return a === null || b === null ? null : a - b;
  });
  const total = sumVectors(clusters, 2 * width);
  const resampled = resampledSides
    ? figures.map((_, index) => differencesOf(resampledSides.first[index]!, resampledSides.second[index]!))
    : bootstrapClusters({ clusters, statistics, positions: [...positionsOf(figures), ...positionsOf(figures, width)], ...options });

  const differences = figures.map((figure, index) => {
    const value = statistics[index]!(total);
    // Below two scenarios informing both sides, resamples only repeat the point value.
    const contributing = clusters.filter(
      (sums) => figure.count(sums.subarray(0, width)) > 0 && figure.count(sums.subarray(width)) > 0,
    ).length;
    const defined = value !== null && contributing >= 2;
    const interval = defined ? percentileInterval(resampled[index]!) : null;
    return {
      value,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
      n: Math.min(figure.count(total.subarray(0, width)), figure.count(total.subarray(width))),
      pValue: defined ? bootstrapPValue(resampled[index]!) : null,
      adjustedPValue: null,
    };
  });
  return { scenarios: shared.length, differences };
}

/** Subtracts resampled values; NaN, an undefined value, stays NaN. */
function differencesOf(first: Float64Array, second: Float64Array): Float64Array {
  return first.map((value, index) => value - second[index]!);
}
