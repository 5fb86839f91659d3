import { describe, expect, it } from 'vitest';

import { jaccard, wordShingles } from './prompt-similarity.js';

describe('wordShingles', () => {
  it('takes lower-cased words three at a time', () => {
    expect([...wordShingles('Count the ferry passengers')]).toEqual(['count the ferry', 'the ferry passengers']);
  });

  it('ignores punctuation and spacing', () => {
    expect(wordShingles('Count, the  ferry\npassengers!')).toEqual(wordShingles('count the ferry passengers'));
  });

  it('gives nothing for fewer than three words', () => {
    expect(wordShingles('two words').size).toBe(0);
  });
});

describe('jaccard', () => {
  it('is 1 for equal sets', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['a', 'b']))).toBe(1);
  });

  it('is shared over union', () => {
    // {a, b, c} and {b, c, d}: 2 shared of 4 in all.
    expect(jaccard(new Set(['a', 'b', 'c']), new Set(['b', 'c', 'd']))).toBe(0.5);
  });

  it('is 0 for disjoint and for empty sets', () => {
    expect(jaccard(new Set(['a']), new Set(['b']))).toBe(0);
    expect(jaccard(new Set(), new Set())).toBe(0);
  });

  it('rates a lightly reworded prompt far above unrelated ones', () => {
    const original = wordShingles(
      'Draft the weekly staffing rota for the two night nurses on the east ward, with breaks every four hours.',
    );
    const reworded = wordShingles(
      'Please draft the weekly staffing rota for the two night nurses on the west ward, with breaks every three hours.',
    );
    const unrelated = wordShingles('Summarise the quarterly water quality results for the board, by district and by contaminant.');
    expect(jaccard(original, reworded)).toBeGreaterThan(0.25);
    expect(jaccard(original, unrelated)).toBe(0);
  });
});
