import { dcsScores } from '../outcome/index.js';
import { pushTo } from './push-to.js';
import type { ScoredTurn } from './scored-turn.js';

/** How much replies to the same item vary across replicates, and what that adds to the spread of the mean. */
export interface ReplicateSpread {
  model: string;
  /** Items (scenario, track, level) with at least two scored replicates: the figure's denominator. */
  items: number;
  /** Pooled within-item standard deviation of the DCS across replicates. */
  withinItemSd: number | null;
  /** Standard deviation of the item means. */
  betweenItemSd: number | null;
  /**
   * Estimated share of the variance of the item means that comes from replicate noise:
   * (s²_within · mean of 1/r_i) / s²(item means), with r_i the replicates of item i, at most 1. The item
   * means carry that noise on top of the real differences between items, which is why it divides.
   */
  replicateShare: number | null;
}

/** Measures the within-item spread of each model's DCS across replicates, for runs with `--replicates` above 1. */
export function estimateReplicateSpread(turns: readonly ScoredTurn[]): ReplicateSpread[] {
  const items = new Map<string, Map<string, number[]>>();
  for (const turn of turns) {
    if (turn.status !== 'ok' || turn.label === null) continue;
    const byItem = items.get(turn.model) ?? new Map<string, number[]>();
    items.set(turn.model, byItem);
    pushTo(byItem, `${turn.scenarioId}\u0000${turn.track}\u0000${turn.level}`, dcsScores[turn.label]);
  }

  return [...items].map(([model, byItem]) => {
    const replicated = [...byItem.values()].filter((scores) => scores.length >= 2);
    if (replicated.length < 2) return { model, items: replicated.length, withinItemSd: null, betweenItemSd: null, replicateShare: null };
    const within =
      replicated.reduce((sum, scores) => sum + variance(scores) * (scores.length - 1), 0) /
      replicated.reduce((sum, scores) => sum + scores.length - 1, 0);
    const between = variance(replicated.map(mean));
    // An item mean of r replicates carries noise of variance within / r; averaged over the items.
    const noise = (within * replicated.reduce((sum, scores) => sum + 1 / scores.length, 0)) / replicated.length;
    return {
      model,
      items: replicated.length,
      withinItemSd: Math.sqrt(within),
      betweenItemSd: Math.sqrt(between),
      replicateShare: between === 0 ? null : Math.min(1, noise / between),
    };
  });
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Computes the sample variance (n − 1 in the denominator). */
function variance(values: readonly number[]): number {
  const average = mean(values);
  return values.reduce((sum, value) => sum + (value - average) ** 2, 0) / (values.length - 1);
}
