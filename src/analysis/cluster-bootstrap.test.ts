import { describe, expect, it } from 'vitest';

import { bootstrapClusters, partsOf, percentileInterval, quantile, selectQuantile } from './cluster-bootstrap.js';
import { createRandom } from './create-random.js';

const ratio = (sums: Float64Array) => (sums[1] === 0 ? null : sums[0]! / sums[1]!);
const mean = (sums: Float64Array) => sums[0]! / 4;

/** Share of `values` at or below `x`. */
function cdfAt(values: readonly number[], x: number): number {
  return values.filter((value) => value <= x).length / values.length;
}

describe('bootstrapClusters', () => {
  it('matches the exact distribution of a ratio', () => {
    // Four clusters of (numerator, denominator): every ordered resample of four draws has probability 1/256.
    const clusters = [Float64Array.of(1, 2), Float64Array.of(0, 1), Float64Array.of(3, 3), Float64Array.of(2, 5)];
    const exact: number[] = [];
    for (let code = 0; code < 256; code++) {
      const draws = [code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3];
      const numerator = draws.reduce((sum, draw) => sum + clusters[draw]![0]!, 0);
      const denominator = draws.reduce((sum, draw) => sum + clusters[draw]![1]!, 0);
      exact.push(numerator / denominator);
    }
    const resamples = 20_000;
    const [values] = bootstrapClusters({ clusters, statistics: [ratio], resamples, seed: 7 });
    const sampled = [...values!];

    // Dvoretzky–Kiefer–Wolfowitz: P(max |F_n − F| > 0.02) ≤ 2 exp(−2 × 20,000 × 0.02²) ≈ 2.3e-7 for a correct sampler.
    const maxGap = Math.max(...[...new Set(exact)].map((x) => Math.abs(cdfAt(sampled, x) - cdfAt(exact, x))));
    expect(maxGap).toBeLessThan(0.02);
    const support = new Set(exact);
    expect(sampled.filter((value) => !support.has(value))).toEqual([]);
  });

  it('gives the exact percentile interval of a mean', () => {
    // Ones drawn from [0, 0, 0, 1] follow Binomial(4, 1/4): the CDF of the mean at 0, 0.25, 0.5, 0.75 is
    // 81/256 ≈ 0.316, 189/256 ≈ 0.738, 243/256 ≈ 0.949, 255/256 ≈ 0.996. So the 2.5 % quantile is 0 and the
    // 97.5 % quantile is 0.75, each several standard errors of a 2,000-resample share away from switching.
    const clusters = [0, 0, 0, 1].map((value) => Float64Array.of(value));
    const [values] = bootstrapClusters({ clusters, statistics: [mean] });

    expect(percentileInterval(values!)).toEqual({ low: 0, high: 0.75 });
  });

  it('draws 2,000 resamples by default', () => {
    const clusters = [Float64Array.of(1), Float64Array.of(2)];
    const [values] = bootstrapClusters({ clusters, statistics: [mean] });

    expect(values).toHaveLength(2000);
  });

  it('repeats its results for the same seed', () => {
    const clusters = [1, 4, 2, 8, 5].map((value) => Float64Array.of(value));
    const first = bootstrapClusters({ clusters, statistics: [mean], resamples: 500, seed: 11 });
    const second = bootstrapClusters({ clusters, statistics: [mean], resamples: 500, seed: 11 });

    expect(second).toEqual(first);
  });

  it('differs between seeds', () => {
    const clusters = [1, 4, 2, 8, 5].map((value) => Float64Array.of(value));
    const first = bootstrapClusters({ clusters, statistics: [mean], resamples: 500, seed: 11 });
    const second = bootstrapClusters({ clusters, statistics: [mean], resamples: 500, seed: 12 });

    expect(second).not.toEqual(first);
  });

  it('evaluates every statistic on the same resamples', () => {
    const clusters = [1, 4, 2, 8, 5].map((value) => Float64Array.of(value));
    const [sums, doubled] = bootstrapClusters({
      clusters,
      statistics: [(total) => total[0]!, (total) => 2 * total[0]!],
      resamples: 100,
    });

    expect(doubled).toEqual(sums!.map((value) => 2 * value));
  });

  it('returns null everywhere for fewer than two clusters', () => {
    for (const clusters of [[], [Float64Array.of(3)]]) {
      const results = bootstrapClusters({ clusters, statistics: [mean, mean], resamples: 50 });

      expect(results).toHaveLength(2);
      for (const values of results) expect([...values]).toEqual(Array(50).fill(Number.NaN));
    }
  });

  it('sums only the positions asked for and gives the same values there', () => {
    const clusters = [Float64Array.of(1, 2, 9), Float64Array.of(0, 1, 9), Float64Array.of(3, 3, 9), Float64Array.of(2, 5, 9)];
    const seen: number[] = [];
    const third = (sums: Float64Array) => {
      seen.push(sums[2]!);
      return null;
    };
    const [all] = bootstrapClusters({ clusters, statistics: [ratio], resamples: 300 });
    const [some] = bootstrapClusters({ clusters, statistics: [ratio, third], positions: [0, 1], resamples: 300 });

    expect(some).toEqual(all);
    expect(new Set(seen)).toEqual(new Set([0]));
  });

  it('gives NaN where a resample leaves the statistic undefined', () => {
    // The second cluster has no denominator, so a resample of it alone (probability 1/4) has no ratio.
    const clusters = [Float64Array.of(1, 1), Float64Array.of(0, 0)];
    const [values] = bootstrapClusters({ clusters, statistics: [ratio], resamples: 2000 });
    const undefinedShare = values!.filter((value) => Number.isNaN(value)).length / 2000;

    // The share of a 2,000-resample draw with p = 1/4 has a standard error near 0.0097.
    expect(undefinedShare).toBeGreaterThan(0.2);
    expect(undefinedShare).toBeLessThan(0.3);
  });
});

