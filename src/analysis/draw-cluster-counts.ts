import { createRandom } from './create-random.js';

/**
 * The clusters each resample drew and how often, resample by resample: resample `r` drew
 * `clusters[i]` `counts[i]` times for `i` from `offsets[r]` up to `offsets[r + 1]`. Clusters drawn
 * no time are left out, about a third of them.
 */
export interface ClusterDraws {
  offsets: Uint32Array;
  clusters: Uint32Array;
  counts: Float64Array;
}

// Every model of a run has about the same number of scenarios, so one run's figures ask for the
// same draws dozens of times; a few entries are enough.
const remembered = new Map<string, ClusterDraws>();
const rememberedLimit = 8;

/**
 * Draws `resamples` resamples of `clusters` clusters with replacement from `seed`: the same draws,
 * in the same order, that drawing cluster indices one by one from the seeded generator gives.
 */
export function drawClusterCounts({ clusters, resamples, seed }: { clusters: number; resamples: number; seed: number }): ClusterDraws {
  const key = `${clusters}:${resamples}:${seed}`;
  const known = remembered.get(key);
  if (known) return known;

  const random = createRandom(seed);
  const perResample = new Uint32Array(clusters);
  const offsets = new Uint32Array(resamples + 1);
  const drawn: number[] = [];
  const counts: number[] = [];
  for (let resample = 0; resample < resamples; resample++) {
    perResample.fill(0);
    for (let draw = 0; draw < clusters; draw++) perResample[Math.floor(random() * clusters)]!++;
    for (let cluster = 0; cluster < clusters; cluster++) {
      if (perResample[cluster] === 0) continue;
      drawn.push(cluster);
      counts.push(perResample[cluster]!);
    }
    offsets[resample + 1] = drawn.length;
  }

  const draws = { offsets, clusters: Uint32Array.from(drawn), counts: Float64Array.from(counts) };
  if (remembered.size >= rememberedLimit) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, draws);
  return draws;
}
