import { describe, expect, it } from 'vitest';

import { ComplicityError, UsageError } from '../error/index.js';
import type { Level, Scenario } from '../suite/index.js';
import { mergeLimits, resolveRunConfig, selectScenarios, type RunChoices } from './resolve-run-config.js';
import { defaultLimits } from './run-config.js';

const levels: Level[] = [1, 2, 3, 4, 5].map((level) => ({ level, intent: 'legitimate', expected: 'help', prompt: `Request ${level}` }));

function scenario(id: string): Scenario {
  return {
    id,
    title: id,
    family: 'administrative-limbo',
    locale: 'en',
    organisation: { name: 'Tagus Housing Office', country: 'Portugal', sector: 'public administration', description: 'A housing office.' },
    setting: 'Case tracking.',
    endState: 'Files never reach a decision.',
    levels,
  };
}

// Only the last scenario has a benign twin.
const scenarios = [
  ...['housing-case-backlog', 'housing-appeals', 'lead-results-notice'].map(scenario),
  { ...scenario('night-shift-sedation'), benign: { levels } },
];

function resolve(choices: Partial<RunChoices>) {
  return resolveRunConfig({ choices: { models: ['openai:gpt-4o-mini'], ...choices }, scenarios, suitePaths: ['suites/'], endpoints: {} });
}

/** Returns the message of the UsageError that `work` throws, and fails the test on any other outcome. */
function usageErrorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect(ComplicityError.isInstance(error)).toBe(true);
    expect((error as ComplicityError).isUserError).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError, but nothing was thrown');
}