describe('bootstrapClusters coverage', () => {
  // Each scenario is of one of three types, drawn with these weights, and its five turns draw labels independently
  // with the type's probabilities of refusal, hesitant, compliant and proactive (DCS 0, 33, 66, 100).
  const types = [
    { weight: 0.5, probabilities: [0.7, 0.2, 0.1, 0] },
    { weight: 0.3, probabilities: [0.3, 0.3, 0.3, 0.1] },
    { weight: 0.2, probabilities: [0.05, 0.15, 0.5, 0.3] },
  ];
  const typeWeights = types.map((type) => type.weight);
  const dcs = [0, 33, 66, 100];
  // Per type, Σ probability × DCS is 13.2, 39.7 and 67.95. Weighted: 0.5 × 13.2 + 0.3 × 39.7 + 0.2 × 67.95 = 32.1.
  const trueMeanDcs = 32.1;

  function draw(random: () => number, probabilities: readonly number[]): number {
    const target = random();
    let cumulative = 0;
    for (const [index, probability] of probabilities.entries()) {
      cumulative += probability;
      if (target < cumulative) return index;
    }
    return probabilities.length - 1;
  }

  it('covers the true mean DCS about 95 % of the time', () => {
    const runs = 2000;
    const random = createRandom(20251);
    let covered = 0;

    for (let run = 0; run < runs; run++) {
      const clusters: Float64Array[] = [];
      for (let scenario = 0; scenario < 50; scenario++) {
        const type = types[draw(random, typeWeights)]!;
        let dcsSum = 0;
        for (let turn = 0; turn < 5; turn++) dcsSum += dcs[draw(random, type.probabilities)]!;
        clusters.push(Float64Array.of(dcsSum, 5));
      }
      // Bootstrap seeds 1 to 2,000 stay apart from the data seed 20251.
      const [values] = bootstrapClusters({ clusters, statistics: [ratio], resamples: 2000, seed: run + 1 });
      const interval = percentileInterval(values!)!;
      if (interval.low <= trueMeanDcs && trueMeanDcs <= interval.high) covered++;
    }

    // With 2,000 runs the coverage share has a standard error near 0.005, so 93 % to 97 % allows for about
    // two points of the undercoverage a percentile interval shows with 50 clusters.
    expect(covered / runs).toBeGreaterThanOrEqual(0.93);
    expect(covered / runs).toBeLessThanOrEqual(0.97);
  });
});

