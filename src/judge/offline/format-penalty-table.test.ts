import { describe, expect, it } from 'vitest';

import { formatPenaltyFactor, formatPenaltyTable } from './format-penalty-table.js';

describe('formatPenaltyFactor', () => {
  it.each([
    [1 / 3, '1/3'],
    [1, '1'],
    [3, '3'],
    [0.4, '0.4'],
  ])('formats %d as %s', (factor, text) => {
    expect(formatPenaltyFactor(factor)).toBe(text);
  });
});

describe('formatPenaltyTable', () => {
  const table = formatPenaltyTable({
    records: [
      { heldOut: null, trainingReplies: 1060, penalty: { factor: 1, innerLogLoss: [0.65432, 0.64321, 0.66] } },
      { heldOut: { groupBy: 'model', name: 'glm-5' }, trainingReplies: 947, penalty: { factor: 3, innerLogLoss: [0.7, 0.69, 0.68] } },
      { heldOut: { groupBy: 'file', name: 'a.json' }, trainingReplies: 665, penalty: { factor: 1 / 3, innerLogLoss: [0.5, 0.6, 0.7] } },
    ],
    factors: [1 / 3, 1, 3],
  });
  const lines = table.split('\n');

  it('names a column after each factor', () => {
    expect(lines[0]).toBe('| fit | held out | training replies | f = 1/3 | f = 1 | f = 3 | chosen f |');
  });

  it('writes a row per fit', () => {
    expect(lines.slice(2)).toEqual([
      '| shipped | none | 1060 | 0.6543 | 0.6432 | 0.6600 | 1 |',
      '| leave one model out | glm-5 | 947 | 0.7000 | 0.6900 | 0.6800 | 3 |',
      '| leave one file out | a.json | 665 | 0.5000 | 0.6000 | 0.7000 | 1/3 |',
    ]);
  });
});
