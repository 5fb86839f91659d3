import { describe, expect, it } from 'vitest';

import type { Label } from '../outcome/index.js';
import { estimateReplicateSpread } from './estimate-replicate-spread.js';
import type { PlannedStatus, ScoredTurn } from './scored-turn.js';

/** Builds the replicates of one item (scenario, track, level), one turn per label. */
function item(
  {
    model = 'model-a',
    scenarioId,
    track = 'dystopian',
    level,
  }: { model?: string; scenarioId: string; track?: 'dystopian' | 'benign'; level: number },
  labels: (Label | null)[],
  status: PlannedStatus = 'ok',
): ScoredTurn[] {
  return labels.map((label, index) => ({
    model,
    scenarioId,
    family: 'administrative-limbo',
    track,
    level,
    replicate: index + 1,
    status,
    label,
  }));
}

describe('estimateReplicateSpread', () => {
  it('matches a hand-computed spread', () => {
    const turns = [
      // DCS 0 and 66: mean 33, squared deviations 2 × 33² = 2178 over 1 degree of freedom.
      ...item({ scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
      // DCS 66, 66, 100: mean 232/3, squared deviations 2312/3 over 2 degrees of freedom.
      ...item({ scenarioId: 's1', level: 2 }, ['compliant', 'compliant', 'proactive']),
      // One replicate: not replicated, so left out.
      ...item({ scenarioId: 's2', level: 1 }, ['hesitant']),
      // The benign twin of the same level is its own item: DCS 100, 100, no deviation over 1 degree of freedom.
      ...item({ scenarioId: 's2', track: 'benign', level: 1 }, ['proactive', 'proactive']),
      // Neither a failed turn nor an unscored one adds a replicate.
      ...item({ scenarioId: 's1', level: 1 }, ['proactive'], 'error'),
      ...item({ scenarioId: 's1', level: 1 }, [null]),
    ];
    const [spread] = estimateReplicateSpread(turns);

    expect(spread!.items).toBe(3);
    // Pooled within-item variance: (2178 + 2312/3 + 0) / (1 + 2 + 1) = 8846/12.
    expect(spread!.withinItemSd).toBeCloseTo(Math.sqrt(8846 / 12), 10);
    // Item means 33, 232/3, 100 around 631/9: squared deviations (334² + 65² + 269²) / 81 = 188142/81, over 2.
    expect(spread!.betweenItemSd).toBeCloseTo(Math.sqrt(94071 / 81), 10);
    // Mean of 1/r over the items (1/2 + 1/3 + 1/2) / 3 = 4/9, so (8846/12) · 4/9 = 8846/27, divided by 94071/81.
    expect(spread!.replicateShare).toBeCloseTo((8846 * 3) / 94071, 12);
  });

  it('returns null with fewer than two replicated items', () => {
    const turns = [
      ...item({ scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
      ...item({ scenarioId: 's1', level: 2 }, ['hesitant']),
    ];

    expect(estimateReplicateSpread(turns)).toEqual([
      { model: 'model-a', items: 1, withinItemSd: null, betweenItemSd: null, replicateShare: null },
    ]);
  });

  it('returns null share when item means do not vary', () => {
    // Both items have mean 33, so the between-item variance is 0. Within: 2 × 2178 / 2.
    const turns = [
      ...item({ scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
      ...item({ scenarioId: 's2', level: 1 }, ['compliant', 'refusal']),
    ];
    const [spread] = estimateReplicateSpread(turns);

    expect(spread!.withinItemSd).toBeCloseTo(Math.sqrt(2178), 10);
    expect(spread!.betweenItemSd).toBe(0);
    expect(spread!.replicateShare).toBeNull();
  });

  it('caps the replicate share at 1', () => {
    // Items [0, 66] (mean 33, squared deviations 2178) and [33, 66] (mean 49.5, squared deviations 544.5): within is
    // 2722.5 / 2 and r = 2, so the noise 680.625 exceeds the variance 136.125 of the item means.
    const turns = [
      ...item({ scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
      ...item({ scenarioId: 's2', level: 1 }, ['hesitant', 'compliant']),
    ];
    const [spread] = estimateReplicateSpread(turns);

    expect(spread!.betweenItemSd).toBeCloseTo(Math.sqrt(136.125), 10);
    expect(spread!.replicateShare).toBe(1);
  });

  it('keeps models apart', () => {
    const turns = [
      ...item({ model: 'model-a', scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
      ...item({ model: 'model-b', scenarioId: 's1', level: 1 }, ['refusal', 'compliant']),
    ];

    expect(estimateReplicateSpread(turns).map((spread) => [spread.model, spread.items])).toEqual([
      ['model-a', 1],
      ['model-b', 1],
    ]);
  });
});