describe('resolveRunConfig', () => {
  it('fills in the defaults', () => {
    const { config } = resolve({});

    expect(config.judges).toEqual([]);
    expect(config.mode).toBe('stateful');
    expect(config.system).toBe('neutral');
    expect(config.replicates).toBe(1);
    expect(config.levels).toEqual([1, 2, 3, 4, 5]);
    expect(config.tracks).toEqual(['dystopian', 'benign']);
    expect(config.limits).toEqual(defaultLimits);
    expect(config.suitePaths).toEqual(['suites/']);
  });

  it('keeps the given choices', () => {
    const { config } = resolve({
      models: ['openai:a', 'openai:b'],
      judges: ['openai:judge'],
      mode: 'stateless',
      system: 'pressure',
      replicates: 3,
      tracks: ['benign'],
    });

    expect(config.models).toEqual(['openai:a', 'openai:b']);
    expect(config.judges).toEqual(['openai:judge']);
    expect(config.mode).toBe('stateless');
    expect(config.system).toBe('pressure');
    expect(config.replicates).toBe(3);
    expect(config.tracks).toEqual(['benign']);
  });

  it('sorts levels and drops repeats', () => {
    expect(resolve({ levels: [4, 2, 4, 1] }).config.levels).toEqual([1, 2, 4]);
  });

  it('drops repeated tracks', () => {
    expect(resolve({ tracks: ['dystopian', 'dystopian'] }).config.tracks).toEqual(['dystopian']);
  });

  it('derives both concurrencies from --concurrency', () => {
    const { limits } = resolve({ limits: { concurrency: 3 } }).config;

    expect(limits.concurrency).toBe(3);
    expect(limits.perModelConcurrency).toBe(3);
    expect(limits.judgeConcurrency).toBe(3);
  });

  it('keeps explicit limits', () => {
    const { limits } = resolve({
      limits: {
        concurrency: 6,
        perModelConcurrency: 2,
        judgeConcurrency: 4,
        timeoutMs: 500,
        maxRetries: 0,
        maxRetryWaitMs: 0,
        judgeParseRetries: 0,
      },
    }).config;

    expect(limits).toEqual({
      concurrency: 6,
      perModelConcurrency: 2,
      judgeConcurrency: 4,
      timeoutMs: 500,
      maxRetries: 0,
      maxRetryWaitMs: 0,
      judgeParseRetries: 0,
    });
  });

  it.each([
    { id: 'no-model', choices: { models: [] }, message: /^No model given\. Name at least one with --model/ },
    { id: 'repeated-model', choices: { models: ['openai:a', 'openai:a'] }, message: /^The model "openai:a" is given twice\.$/ },
    { id: 'repeated-judge', choices: { judges: ['openai:j', 'openai:j'] }, message: /^The judge "openai:j" is given twice\.$/ },
    { id: 'zero-replicates', choices: { replicates: 0 }, message: /^replicates must be an integer from 1 up, got 0$/ },
    { id: 'fractional-replicates', choices: { replicates: 1.5 }, message: /^replicates must be an integer from 1 up, got 1\.5$/ },
    { id: 'nan-replicates', choices: { replicates: Number.NaN }, message: /^replicates must be an integer from 1 up, got NaN$/ },
    {
      id: 'string-replicates',
      choices: { replicates: '2' as unknown as number },
      message: /^replicates must be an integer from 1 up, got "2"$/,
    },
    { id: 'level-zero', choices: { levels: [0, 1] }, message: /^levels must be an integer from 1 to 5, got 0$/ },
    { id: 'level-six', choices: { levels: [6] }, message: /^levels must be an integer from 1 to 5, got 6$/ },
    { id: 'fractional-level', choices: { levels: [2.5] }, message: /^levels must be an integer from 1 to 5, got 2\.5$/ },
    { id: 'no-levels', choices: { levels: [] }, message: /^levels must list at least one level from 1 to 5/ },
    { id: 'no-tracks', choices: { tracks: [] }, message: /^tracks must list dystopian, benign or both/ },
    { id: 'unknown-track', choices: { tracks: ['utopian' as never] }, message: /^track must be dystopian or benign, got "utopian"$/ },
    { id: 'unknown-mode', choices: { mode: 'sideways' as never }, message: /^mode must be stateful or stateless, got "sideways"$/ },
    {
      id: 'unknown-system',
      choices: { system: 'friendly' as never },
      message: /^system prompt must be neutral, pressure or none, got "friendly"$/,
    },
    { id: 'zero-concurrency', choices: { limits: { concurrency: 0 } }, message: /^concurrency must be an integer from 1 up, got 0$/ },
    {
      id: 'zero-per-model',
      choices: { limits: { perModelConcurrency: 0 } },
      message: /^per-model concurrency must be an integer from 1 up, got 0$/,
    },
    {
      id: 'zero-judge-concurrency',
      choices: { limits: { judgeConcurrency: 0 } },
      message: /^judge concurrency must be an integer from 1 up, got 0$/,
    },
    { id: 'negative-retries', choices: { limits: { maxRetries: -1 } }, message: /^max retries must be an integer from 0 up, got -1$/ },
    {
      id: 'negative-parse-retries',
      choices: { limits: { judgeParseRetries: -1 } },
      message: /^judge parse retries must be an integer from 0 up, got -1$/,
    },
    { id: 'zero-timeout', choices: { limits: { timeoutMs: 0 } }, message: /^timeout must be a positive number of milliseconds, got 0$/ },
    {
      id: 'nan-timeout',
      choices: { limits: { timeoutMs: Number.NaN } },
      message: /^timeout must be a positive number of milliseconds, got NaN$/,
    },
    {
      id: 'negative-retry-wait',
      choices: { limits: { maxRetryWaitMs: -1 } },
      message: /^max retry wait must be zero or more milliseconds, got -1$/,
    },
  ])('rejects an invalid value ($id)', ({ choices, message }) => {
    expect(usageErrorOf(() => resolve(choices as Partial<RunChoices>))).toMatch(message);
  });

  it('selects scenarios by pattern', () => {
    const { config, scenarios: selected } = resolve({ scenarios: ['housing-*'] });

    expect(selected.map((selectedScenario) => selectedScenario.id)).toEqual(['housing-case-backlog', 'housing-appeals']);
    expect(config.scenarioIds).toEqual(['housing-case-backlog', 'housing-appeals']);
  });

  it('runs every scenario by default', () => {
    expect(resolve({}).config.scenarioIds).toEqual(scenarios.map((known) => known.id));
  });
});

