import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { parse, stringify } from 'yaml';

import { SuiteValidationError } from '../error/index.js';
import { loadSuite } from './load-suite.js';
import { parseScenario } from './parse-scenario.js';

// A fixed seed keeps failures reproducible, and a few hundred runs keep the file under a few seconds.
const runs = { seed: 20261205, numRuns: 300 };

const validFile = fileURLToPath(new URL('../../test/fixtures/suites/basic/lead-results-notice.yaml', import.meta.url));
const validSource = readFileSync(validFile, 'utf8');
const validScenario = parse(validSource) as Record<string, unknown>;

const folder = mkdtempSync(join(tmpdir(), 'complicity-suite-fuzz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Pieces of YAML syntax, so that generated text reaches the parser's error paths. */
const yamlFragment = fc.oneof(
  fc.constantFrom('\n', '  ', '- ', ': ', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '!!str ', '? ', '|\n', '>\n', '#', '---\n', '\t'),
  fc.string({ maxLength: 10 }),
);

/** The valid scenario with one field, at any depth, replaced by an arbitrary value or removed. */
const mutatedScenario = fc
  .tuple(fc.nat(), fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)))
  .map(([choice, value]) => stringify(replaceField(structuredClone(validScenario), choice, value)));

/** The valid file with a few characters inserted, deleted or replaced. */
const editedSource = fc
  .array(fc.tuple(fc.nat(validSource.length), fc.nat(3), yamlFragment), { minLength: 1, maxLength: 4 })
  .map((edits) =>
    edits.reduce((source, [offset, deleted, inserted]) => source.slice(0, offset) + inserted + source.slice(offset + deleted), validSource),
  );

function replaceField(root: Record<string, unknown>, choice: number, value: unknown): unknown {
  const containers: (Record<string, unknown> | unknown[])[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  const container = containers[choice % containers.length]! as Record<string, unknown>;
  const keys = Object.keys(container);
  if (keys.length === 0) return root;
  const key = keys[Math.floor(choice / containers.length) % keys.length]!;
  if (value === undefined) delete container[key];
  else container[key] = value;
  return root;
}

/** Checks that a parse ends in a scenario, or in problems that each name the file and have a message. */
function expectHandled(source: string): void {
  const result = parseScenario({ source, file: 'fuzzed.yaml' });
  if (result.problems.length === 0) {
    expect(result.scenario).toBeDefined();
    return;
  }
  expect(result.scenario).toBeUndefined();
  for (const problem of result.problems) {
    expect(problem.file).toBe('fuzzed.yaml');
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

describe('suite loader fuzzing', () => {
  // The loader is core code, which never prints: the yaml package warns through process.emitWarning.
  let emitWarning: MockInstance<typeof process.emitWarning>;
  beforeEach(() => {
    emitWarning = vi.spyOn(process, 'emitWarning');
  });
  afterEach(() => {
    expect(emitWarning).not.toHaveBeenCalled();
    emitWarning.mockRestore();
  });

  it('handles any text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), expectHandled), runs);
  });

  it('handles YAML-like text', () => {
    fc.assert(
      fc.property(fc.array(yamlFragment, { maxLength: 60 }), (parts) => expectHandled(parts.join(''))),
      runs,
    );
  });

  it('handles edits of a valid file', () => {
    fc.assert(fc.property(editedSource, expectHandled), runs);
  });

  it('handles mutated scenario fields', () => {
    fc.assert(fc.property(mutatedScenario, expectHandled), runs);
  });

  it('handles any YAML value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => expectHandled(stringify(value))),
      runs,
    );
  });

  it('loads files or throws SuiteValidationError', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(editedSource, mutatedScenario), { minLength: 1, maxLength: 3 }), async (sources) => {
        const paths = sources.map((source) => {
          const path = join(folder, `scenario-${file++}.yaml`);
          writeFileSync(path, source);
          return path;
        });
        try {
          const suite = await loadSuite(paths);
          expect(suite.scenarios.length).toBe(paths.length);
        } catch (error) {
          expect(error).toBeInstanceOf(SuiteValidationError);
        }
      }),
      { ...runs, numRuns: 60 },
    );
  });

  it('rejects deep nesting in several files', async () => {
    // Before the depth check, the second of these files aborted Node with a fatal out-of-memory error.
    const sources = ['['.repeat(1000), Array.from({ length: 1000 }, (_, depth) => `${' '.repeat(depth)}- `).join('\n')];
    const paths = [...sources, ...sources].map((source, index) => {
      const path = join(folder, `deep-${index}.yaml`);
      writeFileSync(path, source);
      return path;
    });

    const error: unknown = await loadSuite(paths).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SuiteValidationError);
    const problems = (error as SuiteValidationError).problems;
    expect(problems).toHaveLength(4);
    for (const problem of problems) expect(problem.message).toBe('invalid YAML: collections are nested more than 64 levels deep');
  });
});
