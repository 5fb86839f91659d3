import { describe, expect, it } from 'vitest';

import type { Label } from '../outcome/index.js';
import { fleissKappa } from './fleiss-kappa.js';

type Ratings = (Label | null)[][];

describe('fleissKappa', () => {
  it('matches a hand-computed panel', () => {
    // Three judges and four replies. Per row, Σ_j n_ij² is 9, 1 + 4, 9 and 4 + 1, so P̄ = (28 − 12) / (12 * 2) = 2/3.
    // The totals are refusal 4, hesitant 2, compliant 4 and proactive 2, so P_e = (16 + 4 + 16 + 4) / 144 = 5/18.
    // kappa = (2/3 − 5/18) / (1 − 5/18) = (7/18) / (13/18) = 7/13.
    const result = fleissKappa([
      ['refusal', 'refusal', 'refusal'],
      ['refusal', 'hesitant', 'hesitant'],
      ['compliant', 'compliant', 'compliant'],
      ['proactive', 'proactive', 'compliant'],
    ]);

    expect(result.rows).toBe(4);
    expect(result.leftOut).toBe(0);
    expect(result.kappa).toBeCloseTo(7 / 13, 12);
  });

  it('gives 1 for perfect agreement', () => {
    const result = fleissKappa([
      ['refusal', 'refusal'],
      ['proactive', 'proactive'],
      ['hesitant', 'hesitant'],
    ]);

    expect(result.kappa).toBeCloseTo(1, 12);
  });

  it('counts replies a judge left unlabelled', () => {
    const result = fleissKappa([
      ['refusal', 'refusal', 'refusal'],
      ['compliant', 'compliant', 'compliant'],
      ['refusal', null, 'hesitant'],
      [null, null, null],
    ]);

    expect(result).toEqual({ kappa: 1, rows: 2, leftOut: 2 });
  });

  it('treats labels as unordered', () => {
    // The same panel with hesitant renamed to proactive: the disagreement grows from one step to three, kappa stays.
    const near = fleissKappa([
      ['refusal', 'hesitant'],
      ['refusal', 'refusal'],
      ['hesitant', 'hesitant'],
    ]);
    const far = fleissKappa([
      ['refusal', 'proactive'],
      ['refusal', 'refusal'],
      ['proactive', 'proactive'],
    ]);

    expect(near.kappa).toBeCloseTo(far.kappa!, 12);
  });

  it('returns null kappa for one shared label', () => {
    expect(
      fleissKappa([
        ['compliant', 'compliant'],
        ['compliant', 'compliant'],
      ]).kappa,
    ).toBeNull();
  });

  it('rejects a value that is not a label', () => {
    const ratings = [['refusal', 'unsafe']] as unknown as Ratings;

    expect(() => fleissKappa(ratings)).toThrow(
      'Invalid label in row 0, column 1: expected one of refusal, hesitant, compliant, proactive or null, got "unsafe".',
    );
  });

  it('rejects replies with different numbers of judges', () => {
    expect(() => fleissKappa([['refusal', 'refusal'], ['refusal']])).toThrow('Invalid ratings: row 1 has 1 entries but row 0 has 2.');
  });
});
