import { describe, expect, it } from 'vitest';
import { resolveModelSpec } from '../resolve-model-spec.js';

describe('gguf model specs', () => {
  it('resolve local files', () => {
    expect(resolveModelSpec('gguf:/models/tiny.gguf')).toEqual({
      spec: 'gguf:/models/tiny.gguf',
      provider: 'gguf',
      modelId: '/models/tiny.gguf',
      baseURL: 'file:///models/tiny.gguf',
      parameters: {},
      structuredOutputs: true,
    });
  });

  it('resolve hub files into cache', () => {
    const definition = resolveModelSpec('gguf:hf:org/repo/model-Q4_K_M.gguf', { env: { COMPLICITY_CACHE_DIR: '/cache' } });

    expect(definition).toMatchObject({ provider: 'gguf', modelId: 'hf:org/repo/model-Q4_K_M.gguf' });
    expect(definition.baseURL).toBe('file:///cache/models/hf/org/repo/model-Q4_K_M.gguf');
    expect(definition.apiKeyEnv).toBeUndefined();
  });

  it('reject incomplete hub references', () => {
    expect(() => resolveModelSpec('gguf:hf:org/repo')).toThrow('Invalid model spec "gguf:hf:org/repo": it names no file.');
  });
});
