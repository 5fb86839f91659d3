import { describe, expect, it } from 'vitest';

import { ConfigError } from '../error/index.js';
import type { DeclaredModel } from './model-definition.js';
import { resolveModelSpec } from './resolve-model-spec.js';

/** Resolves with an empty environment unless one is given, so the machine's variables never leak in. */
function resolve(spec: string, options: { declaredModels?: Record<string, DeclaredModel>; env?: Record<string, string | undefined> } = {}) {
  return resolveModelSpec(spec, { env: {}, ...options });
}

function resolveError(spec: string, options: Parameters<typeof resolve>[1] = {}): ConfigError {
  try {
    resolve(spec, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`resolveModelSpec(${JSON.stringify(spec)}) did not throw`);
}

describe('resolveModelSpec', () => {
  it('resolves an openai spec to the OpenAI API', () => {
    expect(resolve('openai:gpt-4o')).toEqual({
      spec: 'openai:gpt-4o',
      provider: 'openai',
      modelId: 'gpt-4o',
      baseURL: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      parameters: {},
      structuredOutputs: true,
    });
  });

  it('sends openai specs to OPENAI_BASE_URL when set', () => {
    expect(resolve('openai:local', { env: { OPENAI_BASE_URL: ' http://127.0.0.1:8000/v1 ' } }).baseURL).toBe('http://127.0.0.1:8000/v1');
  });

  it('ignores a blank OPENAI_BASE_URL', () => {
    expect(resolve('openai:gpt-4o', { env: { OPENAI_BASE_URL: '  ' } }).baseURL).toBe('https://api.openai.com/v1');
  });

  it('resolves an openrouter spec', () => {
    expect(resolve('openrouter:anthropic/claude-3.5-sonnet')).toEqual({
      spec: 'openrouter:anthropic/claude-3.5-sonnet',
      provider: 'openrouter',
      modelId: 'anthropic/claude-3.5-sonnet',
      baseURL: 'https://openrouter.ai/api/v1',
      apiKeyEnv: 'OPENROUTER_API_KEY',
      parameters: {},
      structuredOutputs: true,
    });
  });

  it('sends openrouter specs to OPENROUTER_BASE_URL when set', () => {
    expect(resolve('openrouter:x/y', { env: { OPENROUTER_BASE_URL: 'http://127.0.0.1:9000/api/v1' } }).baseURL).toBe(
      'http://127.0.0.1:9000/api/v1',
    );
  });

  it('resolves an ollama spec without a key', () => {
    const definition = resolve('ollama:llama3');

    expect(definition.provider).toBe('ollama');
    expect(definition.modelId).toBe('llama3');
    expect(definition.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(definition.apiKeyEnv).toBeUndefined();
  });

  it.each([
    { id: 'host and port', host: '0.0.0.0:11434', baseURL: 'http://0.0.0.0:11434/v1' },
    { id: 'http URL', host: 'http://gpu-box:11434', baseURL: 'http://gpu-box:11434/v1' },
    { id: 'https URL', host: 'https://ollama.example.test', baseURL: 'https://ollama.example.test/v1' },
    { id: 'trailing slash', host: 'http://gpu-box:11434/', baseURL: 'http://gpu-box:11434/v1' },
    { id: 'blank value', host: ' ', baseURL: 'http://127.0.0.1:11434/v1' },
  ])('reads OLLAMA_HOST given as $id', ({ host, baseURL }) => {
    expect(resolve('ollama:llama3', { env: { OLLAMA_HOST: host } }).baseURL).toBe(baseURL);
  });

  it('keeps colons after the first in the model id', () => {
    expect(resolve('ollama:llama3:8b').modelId).toBe('llama3:8b');
  });

  it('trims the model id only', () => {
    const definition = resolve('openai: gpt-4o ');

    expect(definition.modelId).toBe('gpt-4o');
    expect(definition.spec).toBe('openai: gpt-4o ');
  });

  it('resolves a declared model', () => {
    const declared: DeclaredModel = {
      model: 'served-name',
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKeyEnv: 'GATEWAY_KEY',
      headers: { 'X-Team': 'safety' },
      parameters: { temperature: 0.2, maxOutputTokens: 512 },
      extraBody: { top_k: 20 },
      structuredOutputs: false,
      contextTokens: 32_000,
    };

    expect(resolve('gateway', { declaredModels: { gateway: declared } })).toEqual({
      spec: 'gateway',
      provider: 'compatible',
      modelId: 'served-name',
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKeyEnv: 'GATEWAY_KEY',
      headers: { 'X-Team': 'safety' },
      parameters: { temperature: 0.2, maxOutputTokens: 512 },
      extraBody: { top_k: 20 },
      structuredOutputs: false,
      contextTokens: 32_000,
    });
  });

  it('fills the defaults of a declared model', () => {
    const definition = resolve('local-qwen', { declaredModels: { 'local-qwen': { baseURL: 'http://127.0.0.1:8000/v1//' } } });

    expect(definition.modelId).toBe('local-qwen');
    expect(definition.baseURL).toBe('http://127.0.0.1:8000/v1');
    expect(definition.parameters).toEqual({});
    expect(definition.structuredOutputs).toBe(true);
    expect(definition.apiKeyEnv).toBeUndefined();
  });

  it('prefers a declared name over a prefix form', () => {
    const definition = resolve('openai:my-proxy', { declaredModels: { 'openai:my-proxy': { baseURL: 'http://127.0.0.1:8000/v1' } } });

    expect(definition.provider).toBe('compatible');
    expect(definition.baseURL).toBe('http://127.0.0.1:8000/v1');
  });

  it('rejects an unknown name and lists the declared models', () => {
    const error = resolveError('gpt4', { declaredModels: { gateway: { baseURL: 'http://127.0.0.1:8000/v1' } } });

    expect(error.message).toContain('Unknown model "gpt4"');
    expect(error.message).toContain('openai:MODEL');
    expect(error.message).toContain('Declared models: gateway.');
    expect(error.isUserError).toBe(true);
  });

  it('says when no model is declared', () => {
    expect(resolveError('gpt4').message).toContain('No complicity.config.yaml declares any model.');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('rejects %j as an unknown name', (spec) => {
    expect(resolveError(spec).message).toContain(`Unknown model "${spec}"`);
  });

  it('rejects a spec without a model id', () => {
    expect(resolveError('openai: ').message).toBe('Model spec "openai: " names no model after "openai:".');
  });

  it('rejects an unknown provider', () => {
    const message = resolveError('azure:gpt-4o').message;

    expect(message).toContain('Unknown provider "azure" in model spec "azure:gpt-4o"');
    expect(message).toContain('openrouter:VENDOR/MODEL');
  });

  it.each(['anthropic', 'google'])('points %s specs to a gateway', (prefix) => {
    const message = resolveError(`${prefix}:some-model`).message;

    expect(message).toContain(`${prefix}: models are not supported yet`);
    expect(message).toContain(`openrouter:${prefix}/MODEL`);
  });
});