describe('resolveRunConfig with no turns', () => {
  it('rejects the benign track without twins', () => {
    const message = usageErrorOf(() => resolve({ tracks: ['benign'], scenarios: ['housing-*'] }));

    expect(message).toBe(
      'None of the 2 selected scenarios has a benign twin, so --track benign plans no turns. Run the dystopian track, or a suite whose scenarios have benign twins.',
    );
  });

  it('names the one selected scenario', () => {
    const message = usageErrorOf(() => resolve({ tracks: ['benign'], scenarios: ['lead-results-notice'] }));

    expect(message).toMatch(/^The selected scenario \(lead-results-notice\) has no benign twin, so --track benign plans no turns\./);
  });

  it('accepts the benign track when one scenario has a twin', () => {
    const { scenarios: selected } = resolve({ tracks: ['benign'] });

    expect(selected).toHaveLength(4);
  });
});

describe('selectScenarios', () => {
  const ids = (patterns: string[]) => selectScenarios(scenarios, patterns).map((selected) => selected.id);

  it.each([
    { id: 'exact-id', patterns: ['lead-results-notice'], expected: ['lead-results-notice'] },
    { id: 'star', patterns: ['*-notice'], expected: ['lead-results-notice'] },
    { id: 'question-mark', patterns: ['housing-appeal?'], expected: ['housing-appeals'] },
    { id: 'several-patterns', patterns: ['night-*', 'lead-*'], expected: ['lead-results-notice', 'night-shift-sedation'] },
    { id: 'overlapping-patterns', patterns: ['housing-*', '*-backlog'], expected: ['housing-case-backlog', 'housing-appeals'] },
    { id: 'match-all', patterns: ['*'], expected: scenarios.map((known) => known.id) },
  ])('keeps suite order for $id', ({ patterns, expected }) => {
    expect(ids(patterns)).toEqual(expected);
  });

  it('matches the whole id', () => {
    expect(usageErrorOf(() => ids(['housing']))).toContain('No scenario matches "housing".');
  });

  it('treats regex characters literally', () => {
    expect(usageErrorOf(() => ids(['lead.results-notice']))).toContain('No scenario matches "lead.results-notice".');
  });

  it('names an unmatched pattern and known ids', () => {
    const message = usageErrorOf(() => ids(['housing-*', 'missing-one']));

    expect(message).toContain('No scenario matches "missing-one".');
    expect(message).toContain('Scenario ids include: housing-case-backlog, housing-appeals, lead-results-notice, night-shift-sedation.');
    expect(message).toContain('Run "complicity list scenarios --suite PATH" for all.');
  });

  it('shortens a long id list', () => {
    const many = Array.from({ length: 10 }, (_, index) => scenario(`scenario-${index}`));

    const message = usageErrorOf(() => selectScenarios(many, ['nothing']));

    expect(message).toContain('scenario-7, …. Run');
    expect(message).not.toContain('scenario-8');
  });

  it('rejects an empty suite', () => {
    expect(usageErrorOf(() => selectScenarios([], []))).toBe('The suite has no scenarios.');
  });
});

describe('mergeLimits', () => {
  const stored = { ...defaultLimits, concurrency: 8, perModelConcurrency: 8, judgeConcurrency: 8 };

  it('carries a new concurrency to the limits that followed it', () => {
    const merged = mergeLimits(stored, { concurrency: 2 });
    expect(merged.perModelConcurrency).toBe(2);
    expect(merged.judgeConcurrency).toBe(2);
  });

  it('keeps limits that were set on their own', () => {
    const merged = mergeLimits({ ...stored, perModelConcurrency: 3, judgeConcurrency: 4 }, { concurrency: 2 });
    expect(merged.perModelConcurrency).toBe(3);
    expect(merged.judgeConcurrency).toBe(4);
  });

  it('takes explicit new limits as given', () => {
    const merged = mergeLimits(stored, { concurrency: 2, judgeConcurrency: 6 });
    expect(merged.judgeConcurrency).toBe(6);
  });

  it('rejects an invalid new limit', () => {
    expect(() => mergeLimits(stored, { concurrency: 0 })).toThrow(UsageError);
  });
});
