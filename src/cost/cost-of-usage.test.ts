import { describe, expect, it } from 'vitest';

import { costOfUsage } from './cost-of-usage.js';

const price = { input: 2, output: 8 };

describe('costOfUsage', () => {
  it('prices input and output per million tokens', () => {
    expect(costOfUsage({ inputTokens: 1_000_000, outputTokens: 500_000 }, price)).toBeCloseTo(6, 10);
  });

  it('prices cached input at its own rate', () => {
    const cost = costOfUsage({ inputTokens: 1_000_000, cachedInputTokens: 400_000 }, { ...price, cachedInput: 0.5 });

    expect(cost).toBeCloseTo(0.6 * 2 + 0.4 * 0.5, 10);
  });

  it('prices reasoning at its own rate', () => {
    const cost = costOfUsage({ outputTokens: 1_000_000, reasoningTokens: 250_000 }, { ...price, reasoning: 4 });

    expect(cost).toBeCloseTo(0.75 * 8 + 0.25 * 4, 10);
  });

  it('defaults the cached and reasoning rates', () => {
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 1_000_000, outputTokens: 1_000_000, reasoningTokens: 1_000_000 };

    expect(costOfUsage(usage, price)).toBeCloseTo(10, 10);
  });

  it('counts missing usage as nothing', () => {
    expect(costOfUsage({}, price)).toBe(0);
  });

  it('caps cached tokens at the input total', () => {
    expect(costOfUsage({ inputTokens: 10, cachedInputTokens: 50 }, { ...price, cachedInput: 0 })).toBe(0);
  });
});