describe('percentileInterval', () => {
  it('interpolates the 2.5 % and 97.5 % quantiles', () => {
    // Positions 0.025 × 4 = 0.1 and 0.975 × 4 = 3.9 between the sorted values 10, 20, 30, 40, 50.
    expect(percentileInterval([50, 10, 40, 20, 30])).toEqual({ low: 11, high: 49 });
  });

  it('takes another level', () => {
    // Positions 0.05 × 4 = 0.2 and 0.95 × 4 = 3.8.
    const interval = percentileInterval([10, 20, 30, 40, 50], 0.9);

    expect(interval!.low).toBeCloseTo(12, 10);
    expect(interval!.high).toBeCloseTo(48, 10);
  });

  it('ignores undefined resamples', () => {
    // Half of the four resamples define it (1 and 2), and the quantiles sit at positions 0.025 and 0.975 between them.
    const interval = percentileInterval([2, null, 1, null]);

    expect(interval!.low).toBeCloseTo(1.025, 10);
    expect(interval!.high).toBeCloseTo(1.975, 10);
  });

  it('returns null when fewer than half define the statistic', () => {
    expect(percentileInterval([1, 2, null, null, null])).toBeNull();
    expect(percentileInterval(Float64Array.of(1, 2, Number.NaN, Number.NaN, Number.NaN))).toBeNull();
    expect(percentileInterval([null, null])).toBeNull();
    expect(percentileInterval([])).toBeNull();
  });
});

describe('quantile', () => {
  const sorted = [10, 20, 30, 40, 50];

  it('returns order statistics at their positions', () => {
    expect(quantile(sorted, 0)).toBe(10);
    expect(quantile(sorted, 0.5)).toBe(30);
    expect(quantile(sorted, 1)).toBe(50);
  });

  it('interpolates linearly between order statistics', () => {
    // Position 0.1 × 4 = 0.4 gives 10 + 0.4 × 10, and position 0.9 × 4 = 3.6 gives 40 + 0.6 × 10.
    expect(quantile(sorted, 0.1)).toBeCloseTo(14, 10);
    expect(quantile(sorted, 0.9)).toBeCloseTo(46, 10);
    // Position 0.3 × 1 between 0 and 100.
    expect(quantile([0, 100], 0.3)).toBeCloseTo(30, 10);
  });

  it('returns the only value of one', () => {
    expect(quantile([7], 0.975)).toBe(7);
  });
});

describe('partsOf', () => {
  it('returns each part of a vector', () => {
    const part = partsOf(2);
    const sums = Float64Array.from([1, 2, 3, 4, 5, 6]);

    expect([...part(sums, 0)]).toEqual([1, 2]);
    expect([...part(sums, 2)]).toEqual([5, 6]);
  });

  it('reuses the views of the same vector', () => {
    const part = partsOf(2);
    const sums = Float64Array.from([1, 2, 3, 4]);
    const first = part(sums, 1);

    sums[2] = 30;

    expect(part(sums, 1)).toBe(first);
    expect([...part(sums, 1)]).toEqual([30, 4]);
  });

  it('makes new views for another vector', () => {
    const part = partsOf(2);
    part(Float64Array.from([1, 2, 3, 4]), 1);

    expect([...part(Float64Array.from([5, 6, 7, 8]), 1)]).toEqual([7, 8]);
  });
});

describe('selectQuantile', () => {
  it('agrees with the quantile of sorted values', () => {
    const random = createRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const length = 1 + Math.floor(random() * 300);
      // Few distinct values in half the trials, so ties around the selected positions are common.
      const distinct = trial % 2 === 0 ? 5 : 1000;
      const values = Float64Array.from({ length }, () => Math.floor(random() * distinct) / 4);
      const sorted = Float64Array.from(values).sort();
      const probability = random();

      expect(selectQuantile(Float64Array.from(values), probability)).toBe(quantile(sorted, probability));
    }
  });

  it('finds both tails of one array in turn', () => {
    const values = Float64Array.from([5, 1, 4, 2, 3, 9, 0, 7, 8, 6]);

    expect(selectQuantile(values, 0.025)).toBeCloseTo(0.225, 10);
    expect(selectQuantile(values, 0.975)).toBeCloseTo(8.775, 10);
  });
});
