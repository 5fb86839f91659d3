import { describe, expect, it } from 'vitest';

import { fixed, formatDifference, formatPValue, formatRate, formatScore } from './format-estimate.js';

describe('formatScore', () => {
  it('shows the value and its interval', () => {
    expect(formatScore({ value: 39.64, low: 33.08, high: 46, n: 40 })).toBe('39.6 [33.1, 46.0]');
  });

  it('says when there is no interval', () => {
    expect(formatScore({ value: 12, low: null, high: null, n: 5 })).toBe('12.0 [no interval]');
  });

  it('shows n/a without a value', () => {
    expect(formatScore({ value: null, low: null, high: null, n: 0 })).toBe('n/a');
  });
});

describe('formatRate', () => {
  it('shows a share as a percentage', () => {
    expect(formatRate({ value: 0.4, low: 0.3, high: 0.5, n: 10 })).toBe('40.0% [30.0, 50.0]');
  });
});

describe('formatDifference', () => {
  it('signs a positive difference and keeps a negative low end readable', () => {
    expect(formatDifference({ value: 15.42, low: -2.5, high: 30.1, n: 8 })).toBe('+15.4 [-2.5, 30.1]');
  });

  it('shows a difference that rounds to zero without a sign', () => {
    expect(formatDifference({ value: -0.04, low: -1, high: 1, n: 8 })).toBe('0.0 [-1.0, 1.0]');
  });
});

describe('formatPValue', () => {
  it('shows small p-values as a bound', () => {
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(formatPValue(0.0451)).toBe('0.045');
  });
});

describe('fixed', () => {
  it('never writes a negative zero', () => {
    expect(fixed(-0.0001, 3)).toBe('0.000');
    expect(fixed(-0, 1)).toBe('0.0');
    expect(fixed(-0.0006, 3)).toBe('-0.001');
  });
});
