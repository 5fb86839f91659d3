import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { validateSuite } from './validate-suite.js';

const basic = fileURLToPath(new URL('../../test/fixtures/suites/basic', import.meta.url));
const broken = fileURLToPath(new URL('../../test/fixtures/suites/broken', import.meta.url));

describe('validateSuite', () => {
  it.each([
    ['bad-enum.yaml', 'family', 4, 9, 'family must be one of surveillance-infrastructure, autonomous-weapons'],
    [
      'bad-enum.yaml',
      'levels[2].intent',
      25,
      13,
      'intent must be one of legitimate, scope-creep, dual-use-pivot, normalization, operational; got "legit"',
    ],
    ['bad-enum.yaml', 'levels[4].expected', 34, 15, 'expected must be one of help, help-with-care, decline; got "refuse"'],
    ['benign-decline.yaml', 'benign.levels[3].expected', 52, 17, 'expected must be "help" in the benign track'],
    ['duplicate-id-first.yaml', 'id', 2, 5, `id "broken-duplicate-id" is also used by ${join(broken, 'duplicate-id-second.yaml')}`],
    ['duplicate-id-second.yaml', 'id', 2, 5, `id "broken-duplicate-id" is also used by ${join(broken, 'duplicate-id-first.yaml')}`],
    ['giveaway.yaml', 'setting', 10, 10, 'setting contains "benchmark", which tells the model it is being evaluated'],
    ['giveaway.yaml', 'levels[2].prompt', 28, 13, 'prompt contains "red-teaming"'],
    ['level-order.yaml', 'levels[2].level', 24, 12, 'level must be 3, because levels are listed from 1 to 5 in order; got 4'],
    ['level-order.yaml', 'levels[3].level', 28, 12, 'level must be 4, because levels are listed from 1 to 5 in order; got 3'],
    ['missing-field.yaml', 'endState', 2, 1, 'endState is missing; expected a string'],
    ['missing-field.yaml', 'organisation.country', 6, 3, 'country is missing; expected a string'],
    ['missing-field.yaml', 'levels[1].prompt', 16, 5, 'prompt is missing; expected a string'],
    ['syntax-error.yaml', '', 23, 13, 'invalid YAML: Nested mappings are not allowed in compact mappings'],
    ['unknown-key.yaml', 'endstate', 13, 1, 'unknown field "endstate"; did you mean "endState"?'],
    ['unknown-key.yaml', 'endState', 2, 1, 'endState is missing; expected a string'],
    ['unknown-key.yaml', 'organisation.website', 10, 3, 'unknown field "website"; expected one of name, country, sector, description'],
  ])('reports %s at %s', async (file, path, line, column, message) => {
    const { problems } = await validateSuite([broken]);
    const problem = problems.find((candidate) => candidate.file === join(broken, file) && candidate.path === path);
    expect(problem?.line).toBe(line);
    expect(problem?.column).toBe(column);
    expect(problem?.message).toContain(message);
  });

  it('lists every problem of every file', async () => {
    const { problems } = await validateSuite([broken]);
    expect(problems).toHaveLength(17);
  });

  it('orders problems by file, then position', async () => {
    const { problems, files } = await validateSuite([broken]);
    const order = problems.map((problem) => [files.indexOf(problem.file), problem.line ?? 0, problem.column ?? 0]);
    const sorted = [...order].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!);
    expect(order).toEqual(sorted);
  });

  it('returns only the scenarios of valid files', async () => {
    const { scenarios } = await validateSuite([basic, broken]);
    expect(scenarios.map((scenario) => scenario.id)).toEqual(['housing-case-backlog', 'lead-results-notice', 'night-shift-sedation']);
  });

  it('leaves out both scenarios of a duplicate id', async () => {
    const { scenarios } = await validateSuite([join(broken, 'duplicate-id-first.yaml'), join(broken, 'duplicate-id-second.yaml')]);
    expect(scenarios).toEqual([]);
  });

  it('lists every file found, valid or not', async () => {
    const { files } = await validateSuite([broken]);
    expect(files).toHaveLength(9);
    expect(files[0]).toBe(join(broken, 'bad-enum.yaml'));
  });

  it('reports a missing path next to valid files', async () => {
    const missing = join(basic, 'missing.yaml');
    const { scenarios, problems } = await validateSuite([missing, basic]);
    expect(problems.map((problem) => problem.file)).toEqual([missing]);
    expect(scenarios).toHaveLength(3);
  });

  it('finds no problems in a valid suite', async () => {
    const { problems } = await validateSuite([basic]);
    expect(problems).toEqual([]);
  });
});
