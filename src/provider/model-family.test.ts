import { describe, expect, it } from 'vitest';

import { modelFamily } from './model-family.js';

describe('modelFamily', () => {
  it.each([
    { modelId: 'gpt-4o', family: 'openai' },
    { modelId: 'openai/gpt-4o-mini', family: 'openai' },
    { modelId: 'o1', family: 'openai' },
    { modelId: 'o3-mini', family: 'openai' },
    { modelId: 'o4-mini-high', family: 'openai' },
    { modelId: 'chatgpt-4o-latest', family: 'openai' },
    { modelId: 'openai/gpt-oss-20b', family: 'openai' },
    { modelId: 'anthropic/claude-3.5-sonnet', family: 'anthropic' },
    { modelId: 'claude-sonnet-4-5', family: 'anthropic' },
    { modelId: 'google/gemini-2.5-pro', family: 'google' },
    { modelId: 'gemma-3-27b-it', family: 'google' },
    { modelId: 'meta-llama/llama-3.3-70b-instruct', family: 'meta' },
    { modelId: 'llama3', family: 'meta' },
    { modelId: 'mistralai/mistral-large', family: 'mistral' },
    { modelId: 'mixtral-8x7b', family: 'mistral' },
    { modelId: 'deepseek/deepseek-r1', family: 'deepseek' },
    { modelId: 'qwen/qwen3-235b-a22b', family: 'qwen' },
    { modelId: 'qwq-32b', family: 'qwen' },
    { modelId: 'x-ai/grok-4', family: 'xai' },
    { modelId: 'moonshotai/kimi-k2', family: 'moonshot' },
    { modelId: 'z-ai/glm-4.5', family: 'zhipu' },
    { modelId: 'minimax/minimax-m1', family: 'minimax' },
    { modelId: 'microsoft/phi-4', family: 'microsoft' },
    { modelId: 'cohere/command-r-plus', family: 'cohere' },
  ])('assigns $modelId to $family', ({ modelId, family }) => {
    expect(modelFamily(modelId)).toBe(family);
  });

  it('ignores case', () => {
    expect(modelFamily('Anthropic/Claude-3-Opus')).toBe('anthropic');
  });

  it.each(['fake-model', 'olmo-2-13b', '01-ai/yi-large', 'pro1-x', ''])('returns undefined for %j', (modelId) => {
    expect(modelFamily(modelId)).toBeUndefined();
  });

  it('reads o-series names only as a whole segment', () => {
    expect(modelFamily('go1-a')).toBeUndefined();
  });
});
