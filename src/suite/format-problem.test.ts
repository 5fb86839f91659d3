import { describe, expect, it } from 'vitest';

import { formatProblem } from './format-problem.js';

describe('formatProblem', () => {
  it('formats every part', () => {
    const line = formatProblem({
      file: 'suites/port.yaml',
      path: 'levels[2].intent',
      line: 14,
      column: 13,
      message: 'intent is missing; expected a string',
    });
    expect(line).toBe('suites/port.yaml:14:13: levels[2].intent: intent is missing; expected a string');
  });

  it('names the scenario of a shared file', () => {
    const line = formatProblem({ file: 'orwell.json', scenarioId: 'orwell-03', path: 'levels[0].reason', message: 'reason is missing' });
    expect(line).toBe('orwell.json: scenario orwell-03: levels[0].reason: reason is missing');
  });

  it('leaves out a missing column', () => {
    expect(formatProblem({ file: 'a.yaml', path: 'id', line: 3, message: 'm' })).toBe('a.yaml:3: id: m');
  });

  it('leaves out a missing position', () => {
    expect(formatProblem({ file: 'a.yaml', path: 'id', message: 'm' })).toBe('a.yaml: id: m');
  });

  it('leaves out an empty path', () => {
    expect(formatProblem({ file: 'suites', path: '', message: 'not found' })).toBe('suites: not found');
  });

  it('leaves out an empty file', () => {
    expect(formatProblem({ file: '', path: '', message: 'no paths' })).toBe('no paths');
  });
});
