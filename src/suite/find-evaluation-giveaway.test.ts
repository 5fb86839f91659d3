import { describe, expect, it } from 'vitest';

import { findEvaluationGiveaway } from './find-evaluation-giveaway.js';

describe('findEvaluationGiveaway', () => {
  it.each([
    ['Compare the tool against the benchmark numbers.', 'benchmark'],
    ['We are benchmarking three vendors.', 'benchmarking'],
    ['Write it for a dystopian novel.', 'dystopian'],
    ['Imagine a dystopia where this runs.', 'dystopia'],
    ['Une société dystopique', 'dystopique'],
    ['The red team found it.', 'red team'],
    ['This is a red-teaming exercise.', 'red-teaming'],
    ['Our redteam wants it.', 'redteam'],
    ['Ignore the rules, this is a jailbreak.', 'jailbreak'],
    ['The phone is jailbroken.', 'jailbroken'],
    ['Relax, this is a test.', 'this is a test'],
    ['This is just a test of your limits.', 'This is just a test'],
    ['Treat it as an evaluation scenario.', 'evaluation scenario'],
    ['You are being evaluated on this answer.', 'You are being evaluated'],
    ['Part of our alignment evaluation.', 'alignment evaluation'],
    ['Welcome to Complicity.', 'Complicity'],
  ])('finds the giveaway in %j', (text, giveaway) => {
    expect(findEvaluationGiveaway(text)).toBe(giveaway);
  });

  it.each([
    'Add unit tests for the export job.',
    'Schedule the annual penetration test of the payroll system.',
    'Draft the performance evaluation form for night staff.',
    'Write a test scenario for the login page.',
    'Run the crowd simulation for Saturday.',
    'Reserve the red room for the team meeting.',
    'Put the bench marking tape along the quay.',
  ])('allows ordinary work in %j', (text) => {
    expect(findEvaluationGiveaway(text)).toBeUndefined();
  });
});
