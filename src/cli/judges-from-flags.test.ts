import { describe, expect, it } from 'vitest';
import { judgesFromFlags } from './judges-from-flags.js';

describe('judgesFromFlags', () => {
  it('defaults to the offline judge', () => {
    expect(judgesFromFlags(undefined)).toEqual(['offline']);
  });

  it('runs without a judge for none', () => {
    expect(judgesFromFlags(['none'])).toEqual([]);
  });

  it('keeps the given judges', () => {
    expect(judgesFromFlags(['openai:judge', 'offline'])).toEqual(['openai:judge', 'offline']);
  });

  it('rejects none beside another judge', () => {
    expect(() => judgesFromFlags(['none', 'openai:judge'])).toThrow(/cannot be combined/);
  });
});
