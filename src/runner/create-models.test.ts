import { describe, expect, it } from 'vitest';

import { ConfigError } from '../error/index.js';
import type { ChatModel, ModelDefinition } from '../provider/index.js';
import { createModels, findSameFamilyJudges } from './create-models.js';

/** Returns a factory that builds inert models and records the definitions it receives. */
function recordingFactory() {
  const definitions: ModelDefinition[] = [];
  const createModel = (definition: ModelDefinition): ChatModel => {
    definitions.push(definition);
    return {
      spec: definition.spec,
      provider: definition.provider,
      modelId: definition.modelId,
      keyVariable: definition.apiKeyEnv,
      generate: () => Promise.reject(new Error('not called in these tests')),
    };
  };
  return { definitions, createModel };
}

describe('createModels', () => {
  it('creates every model and judge', () => {
    const { definitions, createModel } = recordingFactory();

    const set = createModels({ models: ['openai:a', 'ollama:b'], judges: ['openai:judge'], env: {}, createModel });

    expect([...set.models.keys()]).toEqual(['openai:a', 'ollama:b']);
    expect([...set.judges.keys()]).toEqual(['openai:judge']);
    expect(definitions.map((definition) => definition.spec)).toEqual(['openai:a', 'ollama:b', 'openai:judge']);
  });

  it('records endpoints without credentials', () => {
    const { createModel } = recordingFactory();

    const set = createModels({
      models: ['gateway'],
      judges: [],
      declaredModels: { gateway: { model: 'served-model', baseURL: 'http://user:CANARYPASS@127.0.0.1:8080/v1/' } },
      env: {},
      createModel,
    });

    expect(set.endpoints['gateway']).toEqual({ provider: 'compatible', modelId: 'served-model', host: '127.0.0.1:8080' });
    expect(JSON.stringify(set.endpoints)).not.toContain('CANARYPASS');
  });

  it('keeps declared judge context windows', () => {
    const { createModel } = recordingFactory();

    const set = createModels({
      models: ['openai:a'],
      judges: ['small-judge'],
      declaredModels: { 'small-judge': { baseURL: 'http://127.0.0.1:8080/v1', contextTokens: 4096 } },
      env: {},
      createModel,
    });

    expect(set.judgeContextTokens.get('small-judge')).toBe(4096);
  });

  it('warns about a judge of the same family', () => {
    const { createModel } = recordingFactory();

    const set = createModels({
      models: ['openai:gpt-4o-mini', 'openai:gpt-4.1', 'ollama:llama3'],
      judges: ['openai:gpt-4o'],
      env: {},
      createModel,
    });

    expect(set.sameFamilyWarnings).toEqual([
      'Judge openai:gpt-4o belongs to the same family (openai) as the judged models openai:gpt-4o-mini, openai:gpt-4.1; its labels may favour its own family. Add a judge from another family to the panel.',
    ]);
  });

  it('stays quiet for other families', () => {
    const { createModel } = recordingFactory();

    const set = createModels({ models: ['ollama:llama3'], judges: ['openrouter:anthropic/claude-sonnet'], env: {}, createModel });

    expect(set.sameFamilyWarnings).toEqual([]);
  });

  it('builds the offline judge without a definition', () => {
    const { definitions, createModel } = recordingFactory();

    const set = createModels({ models: ['openai:a'], judges: ['offline', 'openai:judge'], env: {}, createModel });

    expect([...set.judges.keys()]).toEqual(['offline', 'openai:judge']);
    expect(set.judges.get('offline')).toMatchObject({ kind: 'offline', provider: 'offline' });
    expect(definitions.map((definition) => definition.spec)).toEqual(['openai:a', 'openai:judge']);
    expect(set.endpoints['offline']).toMatchObject({ provider: 'offline', host: 'local' });
  });

  it('fails on a missing key before any call', () => {
    expect(() => createModels({ models: ['openai:gpt-4o-mini'], judges: [], env: {} })).toThrow(ConfigError);
    expect(() => createModels({ models: ['openai:gpt-4o-mini'], judges: [], env: {} })).toThrow('OPENAI_API_KEY is not set');
  });
});

describe('createModels cache identities', () => {
  const declared = (overrides: Record<string, unknown> = {}) => ({
    local: { model: 'served', baseURL: 'http://user:CANARYPASS@127.0.0.1:8080/v1', parameters: { temperature: 0 }, ...overrides },
  });
  const identityOf = (options: { declaredModels: ReturnType<typeof declared>; temperature?: number }) =>
    createModels({ models: ['local'], judges: [], env: {}, createModel: recordingFactory().createModel, ...options }).cacheIdentities.get(
      'local',
    );

  it('covers models at temperature 0 only', () => {
    expect(identityOf({ declaredModels: declared() })).toBeDefined();
    expect(identityOf({ declaredModels: declared({ parameters: {} }) })).toBeUndefined();
    expect(identityOf({ declaredModels: declared({ parameters: { temperature: 0.7 } }) })).toBeUndefined();
  });

  it("lets the run's temperature decide", () => {
    expect(identityOf({ declaredModels: declared({ parameters: {} }), temperature: 0 })).toBeDefined();
    expect(identityOf({ declaredModels: declared(), temperature: 1 })).toBeUndefined();
  });

  it('changes with what shapes a reply', () => {
    const base = identityOf({ declaredModels: declared() });

    expect(identityOf({ declaredModels: declared({ model: 'other' }) })).not.toBe(base);
    expect(identityOf({ declaredModels: declared({ parameters: { temperature: 0, maxOutputTokens: 9 } }) })).not.toBe(base);
    expect(identityOf({ declaredModels: declared({ extraBody: { top_k: 1 } }) })).not.toBe(base);
    expect(identityOf({ declaredModels: declared({ baseURL: 'http://127.0.0.1:8081/v1' }) })).not.toBe(base);
  });

  it('ignores credentials and headers', () => {
    const base = identityOf({ declaredModels: declared() });

    expect(base).not.toContain('CANARYPASS');
    expect(identityOf({ declaredModels: declared({ baseURL: 'http://127.0.0.1:8080/v1' }) })).toBe(base);
    expect(identityOf({ declaredModels: declared({ headers: { authorization: 'Bearer x' } }) })).toBe(base);
  });
});

describe('findSameFamilyJudges on the same model', () => {
  it('warns when a model judges itself', () => {
    const model = { spec: 'local', modelId: 'served-model' };

    expect(findSameFamilyJudges([model], [model])).toEqual([
      'Judge local is the same model as local, which it judges; its labels may favour its own replies. Add a judge of another family to the panel.',
    ]);
  });
});
