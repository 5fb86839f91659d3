import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

import { ConfigError } from '../error/index.js';
import { configFileName, loadConfig } from './load-config.js';

let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'complicity-config-'));
});

afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function writeConfig(text: string, name = configFileName): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

async function loadError(options: Parameters<typeof loadConfig>[0]): Promise<ConfigError> {
  try {
    await loadConfig(options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig did not throw');
}

/** Writes a config with one model declared as `fields` and returns the problem it reports. */
async function modelProblem(fields: Record<string, unknown>): Promise<string> {
  const path = writeConfig(stringify({ models: { gateway: fields } }));
  const error = await loadError({ path });
  return error.message.replace(`Invalid config file ${path}: `, '');
}

const fullModel = {
  model: 'served-name',
  baseURL: 'http://127.0.0.1:8000/v1',
  apiKeyEnv: 'GATEWAY_KEY',
  headers: { 'X-Team': 'safety' },
  parameters: { temperature: 0.2, topP: 0.9, maxOutputTokens: 512, seed: 7 },
  extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: false } },
  structuredOutputs: false,
  contextTokens: 32_000,
};

describe('loadConfig', () => {
  describe('finding the file', () => {
    it('accepts a missing default file', async () => {
      expect(await loadConfig({ cwd: directory })).toEqual({ file: undefined, models: {}, prices: {} });
    });

    it('reads the default file from the working directory', async () => {
      const path = writeConfig(stringify({ models: { gateway: { baseURL: 'http://127.0.0.1:8000/v1' } } }));

      const config = await loadConfig({ cwd: directory });

      expect(config.file).toBe(path);
      expect(Object.keys(config.models)).toEqual(['gateway']);
    });

    it('rejects a missing file named explicitly', async () => {
      const error = await loadError({ path: 'elsewhere.yaml', cwd: directory });

      expect(error.file).toBe(join(directory, 'elsewhere.yaml'));
      expect(error.message).toContain(`Cannot read the config file ${join(directory, 'elsewhere.yaml')}`);
      expect(error.isUserError).toBe(true);
    });

    it('rejects the default name when named explicitly and missing', async () => {
      await expect(loadConfig({ path: configFileName, cwd: directory })).rejects.toThrow(ConfigError);
    });

    it('resolves a relative path against the working directory', async () => {
      mkdirSync(join(directory, 'configs'));
      const path = writeConfig('models: {}\n', join('configs', 'team.yaml'));

      expect((await loadConfig({ path: 'configs/team.yaml', cwd: directory })).file).toBe(path);
    });

    it('rejects a folder', async () => {
      mkdirSync(join(directory, 'folder'));

      const error = await loadError({ path: 'folder', cwd: directory });

      expect(error.message).toContain('Cannot read the config file');
      expect(error.message).toContain('it is a folder.');
    });

    it('says how to fix a missing file', async () => {
      const error = await loadError({ path: 'elsewhere.yaml', cwd: directory });

      expect(error.message).toBe(
        `Cannot read the config file ${join(directory, 'elsewhere.yaml')}: it was not found. Give --config an existing file, or leave --config out to read complicity.config.yaml from the working directory.`,
      );
    });
  });

  describe('reading', () => {
    it('round-trips every field of a model', async () => {
      const path = writeConfig(stringify({ models: { gateway: fullModel } }));

      expect(await loadConfig({ path })).toEqual({ file: path, models: { gateway: fullModel }, prices: {} });
    });

    it('reads prices', async () => {
      const prices = {
        'openai:gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075, reasoning: 0.6 },
        'ollama:*': { input: 0, output: 0 },
      };
      const path = writeConfig(stringify({ prices }));

      expect((await loadConfig({ path })).prices).toEqual(prices);
    });

    it('reads several models', async () => {
      const path = writeConfig(
        stringify({ models: { first: { baseURL: 'https://a.example.test/v1' }, second: { baseURL: 'http://127.0.0.1:9000/v1' } } }),
      );

      expect(Object.keys((await loadConfig({ path })).models)).toEqual(['first', 'second']);
    });

    it.each([
      { id: 'empty file', text: '' },
      { id: 'comments only', text: '# models come later\n' },
      { id: 'empty mapping', text: '{}\n' },
      { id: 'models all commented out', text: 'models:\n  # local-qwen:\n  #   baseURL: http://127.0.0.1:8000/v1\n' },
    ])('reads an $id as no models', async ({ text }) => {
      const path = writeConfig(text);

      expect(await loadConfig({ path })).toEqual({ file: path, models: {}, prices: {} });
    });
  });

  describe('errors', () => {
    it('rejects invalid YAML with its position', async () => {
      const path = writeConfig('models:\n  gateway: [unclosed\n');

      const error = await loadError({ path });

      expect(error.file).toBe(path);
      expect(error.message.startsWith(`Invalid config file ${path}: line `)).toBe(true);
      expect(error.message).toContain('invalid YAML');
    });

    it('rejects duplicate model names', async () => {
      const path = writeConfig('models:\n  a:\n    baseURL: http://127.0.0.1:1/v1\n  a:\n    baseURL: http://127.0.0.1:2/v1\n');

      expect((await loadError({ path })).message).toContain('invalid YAML');
    });

    it.each([
      { id: 'a list', text: '- gateway\n', problem: 'line 1: file must contain a map of fields; got a list.' },
      { id: 'a string', text: 'gateway\n', problem: 'line 1: file must contain a map of fields; got "gateway".' },
    ])('rejects a top level that is $id', async ({ text, problem }) => {
      const path = writeConfig(text);

      expect((await loadError({ path })).message).toBe(`Invalid config file ${path}: ${problem}`);
    });

    it('rejects an unknown top-level key', async () => {
      const path = writeConfig(stringify({ model: { gateway: { baseURL: 'http://127.0.0.1:1/v1' } } }));

      expect((await loadError({ path })).message).toBe(
        `Invalid config file ${path}: line 1: model: unknown field "model"; did you mean "models"?`,
      );
    });

    it('rejects an unknown model key', async () => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', temperature: 0 })).toBe(
        'line 4: models.gateway.temperature: unknown field "temperature"; expected one of provider, model, baseURL, apiKeyEnv, headers, parameters, reasoning, providerRouting, attribution, extraBody, structuredOutputs, contextTokens.',
      );
    });

    it('suggests the key for a typo', async () => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', apiKeyEnvv: 'GATEWAY_KEY' })).toBe(
        'line 4: models.gateway.apiKeyEnvv: unknown field "apiKeyEnvv"; did you mean "apiKeyEnv"?',
      );
    });

    it('rejects an extraBody that contains itself', async () => {
      const path = writeConfig('models:\n  gateway: &gateway\n    baseURL: http://127.0.0.1:1/v1\n    extraBody: { self: *gateway }\n');

      expect((await loadError({ path })).message).toBe(
        `Invalid config file ${path}: line 4: models.gateway.extraBody: extraBody must be plain data, but a YAML alias (*name) in it refers to a map that contains it.`,
      );
    });

    it.each([
      { id: 'a typo', price: { input: 1, ouput: 2 }, problem: 'unknown field "ouput"; did you mean "output"?' },
      { id: 'a negative price', price: { input: -1, output: 2 }, problem: 'input must be at least 0; got -1' },
      { id: 'a missing output', price: { input: 1 }, problem: 'output is missing; expected a number' },
      { id: 'a price as text', price: { input: '$1', output: 2 }, problem: 'input must be a number; got "$1"' },
    ])('rejects a price with $id', async ({ price, problem }) => {
      const path = writeConfig(stringify({ prices: { 'openai:a': price } }));

      expect((await loadError({ path })).message).toContain(problem);
    });

    it('rejects an unknown parameter', async () => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', parameters: { top_p: 0.5 } })).toBe(
        'line 5: models.gateway.parameters.top_p: unknown field "top_p"; did you mean "topP"?',
      );
    });

    it('rejects a model without a base URL', async () => {
      expect(await modelProblem({ model: 'served-name' })).toMatch(/^line \d+: models\.gateway\.baseURL: baseURL is missing/);
    });

    it.each([
      { id: 'not a URL', baseURL: 'not a url' },
      { id: 'an FTP URL', baseURL: 'ftp://127.0.0.1/v1' },
      { id: 'a host without a scheme', baseURL: '127.0.0.1:8000/v1' },
    ])('rejects a base URL that is $id', async ({ baseURL }) => {
      expect(await modelProblem({ baseURL })).toBe(
        'line 3: models.gateway.baseURL: baseURL is invalid: must be an http or https URL, such as http://127.0.0.1:8000/v1.',
      );
    });

    it.each([
      { id: 'a pasted key', apiKeyEnv: 'sk-test-CANARY0123456789abcdef' },
      { id: 'a name with a space', apiKeyEnv: 'MY KEY' },
      { id: 'a name starting with a digit', apiKeyEnv: '1KEY' },
      { id: 'a shell reference', apiKeyEnv: '$OPENAI_API_KEY' },
      { id: 'empty', apiKeyEnv: '' },
    ])('rejects an apiKeyEnv that is $id', async ({ apiKeyEnv }) => {
      const problem = await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', apiKeyEnv });

      expect(problem).toBe('line 4: models.gateway.apiKeyEnv: apiKeyEnv is invalid: must be an environment variable name.');
      expect(problem).not.toContain('CANARY');
    });

    it.each([
      { id: 'temperature above 2', parameters: { temperature: 3 }, path: 'models.gateway.parameters.temperature' },
      { id: 'topP above 1', parameters: { topP: 1.5 }, path: 'models.gateway.parameters.topP' },
      { id: 'zero maxOutputTokens', parameters: { maxOutputTokens: 0 }, path: 'models.gateway.parameters.maxOutputTokens' },
      { id: 'fractional seed', parameters: { seed: 1.5 }, path: 'models.gateway.parameters.seed' },
    ])('rejects $id', async ({ parameters, path }) => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', parameters })).toMatch(
        new RegExp(`^line \\d+: ${path.replaceAll('.', '\\.')}: `),
      );
    });

    it('rejects a header value that is not a string', async () => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', headers: { 'X-Team': 5 } })).toBe(
        'line 5: models.gateway.headers.X-Team: X-Team must be a string; got 5.',
      );
    });

    it('rejects a contextTokens that is not a positive integer', async () => {
      expect(await modelProblem({ baseURL: 'http://127.0.0.1:1/v1', contextTokens: -1 })).toMatch(
        /^line \d+: models\.gateway\.contextTokens: /,
      );
    });

    it('lists every problem', async () => {
      const problem = await modelProblem({ baseURL: 'not a url', apiKeyEnv: 'MY KEY', colour: 'red' });

      expect(problem.match(/line \d+: /g)).toHaveLength(3);
    });
  });

  describe('providers', () => {
    async function loadModel(fields: Record<string, unknown>) {
      const path = writeConfig(stringify({ models: { chosen: fields } }));
      return (await loadConfig({ path })).models['chosen'];
    }

    it('reads a preset model without a base URL', async () => {
      expect(await loadModel({ provider: 'groq', model: 'llama-3.3-70b-versatile' })).toEqual({
        provider: 'groq',
        model: 'llama-3.3-70b-versatile',
      });
    });

    it('reads reasoning settings', async () => {
      expect((await loadModel({ provider: 'anthropic', reasoning: { budgetTokens: 4000, effort: 'high' } }))?.reasoning).toEqual({
        budgetTokens: 4000,
        effort: 'high',
      });
    });

    it('reads OpenRouter routing', async () => {
      const providerRouting = { order: ['Groq', 'Together'], allow_fallbacks: false, data_collection: 'deny' };

      expect((await loadModel({ provider: 'openrouter', model: 'meta/llama', providerRouting }))?.providerRouting).toEqual(providerRouting);
    });

    it('turns attribution into OpenRouter headers', async () => {
      const model = await loadModel({
        provider: 'openrouter',
        attribution: { url: 'https://example.org', title: 'Lab' },
        headers: { 'X-Title': 'Kept' },
      });

      expect(model?.headers).toEqual({ 'HTTP-Referer': 'https://example.org', 'X-Title': 'Kept' });
      expect(model).not.toHaveProperty('attribution');
    });

    it('rejects an unknown provider', async () => {
      expect(await modelProblem({ provider: 'azure' })).toMatch(
        /^line \d+: models\.gateway\.provider: .*must be one of openai, openrouter, anthropic, google, ollama, vllm/,
      );
    });

    it('rejects routing outside OpenRouter', async () => {
      expect(await modelProblem({ provider: 'groq', providerRouting: { order: ['x'] } })).toMatch(
        /models\.gateway\.providerRouting: .*applies to provider: openrouter only/,
      );
    });

    it('rejects an unknown routing field', async () => {
      expect(await modelProblem({ provider: 'openrouter', providerRouting: { allowFallbacks: false } })).toMatch(
        /models\.gateway\.providerRouting\.allowFallbacks: unknown field/,
      );
    });

    it('rejects an unknown reasoning effort', async () => {
      expect(await modelProblem({ provider: 'google', reasoning: { effort: 'extreme' } })).toMatch(/models\.gateway\.reasoning\.effort: /);
    });
  });
});
