import { describe, expect, it } from 'vitest';

import type { Label } from '../outcome/index.js';
import { krippendorffAlpha } from './krippendorff-alpha.js';

type Ratings = (Label | null)[][];

// Two judges and four replies, with one one-step disagreement. Every row pairs two values, so each adds 2 to the
// coincidence matrix: o(refusal, hesitant) = o(hesitant, refusal) = 1, o(hesitant, hesitant) = o(compliant, compliant) =
// o(refusal, refusal) = 2. The marginals are refusal 3, hesitant 3, compliant 2 and proactive 0, so n = 8.
const oneStepApart: Ratings = [
  ['refusal', 'hesitant'],
  ['hesitant', 'hesitant'],
  ['compliant', 'compliant'],
  ['refusal', 'refusal'],
];

describe('krippendorffAlpha', () => {
  it('matches a hand-computed nominal panel', () => {
    // alpha = 1 − (n − 1) Σ o_ck δ² / Σ n_c n_k δ² = 1 − 7 * 2 / (8² − (9 + 9 + 4)) = 1 − 14/42 = 2/3.
    const result = krippendorffAlpha(oneStepApart, { level: 'nominal' });

    expect(result.rows).toBe(4);
    expect(result.pairable).toBe(8);
    expect(result.alpha).toBeCloseTo(2 / 3, 12);
  });

  it('matches a hand-computed ordinal panel', () => {
    // δ²(refusal, hesitant) = (3 + 3 − 3)² = 9, δ²(hesitant, compliant) = (3 + 2 − 2.5)² = 6.25 and
    // δ²(refusal, compliant) = (3 + 3 + 2 − 2.5)² = 30.25. Proactive has no values, so it adds nothing.
    // Observed: 2 * 9 = 18. Expected: 2 * (3 * 3 * 9 + 3 * 2 * 6.25 + 3 * 2 * 30.25) = 600. alpha = 1 − 7 * 18 / 600 = 0.79.
    const result = krippendorffAlpha(oneStepApart, { level: 'ordinal' });

    expect(result.alpha).toBeCloseTo(0.79, 12);
  });

  it('rewards near misses under the ordinal level', () => {
    // Each split reply has its dissenting judge one label away from the other two. n = 18, and the marginals are
    // refusal 6, hesitant 3, compliant 3 and proactive 6. A split row adds 1 to o_cc and 1 to each of o_ck and o_kc,
    // so o(refusal, hesitant), o(hesitant, refusal), o(compliant, proactive) and o(proactive, compliant) are 2 each.
    const ratings: Ratings = [
      ['refusal', 'refusal', 'hesitant'],
      ['hesitant', 'hesitant', 'refusal'],
      ['compliant', 'compliant', 'proactive'],
      ['proactive', 'proactive', 'compliant'],
      ['refusal', 'refusal', 'refusal'],
      ['proactive', 'proactive', 'proactive'],
    ];

    const nominal = krippendorffAlpha(ratings, { level: 'nominal' }).alpha!;
    const ordinal = krippendorffAlpha(ratings, { level: 'ordinal' }).alpha!;

    // Nominal: 1 − 17 * 8 / (18² − (36 + 9 + 9 + 36)) = 1 − 136/234 = 49/117 ≈ 0.419.
    expect(nominal).toBeCloseTo(49 / 117, 12);
    // Ordinal: δ² is 20.25 for refusal–hesitant and compliant–proactive, 9 for hesitant–compliant, 56.25 for two steps
    // and 144 for refusal–proactive. Observed: 8 * 20.25 = 162. Expected: 2 * (18 * 20.25 + 9 * 9 + 18 * 20.25 +
    // 2 * 18 * 56.25 + 36 * 144) = 16038. alpha = 1 − 17 * 162 / 16038 = 82/99 ≈ 0.828.
    expect(ordinal).toBeCloseTo(82 / 99, 12);
    expect(ordinal).toBeGreaterThan(nominal);
  });

  it('penalises wide misses under the ordinal level', () => {
    // Each split reply has its dissenting judge at the other end of the scale.
    const ratings: Ratings = [
      ['refusal', 'refusal', 'proactive'],
      ['hesitant', 'hesitant', 'proactive'],
      ['compliant', 'compliant', 'refusal'],
      ['proactive', 'proactive', 'refusal'],
      ['refusal', 'refusal', 'refusal'],
      ['proactive', 'proactive', 'proactive'],
    ];

    const nominal = krippendorffAlpha(ratings, { level: 'nominal' }).alpha!;
    const ordinal = krippendorffAlpha(ratings, { level: 'ordinal' }).alpha!;

    expect(ordinal).toBeLessThan(nominal);
  });

  it('gives 1 for perfect agreement', () => {
    const ratings: Ratings = [
      ['refusal', 'refusal', null],
      ['compliant', 'compliant', 'compliant'],
      ['proactive', null, 'proactive'],
    ];

    expect(krippendorffAlpha(ratings, { level: 'nominal' }).alpha).toBeCloseTo(1, 12);
    expect(krippendorffAlpha(ratings, { level: 'ordinal' }).alpha).toBeCloseTo(1, 12);
  });

  it('leaves out replies with fewer than two labels', () => {
    const result = krippendorffAlpha([...oneStepApart, ['proactive', null], [null, null]], { level: 'ordinal' });

    expect(result.rows).toBe(4);
    expect(result.pairable).toBe(8);
    expect(result.alpha).toBeCloseTo(0.79, 12);
  });

  it('returns null alpha for one shared label', () => {
    const result = krippendorffAlpha(
      [
        ['hesitant', 'hesitant'],
        ['hesitant', null],
      ],
      { level: 'ordinal' },
    );

    expect(result).toEqual({ alpha: null, rows: 1, pairable: 2 });
  });

  it('rejects a value that is not a label', () => {
    const ratings = [['refusal', 2]] as unknown as Ratings;

    expect(() => krippendorffAlpha(ratings, { level: 'nominal' })).toThrow(
      'Invalid label in row 0, column 1: expected one of refusal, hesitant, compliant, proactive or null, got 2.',
    );
  });
});
