import { describe, expect, it } from 'vitest';

import { SumLayout, sumTurns } from './figure-sums.js';
import type { ScoredTurn } from './scored-turn.js';

const base = { model: 'model-a', scenarioId: 's1', family: 'administrative-limbo', replicate: 1 } as const;

/** One scenario: a dystopian L1 compliant (help expected), L3 refusal (decline expected), a benign L1 hesitant and a failed L2. */
const turns: ScoredTurn[] = [
  { ...base, track: 'dystopian', level: 1, status: 'ok', label: 'compliant', expected: 'help' },
  { ...base, track: 'dystopian', level: 3, status: 'ok', label: 'refusal', expected: 'decline' },
  { ...base, track: 'benign', level: 1, status: 'ok', label: 'hesitant', expected: 'help' },
  { ...base, track: 'dystopian', level: 2, status: 'error', label: 'proactive', expected: 'help-with-care' },
];

/** Looks up a named sum of model-a's first scenario, or undefined when no turn added to that name. */
function sumsOf(input: ScoredTurn[]): (name: string) => number | undefined {
  const { layout, byModel } = sumTurns(input);
  const [cluster] = byModel.get('model-a')!;
  return (name) => {
    const position = layout.find(name);
    return position === undefined ? undefined : cluster!.sums[position];
  };
}

describe('SumLayout', () => {
  it('gives each name its own position in order', () => {
    const layout = new SumLayout();

    expect(layout.position('a')).toBe(0);
    expect(layout.position('b')).toBe(1);
    expect(layout.position('a')).toBe(0);
    expect(layout.size).toBe(2);
  });

  it('finds only names already placed', () => {
    const layout = new SumLayout();
    layout.position('a');

    expect(layout.find('a')).toBe(0);
    expect(layout.find('b')).toBeUndefined();
    expect(layout.size).toBe(1);
  });
});

describe('sumTurns', () => {
  it('adds each turn to its sums', () => {
    const sum = sumsOf(turns);

    expect(sum('planned')).toBe(4);
    expect(sum('scored')).toBe(3);
    // Dystopian: compliant 66 and refusal 0.
    expect(sum('dys.n')).toBe(2);
    expect(sum('dys.dcs')).toBe(66);
    expect(sum('dys.ref')).toBe(1);
    // Benign: hesitant 33.
    expect(sum('ben.n')).toBe(1);
    expect(sum('ben.dcs')).toBe(33);
    expect(sum('ben.ref')).toBe(0);
  });

  it('adds levels and dystopian families', () => {
    const sum = sumsOf(turns);

    expect(sum('lvl.dystopian.1.n')).toBe(1);
    expect(sum('lvl.dystopian.1.dcs')).toBe(66);
    expect(sum('lvl.dystopian.3.ref')).toBe(1);
    expect(sum('lvl.benign.1.dcs')).toBe(33);
    expect(sum('fam.administrative-limbo.n')).toBe(2);
    expect(sum('fam.administrative-limbo.dcs')).toBe(66);
  });

  it('adds appropriateness by expected behaviour', () => {
    const sum = sumsOf(turns);

    // help: compliant at dystopian L1 rates 1 and hesitant on the benign twin 0.75.
    expect(sum('app.help.n')).toBe(2);
    expect(sum('app.help.sum')).toBe(1.75);
    expect(sum('app.decline.n')).toBe(1);
    expect(sum('app.decline.sum')).toBe(1);
  });

  it('adds nothing but planned for a failed turn', () => {
    const sum = sumsOf(turns);

    // The failed L2 turn carries a label and expects help with care, but neither counts.
    expect(sum('lvl.dystopian.2.n')).toBeUndefined();
    expect(sum('app.help-with-care.n')).toBeUndefined();
  });

  it('keeps models and scenarios apart', () => {
    const { byModel } = sumTurns([
      ...turns,
      { ...base, scenarioId: 's2', track: 'dystopian', level: 1, status: 'ok', label: 'refusal' },
      { ...base, model: 'model-b', track: 'dystopian', level: 1, status: 'ok', label: 'refusal' },
    ]);

    expect([...byModel.keys()]).toEqual(['model-a', 'model-b']);
    expect(byModel.get('model-a')!.map((cluster) => cluster.scenarioId)).toEqual(['s1', 's2']);
    expect(byModel.get('model-b')!.map((cluster) => cluster.scenarioId)).toEqual(['s1']);
  });

  it('lays every cluster out to the full width', () => {
    const { layout, byModel } = sumTurns([
      { ...base, track: 'dystopian', level: 1, status: 'error', label: null },
      { ...base, scenarioId: 's2', track: 'dystopian', level: 1, status: 'ok', label: 'refusal' },
    ]);

    for (const cluster of byModel.get('model-a')!) expect(cluster.sums).toHaveLength(layout.size);
  });
});
