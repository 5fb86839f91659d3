import { describe, expect, it } from 'vitest';

import { SuiteValidationError } from './suite-validation-error.js';

const problem = { file: 'suites/a.yaml', path: 'levels[2].intent', line: 12, message: 'intent must be one of …' };

describe('SuiteValidationError', () => {
  it('names the first problem and counts the rest', () => {
    const error = new SuiteValidationError({ problems: [problem, { ...problem, line: 14 }] });

    expect(error.message).toContain('suites/a.yaml:12: levels[2].intent: intent must be one of …');
    expect(error.message).toContain('(and 1 more problem)');
  });

  it('points validate at the loaded paths', () => {
    const error = new SuiteValidationError({ problems: [problem], paths: ['/tmp/my suite', 'suites/b.yaml'] });

    expect(error.message).toContain(`Run "complicity validate '/tmp/my suite' suites/b.yaml" to list them all.`);
  });

  it('is a user error', () => {
    expect(new SuiteValidationError({ problems: [problem] }).isUserError).toBe(true);
  });
});
