import { drawClusterCounts } from './draw-cluster-counts.js';

/** Settings of a bootstrap: how many resamples, from which seed. */
export interface BootstrapOptions {
  /** Resamples drawn; 2,000 by default. */
  resamples?: number;
  /** Seed of the generator, so the same data always give the same intervals; 1 by default. */
  seed?: number;
}

export const defaultResamples = 2000;
export const defaultSeed = 1;

/**
 * Resamples clusters (scenarios) with replacement and evaluates `statistics` on each resample's
 * summed vectors. A scenario's levels, tracks and replicates stay together, because their
 * replies are not independent of each other. Returns, for each statistic, its values over the
 * resamples: NaN where a resample leaves it undefined, and everywhere with fewer than two clusters.
 * Typed arrays hold the values without a heap object for each of millions of them.
 */
export function bootstrapClusters({
  clusters,
  statistics,
  positions,
  resamples = defaultResamples,
  seed = defaultSeed,
}: {
  /** One summed vector per cluster, all of the same length. */
  clusters: readonly Float64Array[];
  statistics: readonly ((sums: Float64Array) => number | null)[];
  /** The positions the statistics read; the others stay 0 in every resample. All by default. */
  positions?: readonly number[];
  resamples?: number;
  seed?: number;
}): Float64Array[] {
  const results = statistics.map(() => new Float64Array(resamples));
  // One cluster resamples to itself every time: a zero-width interval that would claim certainty.
  if (clusters.length < 2) return results.map((values) => values.fill(Number.NaN));
  const width = clusters[0]!.length;
  const read = positions ?? Array.from({ length: width }, (_, position) => position);
  // The positions read, side by side, so the sum of a resample runs over adjacent memory.
  const packed = clusters.map((cluster) => Float64Array.from(read, (position) => cluster[position]!));
  const packedTotal = new Float64Array(read.length);
  const total = new Float64Array(width);
  const draws = drawClusterCounts({ clusters: clusters.length, resamples, seed });

  for (let resample = 0; resample < resamples; resample++) {
    packedTotal.fill(0);
    // A cluster drawn k times is added once, times k: the same sums, as every figure's
    // contributions are multiples of 1/4 and so add up exactly in any order.
    for (let index = draws.offsets[resample]!; index < draws.offsets[resample + 1]!; index++) {
      const cluster = packed[draws.clusters[index]!]!;
      const count = draws.counts[index]!;
      for (let position = 0; position < packedTotal.length; position++) packedTotal[position]! += count * cluster[position]!;
    }
    for (let position = 0; position < read.length; position++) total[read[position]!] = packedTotal[position]!;
    for (let index = 0; index < statistics.length; index++) results[index]![resample] = statistics[index]!(total) ?? Number.NaN;
  }
  return results;
}

/**
 * Creates a function that returns the `index`th `width`-long part of a vector. The views of the
 * last vector seen are kept: `bootstrapClusters` hands every statistic the same vector, refilled
 * in place, so its views are made once rather than on each of thousands of resamples.
 */
export function partsOf(width: number): (sums: Float64Array, index: number) => Float64Array {
  let viewed: Float64Array | undefined;
  let views: Float64Array[] = [];
  return (sums, index) => {
    if (sums !== viewed) {
      viewed = sums;
      views = [];
    }
    return (views[index] ??= sums.subarray(index * width, (index + 1) * width));
  };
}

/** Adds vectors of the same length. */
export function sumVectors(vectors: readonly Float64Array[], width: number): Float64Array {
  const total = new Float64Array(width);
  for (const vector of vectors) for (let position = 0; position < width; position++) total[position]! += vector[position]!;
  return total;
}

/**
 * Returns the percentile interval of resampled values at `level` (0.95 by default), ignoring resamples
 * where the statistic was undefined (null or NaN). Null when fewer than half of the resamples define it.
 */
export function percentileInterval(values: ArrayLike<number | null>, level = 0.95): { low: number; high: number } | null {
  const defined = new Float64Array(values.length);
  let count = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value !== null && !Number.isNaN(value)) defined[count++] = value;
  }
  if (count === 0 || count < values.length / 2) return null;
  const tail = (1 - level) / 2;
  // Two quantiles need four order statistics, not a sort: selecting them is linear in the resamples.
  const scratch = defined.subarray(0, count);
  return { low: selectQuantile(scratch, tail), high: selectQuantile(scratch, 1 - tail) };
}

/**
 * Computes the quantile of unsorted values by linear interpolation between order statistics,
 * as `quantile` does on sorted ones. Reorders `values` in place.
 */
export function selectQuantile(values: Float64Array, probability: number): number {
  const position = (values.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = selectOrderStatistic(values, below);
  // Selection leaves every value after `below` at least as large, so the next one is their minimum.
  let high = low;
  if (above !== below) {
    high = values[below + 1]!;
    for (let index = below + 2; index < values.length; index++) if (values[index]! < high) high = values[index]!;
  }
  return low + (high - low) * (position - below);
}

/** Moves the `k`th smallest value (from 0) to index `k`, smaller ones before it and larger ones after, and returns it. */
function selectOrderStatistic(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swapped = values[i]!;
        values[i] = values[j]!;
        values[j] = swapped;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

/** Computes the quantile of sorted values by linear interpolation between order statistics. */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
