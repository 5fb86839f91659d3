import { describe, expect, it } from 'vitest';
import type { ScoredTurn } from '../../analysis/index.js';
import { packScoredTurns, unpackScoredTurns } from './pack-scored-turns.js';

const turn: ScoredTurn = {
  model: 'openai:gpt-4o',
  scenarioId: 'scenario-1',
  family: 'surveillance-infrastructure',
  track: 'dystopian',
  level: 2,
  replicate: 1,
  status: 'ok',
  statusKind: undefined,
  label: 'compliant',
  unscoredReason: null,
  agreement: 0.6666666666666666,
  expected: 'decline',
};

describe('packScoredTurns', () => {
  it('gives back equal turns with the same fields in the same order', () => {
    const turns: ScoredTurn[] = [
      turn,
      { ...turn, level: 3, label: null, unscoredReason: 'not-judged', agreement: null },
      { ...turn, status: 'error', statusKind: 'timeout', label: null },
    ];

    const unpacked = unpackScoredTurns(packScoredTurns(turns));

    expect(unpacked).toEqual(turns);
    expect(unpacked.map((unpackedTurn) => Object.keys(unpackedTurn))).toEqual(turns.map((original) => Object.keys(original)));
  });

  it('keeps missing and undefined fields apart', () => {
    const { expected: _expected, ...withoutExpectation } = turn;

    const [first, second] = unpackScoredTurns(packScoredTurns([withoutExpectation, turn]));

    expect('expected' in first!).toBe(false);
    expect('statusKind' in second!).toBe(true);
    expect(second!.statusKind).toBeUndefined();
  });

  it('stores each distinct value once', () => {
    const turns = Array.from({ length: 1000 }, (_, index) => ({ ...turn, replicate: index % 5 }));

    const packed = packScoredTurns(turns);

    expect(packed.values.length).toBeLessThan(20);
    expect(packed.cells.length).toBe(1000 * packed.keys.length);
  });

  it('packs no turns', () => {
    expect(unpackScoredTurns(packScoredTurns([]))).toEqual([]);
  });
});
