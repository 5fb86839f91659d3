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

  it.each([
    { spec: 'anthropic:claude-sonnet-4-5', provider: 'anthropic', baseURL: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY' },
    {
      spec: 'google:gemini-2.5-flash',
      provider: 'google',
      baseURL: 'https://generativelanguage.googleapis.com/v1beta',
      apiKeyEnv: 'GOOGLE_GENERATIVE_AI_API_KEY',
    },
  ])('resolves $spec to its native API', ({ spec, provider, baseURL, apiKeyEnv }) => {
    expect(resolve(spec)).toEqual({
      spec,
      provider,
      modelId: spec.slice(spec.indexOf(':') + 1),
      baseURL,
      apiKeyEnv,
      parameters: {},
      structuredOutputs: true,
    });
  });

  it.each([
    { spec: 'anthropic:m', variable: 'ANTHROPIC_BASE_URL', value: ' http://127.0.0.1:9000/v1/ ', baseURL: 'http://127.0.0.1:9000/v1' },
    {
      spec: 'google:m',
      variable: 'GOOGLE_GENERATIVE_AI_BASE_URL',
      value: 'http://127.0.0.1:9000/v1beta',
      baseURL: 'http://127.0.0.1:9000/v1beta',
    },
  ])('sends $spec to $variable when set', ({ spec, variable, value, baseURL }) => {
    expect(resolve(spec, { env: { [variable]: value } }).baseURL).toBe(baseURL);
  });

  it.each([
    { preset: 'vllm', baseURL: 'http://127.0.0.1:8000/v1', apiKeyEnv: 'VLLM_API_KEY', keyOptional: true, structuredOutputs: true },
    { preset: 'lmstudio', baseURL: 'http://127.0.0.1:1234/v1', apiKeyEnv: 'LMSTUDIO_API_KEY', keyOptional: true, structuredOutputs: true },
    { preset: 'llamacpp', baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'LLAMACPP_API_KEY', keyOptional: true, structuredOutputs: true },
    {
      preset: 'together',
      baseURL: 'https://api.together.xyz/v1',
      apiKeyEnv: 'TOGETHER_API_KEY',
      keyOptional: false,
      structuredOutputs: false,
    },
    { preset: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', keyOptional: false, structuredOutputs: false },
    { preset: 'mistral', baseURL: 'https://api.mistral.ai/v1', apiKeyEnv: 'MISTRAL_API_KEY', keyOptional: false, structuredOutputs: true },
    {
      preset: 'deepseek',
      baseURL: 'https://api.deepseek.com/v1',
      apiKeyEnv: 'DEEPSEEK_API_KEY',
      keyOptional: false,
      structuredOutputs: false,
    },
  ])('resolves the $preset preset', ({ preset, baseURL, apiKeyEnv, keyOptional, structuredOutputs }) => {
    const definition = resolve(`${preset}:some/model`);

    expect(definition.provider).toBe('compatible');
    expect(definition.preset).toBe(preset);
    expect(definition.modelId).toBe('some/model');
    expect(definition.baseURL).toBe(baseURL);
    expect(definition.apiKeyEnv).toBe(apiKeyEnv);
    expect(definition.apiKeyOptional ?? false).toBe(keyOptional);
    expect(definition.structuredOutputs).toBe(structuredOutputs);
  });

  it.each([
    { preset: 'vllm', variable: 'VLLM_BASE_URL' },
    { preset: 'lmstudio', variable: 'LMSTUDIO_BASE_URL' },
    { preset: 'llamacpp', variable: 'LLAMACPP_BASE_URL' },
    { preset: 'together', variable: 'TOGETHER_BASE_URL' },
    { preset: 'groq', variable: 'GROQ_BASE_URL' },
    { preset: 'mistral', variable: 'MISTRAL_BASE_URL' },
    { preset: 'deepseek', variable: 'DEEPSEEK_BASE_URL' },
  ])('sends $preset specs to $variable when set', ({ preset, variable }) => {
    expect(resolve(`${preset}:m`, { env: { [variable]: 'http://127.0.0.1:9999/v1/' } }).baseURL).toBe('http://127.0.0.1:9999/v1');
  });

  it('lists every provider for an unknown prefix', () => {
    const message = resolveError('azure:gpt-4o').message;

    for (const name of ['anthropic:MODEL', 'google:MODEL', 'vllm', 'lmstudio', 'llamacpp', 'together', 'groq', 'mistral', 'deepseek']) {
      expect(message).toContain(name);
    }
  });

  describe('declared with a provider', () => {
    it('takes the preset defaults', () => {
      const definition = resolve('fast', {
        declaredModels: { fast: { provider: 'groq', model: 'llama-3.3-70b-versatile', parameters: { temperature: 0.5 } } },
      });

      expect(definition).toEqual({
        spec: 'fast',
        provider: 'compatible',
        preset: 'groq',
        modelId: 'llama-3.3-70b-versatile',
        baseURL: 'https://api.groq.com/openai/v1',
        apiKeyEnv: 'GROQ_API_KEY',
        parameters: { temperature: 0.5 },
        structuredOutputs: false,
      });
    });

    it('lets declared fields replace the defaults', () => {
      const declared: DeclaredModel = {
        provider: 'vllm',
        baseURL: 'http://10.0.0.5:8000/v1/',
        apiKeyEnv: 'MY_VLLM_KEY',
        structuredOutputs: false,
      };

      const definition = resolve('box', { declaredModels: { box: declared } });

      expect(definition.baseURL).toBe('http://10.0.0.5:8000/v1');
      expect(definition.apiKeyEnv).toBe('MY_VLLM_KEY');
      expect(definition.apiKeyOptional).toBeUndefined();
      expect(definition.structuredOutputs).toBe(false);
      expect(definition.modelId).toBe('box');
    });

    it('resolves a native provider with reasoning', () => {
      const definition = resolve('claude-thinking', {
        declaredModels: { 'claude-thinking': { provider: 'anthropic', model: 'claude-sonnet-4-5', reasoning: { budgetTokens: 4000 } } },
        env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:7000/v1' },
      });

      expect(definition.provider).toBe('anthropic');
      expect(definition.baseURL).toBe('http://127.0.0.1:7000/v1');
      expect(definition.apiKeyEnv).toBe('ANTHROPIC_API_KEY');
      expect(definition.reasoning).toEqual({ budgetTokens: 4000 });
    });

    it('keeps OpenRouter routing', () => {
      const providerRouting = { order: ['Groq'], allow_fallbacks: false };

      const definition = resolve('routed', {
        declaredModels: { routed: { provider: 'openrouter', model: 'meta/llama', providerRouting } },
      });

      expect(definition.provider).toBe('openrouter');
      expect(definition.providerRouting).toEqual(providerRouting);
    });

    it('rejects an unknown provider', () => {
      expect(resolveError('odd', { declaredModels: { odd: { provider: 'azure' } } }).message).toBe(
        'Model "odd" in complicity.config.yaml names an unknown provider "azure". Use one of openai, openrouter, anthropic, google, ollama, vllm, lmstudio, llamacpp, together, groq, mistral, deepseek.',
      );
    });

    it('rejects a model with neither base URL nor provider', () => {
      expect(resolveError('nowhere', { declaredModels: { nowhere: {} } }).message).toBe(
        'Model "nowhere" in complicity.config.yaml needs a baseURL or a provider.',
      );
    });
  });
});

describe('resolveModelSpec base URL variables', () => {
  it.each([
    ['openai:m', 'OPENAI_BASE_URL', 'not a url'],
    ['anthropic:m', 'ANTHROPIC_BASE_URL', 'ftp://x'],
    ['groq:m', 'GROQ_BASE_URL', 'garbage'],
    ['ollama:m', 'OLLAMA_HOST', 'bad host:::'],
  ])('rejects %s with %s=%s', (spec, name, value) => {
    expect(() => resolveModelSpec(spec, { env: { [name]: value } })).toThrow(
      `${name} must be an http or https URL, such as http://127.0.0.1:8000/v1, got "${value}". Fix it, or unset it to use the default.`,
    );
  });

  it('masks credentials in the value it rejects', () => {
    expect(() => resolveModelSpec('openai:m', { env: { OPENAI_BASE_URL: 'http://user:CANARYPASS@host:port' } })).toThrow(
      /got "http:\/\/\[REDACTED\]@host:port"/,
    );
  });
});
