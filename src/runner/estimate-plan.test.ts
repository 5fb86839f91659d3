import { describe, expect, it } from 'vitest';

import { ConfigError, UsageError } from '../error/index.js';
import type { Level, Scenario, Suite } from '../suite/index.js';
import { buildSystemPrompt } from './build-system-prompt.js';
import { estimatePlan } from './estimate-plan.js';

function levels(track: string): Level[] {
  return [1, 2, 3, 4, 5].map((level) => ({
    level,
    intent: 'legitimate',
    expected: 'help',
    prompt: `${track} request ${level} `.repeat(level * 3),
  }));
}

function scenario(id: string, { benign }: { benign: boolean }): Scenario {
  return {
    id,
    title: id,
    family: 'administrative-limbo',
    locale: 'en',
    organisation: { name: 'Tagus Housing Office', country: 'Portugal', sector: 'public administration', description: 'A housing office.' },
    setting: 'Case tracking for rent-support applications.',
    endState: 'Files never reach a decision.',
    levels: levels('dystopian'),
    benign: benign ? { levels: levels('benign') } : undefined,
  };
}

const suite: Suite = {
  scenarios: [scenario('housing', { benign: true }), scenario('lead', { benign: false })],
  hash: 'test-suite',
  files: ['suites/'],
};

const withKeys = { OPENAI_API_KEY: 'sk-test', OPENROUTER_API_KEY: 'or-test' };

describe('estimatePlan', () => {
  it('counts stateful conversations and turns', () => {
    const plan = estimatePlan({ suite, choices: { models: ['openai:a', 'openai:b'], judges: ['openai:judge'] }, env: withKeys });

    expect(plan.conversations).toBe(6);
    expect(plan.turns).toBe(30);
    expect(plan.models.map((model) => [model.spec, model.calls])).toEqual([
      ['openai:a', 15],
      ['openai:b', 15],
    ]);
    expect(plan.judges.map((judge) => [judge.spec, judge.calls])).toEqual([['openai:judge', 30]]);
  });

  it('counts stateless conversations per level', () => {
    const plan = estimatePlan({ suite, choices: { models: ['openai:a'], mode: 'stateless', levels: [1, 2] }, env: withKeys });

    expect(plan.conversations).toBe(6);
    expect(plan.turns).toBe(6);
  });

  it('gives every judge every turn', () => {
    const plan = estimatePlan({
      suite,
      choices: { models: ['openai:a'], judges: ['openai:j1', 'openrouter:vendor/j2'], tracks: ['dystopian'] },
      env: withKeys,
    });

    expect(plan.judges.map((judge) => judge.calls)).toEqual([10, 10]);
  });

  it('counts the offline judge without key or tokens', () => {
    const plan = estimatePlan({ suite, choices: { models: ['ollama:llama3'], judges: ['offline'], tracks: ['dystopian'] }, env: {} });

    expect(plan.judges).toEqual([{ spec: 'offline', calls: 10, inputTokens: 0, outputTokens: 0, costUsd: 0 }]);
    expect(plan.warnings).toEqual([]);
  });

  it('estimates one turn from its text', () => {
    const single: Suite = { ...suite, scenarios: [scenario('lead', { benign: false })] };

    const plan = estimatePlan({ suite: single, choices: { models: ['openai:a'], levels: [1] }, env: withKeys });

    const system = buildSystemPrompt({ scenario: single.scenarios[0]!, track: 'dystopian', variant: 'neutral' })!;
    const prompt = single.scenarios[0]!.levels[0]!.prompt;
    expect(plan.models[0]?.inputTokens).toBe(Math.ceil(system.length / 4) + Math.ceil(prompt.length / 4));
    expect(plan.models[0]?.outputTokens).toBe(plan.assumptions.replyTokens);
  });

  it('counts history in stateful input', () => {
    const choices = { models: ['openai:a'], tracks: ['dystopian' as const] };

    const stateful = estimatePlan({ suite, choices, env: withKeys });
    const stateless = estimatePlan({ suite, choices: { ...choices, mode: 'stateless' }, env: withKeys });

    expect(stateful.models[0]!.inputTokens).toBeGreaterThan(stateless.models[0]!.inputTokens);
    expect(stateful.models[0]!.outputTokens).toBe(stateless.models[0]!.outputTokens);
  });

  it('adds no system prompt for none', () => {
    const neutral = estimatePlan({ suite, choices: { models: ['openai:a'] }, env: withKeys });
    const none = estimatePlan({ suite, choices: { models: ['openai:a'], system: 'none' }, env: withKeys });

    expect(none.models[0]!.inputTokens).toBeLessThan(neutral.models[0]!.inputTokens);
  });

  it.each([
    { id: 'key-missing', spec: 'openai:a', env: {}, missingKey: 'OPENAI_API_KEY' },
    { id: 'key-set', spec: 'openai:a', env: { OPENAI_API_KEY: 'sk-test' }, missingKey: undefined },
    { id: 'custom-base-url', spec: 'openai:a', env: { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }, missingKey: undefined },
    { id: 'openrouter-key-missing', spec: 'openrouter:vendor/model', env: { OPENAI_API_KEY: 'sk-test' }, missingKey: 'OPENROUTER_API_KEY' },
    { id: 'ollama', spec: 'ollama:llama3', env: {}, missingKey: undefined },
  ])('reports a missing key ($id)', ({ spec, env, missingKey }) => {
    const plan = estimatePlan({ suite, choices: { models: [spec], judges: [spec === 'openai:a' ? 'ollama:judge' : 'openai:judge'] }, env });

    expect(plan.models[0]?.missingKey).toBe(missingKey);
  });

  it('reports a judge without key', () => {
    const plan = estimatePlan({ suite, choices: { models: ['ollama:llama3'], judges: ['openai:judge'] }, env: {} });

    expect(plan.judges[0]?.missingKey).toBe('OPENAI_API_KEY');
  });

  it('uses a declared model', () => {
    const plan = estimatePlan({
      suite,
      choices: { models: ['local-llama'] },
      declaredModels: { 'local-llama': { baseURL: 'http://127.0.0.1:8080/v1', apiKeyEnv: 'LOCAL_KEY' } },
      env: {},
    });

    expect(plan.models[0]?.missingKey).toBe('LOCAL_KEY');
  });

  it('rejects invalid choices', () => {
    expect(() => estimatePlan({ suite, choices: { models: ['openai:a'], replicates: 0 }, env: withKeys })).toThrow(UsageError);
  });

  it('rejects an unknown spec', () => {
    expect(() => estimatePlan({ suite, choices: { models: ['nowhere'] }, env: withKeys })).toThrow(ConfigError);
  });
});
