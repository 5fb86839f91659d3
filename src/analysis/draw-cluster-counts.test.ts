import { describe, expect, it } from 'vitest';

import { createRandom } from './create-random.js';
import { drawClusterCounts } from './draw-cluster-counts.js';

describe('drawClusterCounts', () => {
  it('counts the draws of drawing clusters one by one from the seed', () => {
    const clusters = 7;
    const resamples = 300;
    const draws = drawClusterCounts({ clusters, resamples, seed: 5 });
    const random = createRandom(5);

    for (let resample = 0; resample < resamples; resample++) {
      const expected = new Map<number, number>();
      for (let draw = 0; draw < clusters; draw++) {
        const cluster = Math.floor(random() * clusters);
        expected.set(cluster, (expected.get(cluster) ?? 0) + 1);
      }
      const counted = new Map<number, number>();
      for (let index = draws.offsets[resample]!; index < draws.offsets[resample + 1]!; index++) {
        counted.set(draws.clusters[index]!, draws.counts[index]!);
      }
      expect(counted).toEqual(expected);
    }
  });

  it('lists only clusters drawn at least once', () => {
    const draws = drawClusterCounts({ clusters: 50, resamples: 200, seed: 1 });

    expect(Math.min(...draws.counts)).toBeGreaterThanOrEqual(1);
    // About 1 − (49/50)^50 ≈ 64 % of the clusters are drawn in a resample.
    expect(draws.clusters.length / (50 * 200)).toBeGreaterThan(0.6);
    expect(draws.clusters.length / (50 * 200)).toBeLessThan(0.68);
  });

  it('gives new draws for another seed or size', () => {
    const first = drawClusterCounts({ clusters: 10, resamples: 20, seed: 1 });

    expect(drawClusterCounts({ clusters: 10, resamples: 20, seed: 2 }).clusters).not.toEqual(first.clusters);
    expect(drawClusterCounts({ clusters: 11, resamples: 20, seed: 1 }).offsets).not.toEqual(first.offsets);
  });
});
