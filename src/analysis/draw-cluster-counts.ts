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
// same draws dozens of times. A few entries are enough.
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
  // At most every cluster in every resample; trimmed to what was drawn at the end.
  const drawn = new Uint32Array(resamples * clusters);
  const counts = new Float64Array(resamples * clusters);
  let used = 0;
  for (let resample = 0; resample < resamples; resample++) {
    perResample.fill(0);
    for (let draw = 0; draw < clusters; draw++) perResample[Math.floor(random() * clusters)]!++;
    for (let cluster = 0; cluster < clusters; cluster++) {
      if (perResample[cluster] === 0) continue;
      drawn[used] = cluster;
      counts[used] = perResample[cluster]!;
      used++;
    }
    offsets[resample + 1] = used;
  }

  const draws = { offsets, clusters: drawn.slice(0, used), counts: counts.slice(0, used) };
  if (remembered.size >= rememberedLimit) remembered.delete(remembered.keys().next().value!);
  remembered.set(key, draws);
  return draws;
}
