import { describe, expect, it } from 'vitest';

import type { ModelDefinition } from './model-definition.js';
import { openRouterBody, providerOptionsOf, seedOf } from './request-options.js';

function definition(overrides: Partial<ModelDefinition>): ModelDefinition {
  return {
    spec: 's',
    provider: 'compatible',
    modelId: 'm',
    baseURL: 'http://127.0.0.1:1/v1',
    parameters: {},
    structuredOutputs: true,
    ...overrides,
  };
}

describe('providerOptionsOf', () => {
  it('sends nothing without settings', () => {
    for (const provider of ['anthropic', 'google', 'openrouter', 'compatible'] as const) {
      expect(providerOptionsOf(definition({ provider }), 'compatible')).toBeUndefined();
    }
  });

  it("turns a budget into Anthropic's extended thinking", () => {
    expect(providerOptionsOf(definition({ provider: 'anthropic', reasoning: { budgetTokens: 4000 } }), 'compatible')).toEqual({
      anthropic: { thinking: { type: 'enabled', budgetTokens: 4000 } },
    });
  });

  it("sends Anthropic's lowest effort for minimal", () => {
    expect(providerOptionsOf(definition({ provider: 'anthropic', reasoning: { effort: 'minimal' } }), 'compatible')).toEqual({
      anthropic: { effort: 'low' },
    });
  });

  it("turns reasoning into Gemini's thinking config", () => {
    expect(providerOptionsOf(definition({ provider: 'google', reasoning: { effort: 'high' } }), 'compatible')).toEqual({
      google: { thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } },
    });
  });

  it('sends reasoning_effort and extra body fields to compatible servers', () => {
    const options = providerOptionsOf(definition({ reasoning: { effort: 'low' }, extraBody: { top_k: 20 } }), 'compatible');

    expect(options).toEqual({ compatible: { top_k: 20, reasoning_effort: 'low' } });
  });

  it("moves the seed to a preset's own field", () => {
    const mistral = definition({ preset: 'mistral', seedField: 'random_seed', parameters: { seed: 42 } });

    expect(providerOptionsOf(mistral, 'compatible')).toEqual({ compatible: { random_seed: 42 } });
    expect(seedOf(mistral)).toBeUndefined();
    expect(seedOf(definition({ parameters: { seed: 42 } }))).toBe(42);
  });
});

describe('openRouterBody', () => {
  it('is undefined without settings', () => {
    expect(openRouterBody(definition({ provider: 'openrouter' }))).toBeUndefined();
  });

  it('sends reasoning and routing under their OpenRouter names', () => {
    const body = openRouterBody(
      definition({
        provider: 'openrouter',
        reasoning: { effort: 'high', budgetTokens: 2000 },
        providerRouting: { order: ['Groq'], allow_fallbacks: false },
        extraBody: { transforms: [] },
      }),
    );

    expect(body).toEqual({
      transforms: [],
      reasoning: { effort: 'high', max_tokens: 2000 },
      provider: { order: ['Groq'], allow_fallbacks: false },
    });
  });
});
