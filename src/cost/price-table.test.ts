import { describe, expect, it } from 'vitest';

import { bundledPrices } from './bundled-prices.js';
import { createPriceTable } from './price-table.js';

describe('createPriceTable', () => {
  it('finds a bundled price', () => {
    expect(createPriceTable().priceOf('openai:gpt-4o-mini')).toEqual({
      price: bundledPrices['openai:gpt-4o-mini'],
      source: 'bundled',
      key: 'openai:gpt-4o-mini',
    });
  });

  it('prefers the config file', () => {
    const configured = { 'openai:gpt-4o-mini': { input: 1, output: 1 } };

    expect(createPriceTable({ configured }).priceOf('openai:gpt-4o-mini')).toMatchObject({ price: { input: 1 }, source: 'config' });
  });

  it('matches a prefix key', () => {
    expect(createPriceTable().priceOf('ollama:llama3.2')).toMatchObject({ price: { input: 0, output: 0 }, key: 'ollama:*' });
  });

  it('prefers an exact key to a prefix', () => {
    const configured = { 'openai:*': { input: 9, output: 9 } };

    expect(createPriceTable({ configured }).priceOf('openai:gpt-4o')).toMatchObject({ source: 'bundled', key: 'openai:gpt-4o' });
  });

  it('prefers the longer prefix', () => {
    const configured = { 'openrouter:*': { input: 9, output: 9 }, 'openrouter:meta-llama/*': { input: 1, output: 1 } };

    expect(createPriceTable({ configured }).priceOf('openrouter:meta-llama/llama-3.3-70b')).toMatchObject({
      key: 'openrouter:meta-llama/*',
    });
  });

  it('has no price for a declared name', () => {
    expect(createPriceTable().priceOf('local-qwen')).toBeUndefined();
  });

  it.each(['offline', 'recorded', 'replay:run.json#model-a'])('prices %s at zero', (spec) => {
    expect(createPriceTable().priceOf(spec)?.price).toEqual({ input: 0, output: 0 });
  });
});
