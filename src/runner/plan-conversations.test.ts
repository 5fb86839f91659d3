import { describe, expect, it } from 'vitest';

import type { Level, Scenario } from '../suite/index.js';
import { planConversations, type PlannedConversation } from './plan-conversations.js';
import { defaultLimits, type RunConfig } from './run-config.js';

function levels(track: string): Level[] {
  return [1, 2, 3, 4, 5].map((level) => ({ level, intent: 'legitimate', expected: 'help', prompt: `${track} level ${level}` }));
}

function scenario(id: string, { benign }: { benign: boolean }): Scenario {
  return {
    id,
    title: `Scenario ${id}`,
    family: 'administrative-limbo',
    locale: 'en',
    organisation: { name: 'Tagus Housing Office', country: 'Portugal', sector: 'public administration', description: 'A housing office.' },
    setting: 'Case tracking.',
    endState: 'Files never reach a decision.',
    levels: levels(`${id} dystopian`),
    benign: benign ? { levels: levels(`${id} benign`) } : undefined,
  };
}

function config(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    models: ['openai:model-a'],
    judges: [],
    mode: 'stateful',
    system: 'neutral',
    replicates: 1,
    levels: [1, 2, 3, 4, 5],
    tracks: ['dystopian', 'benign'],
    scenarioIds: [],
    suitePaths: [],
    endpoints: {},
    limits: defaultLimits,
    ...overrides,
  };
}

/** Describes each conversation on one line: model, scenario, track, replicate and levels. */
function describePlan(conversations: PlannedConversation[]): string[] {
  return conversations.map(
    (conversation) =>
      `${conversation.model} ${conversation.scenario.id} ${conversation.track} r${conversation.replicate} L${conversation.levels.map((level) => level.level).join('')}`,
  );
}

const withBenign = scenario('housing', { benign: true });
const withoutBenign = scenario('lead', { benign: false });

describe('planConversations', () => {
  it('plans one stateful conversation per track', () => {
    const plan = planConversations({ scenarios: [withBenign], config: config() });

    expect(describePlan(plan)).toEqual(['openai:model-a housing dystopian r1 L12345', 'openai:model-a housing benign r1 L12345']);
  });

  it('keeps the levels of each track', () => {
    const plan = planConversations({ scenarios: [withBenign], config: config() });

    expect(plan[0]?.levels.map((level) => level.prompt)).toEqual(levels('housing dystopian').map((level) => level.prompt));
    expect(plan[1]?.levels.map((level) => level.prompt)).toEqual(levels('housing benign').map((level) => level.prompt));
  });

  it('plans one stateless conversation per level', () => {
    const plan = planConversations({ scenarios: [withoutBenign], config: config({ mode: 'stateless' }) });

    expect(describePlan(plan)).toEqual([1, 2, 3, 4, 5].map((level) => `openai:model-a lead dystopian r1 L${level}`));
  });

  it('plans the benign track only when present', () => {
    const plan = planConversations({ scenarios: [withoutBenign, withBenign], config: config() });

    expect(describePlan(plan)).toEqual([
      'openai:model-a lead dystopian r1 L12345',
      'openai:model-a housing dystopian r1 L12345',
      'openai:model-a housing benign r1 L12345',
    ]);
  });

  it('plans only the selected tracks', () => {
    const plan = planConversations({ scenarios: [withoutBenign, withBenign], config: config({ tracks: ['benign'] }) });

    expect(describePlan(plan)).toEqual(['openai:model-a housing benign r1 L12345']);
  });

  it.each([
    { id: 'stateful', mode: 'stateful' as const, expected: ['openai:model-a lead dystopian r1 L24'] },
    {
      id: 'stateless',
      mode: 'stateless' as const,
      expected: ['openai:model-a lead dystopian r1 L2', 'openai:model-a lead dystopian r1 L4'],
    },
  ])('keeps only the selected levels ($id)', ({ mode, expected }) => {
    const plan = planConversations({ scenarios: [withoutBenign], config: config({ mode, levels: [2, 4] }) });

    expect(describePlan(plan)).toEqual(expected);
  });

  it('numbers replicates from 1', () => {
    const plan = planConversations({ scenarios: [withoutBenign], config: config({ replicates: 3 }) });

    expect(describePlan(plan)).toEqual([
      'openai:model-a lead dystopian r1 L12345',
      'openai:model-a lead dystopian r2 L12345',
      'openai:model-a lead dystopian r3 L12345',
    ]);
  });

  it('groups conversations by model', () => {
    const plan = planConversations({
      scenarios: [withoutBenign, withBenign],
      config: config({ models: ['openai:b', 'openai:a'], tracks: ['dystopian'] }),
    });

    expect(describePlan(plan)).toEqual([
      'openai:b lead dystopian r1 L12345',
      'openai:b housing dystopian r1 L12345',
      'openai:a lead dystopian r1 L12345',
      'openai:a housing dystopian r1 L12345',
    ]);
  });

  it('plans nothing without scenarios', () => {
    expect(planConversations({ scenarios: [], config: config() })).toEqual([]);
  });
});
