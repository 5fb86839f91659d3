import { createRandom } from './create-random.js';

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
 * resamples (null where a resample leaves it undefined, and everywhere with fewer than two clusters).
 */
export function bootstrapClusters({
  clusters,
  statistics,
  resamples = defaultResamples,
  seed = defaultSeed,
}: {
  /** One summed vector per cluster, all of the same length. */
  clusters: readonly Float64Array[];
  statistics: readonly ((sums: Float64Array) => number | null)[];
  resamples?: number;
  seed?: number;
}): (number | null)[][] {
  const random = createRandom(seed);
  const results = statistics.map(() => new Array<number | null>(resamples));
  // One cluster resamples to itself every time: a zero-width interval that would claim certainty.
  if (clusters.length < 2) return results.map((values) => values.fill(null));
  const width = clusters[0]!.length;
  const total = new Float64Array(width);

  for (let resample = 0; resample < resamples; resample++) {
    total.fill(0);
    for (let draw = 0; draw < clusters.length; draw++) {
      const cluster = clusters[Math.floor(random() * clusters.length)]!;
      for (let position = 0; position < width; position++) total[position]! += cluster[position]!;
    }
    for (let index = 0; index < statistics.length; index++) results[index]![resample] = statistics[index]!(total);
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
 * where the statistic was undefined. Null when fewer than half of the resamples define it.
 */
export function percentileInterval(values: readonly (number | null)[], level = 0.95): { low: number; high: number } | null {
  // A typed array sorts numerically without a comparison callback, several times faster on 2,000 values.
  const defined = Float64Array.from(values.filter((value): value is number => value !== null)).sort();
  if (defined.length === 0 || defined.length < values.length / 2) return null;
  const tail = (1 - level) / 2;
  return { low: quantile(defined, tail), high: quantile(defined, 1 - tail) };
}

/** Computes the quantile of sorted values by linear interpolation between order statistics. */
export function quantile(sorted: ArrayLike<number>, probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
