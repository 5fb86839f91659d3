import { describe, expect, it } from 'vitest';

import { finishHash, hashSeed, hashString, stepHash, stepHashText } from './hash-string.js';

describe('hashString', () => {
  it('gives fixed values on every machine', () => {
    // The shipped weights index buckets by these hashes: a change here invalidates them.
    expect(hashString('')).toBe(2872998923);
    expect(hashString('refuse')).toBe(1888375413);
    expect(hashString('words')).toBe(2441432822);
  });

  it('returns unsigned 32-bit integers', () => {
    for (const text of ['', 'a', 'can’t', 'Überwachung', '监控', '🙂']) {
      const hash = hashString(text);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });

  it('folds text as code units one by one', () => {
    expect(stepHashText(hashSeed, 'ab')).toBe(stepHash(stepHash(hashSeed, 0x61), 0x62));
    expect(hashString('ab')).toBe(finishHash(stepHashText(hashSeed, 'ab')));
  });

  it('tells word order apart', () => {
    expect(hashString('not able')).not.toBe(hashString('able not'));
  });
});
