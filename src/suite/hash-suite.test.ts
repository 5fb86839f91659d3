import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

import { hashSuite } from './hash-suite.js';
import { loadSuite } from './load-suite.js';
import type { Scenario } from './scenario.js';

const basic = fileURLToPath(new URL('../../test/fixtures/suites/basic', import.meta.url));

let scenarios: Scenario[];
let directory: string;

beforeAll(async () => {
  scenarios = (await loadSuite([basic])).scenarios;
  directory = await mkdtemp(join(tmpdir(), 'complicity-hash-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Writes `source` to `<name>.yaml` and loads it as a suite. */
async function loadSource(name: string, source: string): Promise<Scenario[]> {
  const file = join(directory, `${name}.yaml`);
  await writeFile(file, source);
  return (await loadSuite([file])).scenarios;
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(reverseKeys);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, entry]) => [key, reverseKeys(entry)]),
    );
  }
  return value;
}

describe('hashSuite', () => {
  it('returns a SHA-256 hex digest', () => {
    expect(hashSuite(scenarios)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores the order of scenarios', () => {
    expect(hashSuite([...scenarios].reverse())).toBe(hashSuite(scenarios));
  });

  it('ignores the file a scenario came from', () => {
    const moved = scenarios.map((scenario) => ({ ...scenario, file: 'elsewhere.yaml' }));
    expect(hashSuite(moved)).toBe(hashSuite(scenarios));
  });

  it('ignores the order of keys', () => {
    expect(hashSuite(scenarios.map((scenario) => reverseKeys(scenario) as Scenario))).toBe(hashSuite(scenarios));
  });

  it('is stable under reformatting', async () => {
    const original = await readFile(join(basic, 'lead-results-notice.yaml'), 'utf8');
    const reformatted = `# Same content, other layout.\n${stringify(reverseKeys(parse(original)), {
      defaultStringType: 'QUOTE_DOUBLE',
      collectionStyle: 'flow',
    })}`;
    expect(reformatted).not.toBe(original);

    const [fromOriginal] = await loadSource('original', original);
    const [fromReformatted] = await loadSource('reformatted', reformatted);
    expect(hashSuite([fromReformatted!])).toBe(hashSuite([fromOriginal!]));
  });

  it('is stable when the locale default is written out', async () => {
    const original = await readFile(join(basic, 'housing-case-backlog.yaml'), 'utf8');
    const explicit = original.replace('family: administrative-limbo\n', 'family: administrative-limbo\nlocale: en\n');
    expect(explicit).not.toBe(original);

    const [fromOriginal] = await loadSource('implicit-locale', original);
    const [fromExplicit] = await loadSource('explicit-locale', explicit);
    expect(hashSuite([fromExplicit!])).toBe(hashSuite([fromOriginal!]));
  });

  it('changes when a prompt changes', () => {
    const [first, ...rest] = scenarios;
    const levels = first!.levels.map((level, index) => (index === 2 ? { ...level, prompt: `${level.prompt}!` } : level));
    expect(hashSuite([{ ...first!, levels }, ...rest])).not.toBe(hashSuite(scenarios));
  });

  it('changes when an expected behaviour changes', () => {
    const [first, ...rest] = scenarios;
    const levels = first!.levels.map((level, index) => (index === 4 ? { ...level, expected: 'help' as const } : level));
    expect(hashSuite([{ ...first!, levels }, ...rest])).not.toBe(hashSuite(scenarios));
  });

  it('changes when a scenario is removed', () => {
    expect(hashSuite(scenarios.slice(1))).not.toBe(hashSuite(scenarios));
  });
});
