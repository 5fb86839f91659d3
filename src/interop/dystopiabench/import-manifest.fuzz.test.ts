import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';

import { ImportError, SuiteValidationError } from '../../error/index.js';
import { Store } from '../../store/index.js';
import { buildImportedRun } from './build-imported-run.js';
import { importManifest } from './import-manifest.js';
import { loadDystopiaModules } from './load-module.js';
import { parseManifest } from './parse-manifest.js';

// A fixed seed keeps failures reproducible, and a few hundred runs keep the file under a few seconds.
const runs = { seed: 20261205, numRuns: 300 };

const fixtures = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/', import.meta.url));
const validManifests = ['quayside-schema2.json', 'lockkeeper-schema4.json', 'tollgate-schema6.json'].map((name) =>
  readFileSync(join(fixtures, 'runs/valid', name), 'utf8'),
);
const validModules = ['fernwood.json', 'lantern.json'].map((name) => readFileSync(join(fixtures, 'modules/valid', name), 'utf8'));

const folder = mkdtempSync(join(tmpdir(), 'complicity-import-fuzz-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Values that other tools write where numbers, strings and lists are expected. */
const oddValue = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  { arbitrary: fc.constantFrom(1e21, -1, 0, 2 ** 53 + 2, 8.64e15 + 1, '1e400', '', ' 3 ', 'NaN', null), weight: 3 },
);

/** Builds a valid JSON document with up to three fields, at any depth, replaced by odd values or removed. */
function mutatedJson(sources: readonly string[]) {
  const edit = fc.tuple(fc.nat(), fc.option(oddValue, { nil: undefined }));
  return fc.tuple(fc.constantFrom(...sources), fc.array(edit, { minLength: 1, maxLength: 3 })).map(([source, edits]) => {
    const root = JSON.parse(source) as Record<string, unknown>;
    for (const [choice, value] of edits) replaceField(root, choice, value);
    return JSON.stringify(root);
  });
}

/** A time as other tools write it: absent, any number (most far out of range), or a string. */
const oddTime = fc.option(fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 30 }), fc.double().map(String)), {
  nil: undefined,
});

/** A valid result file whose run date, run timestamp and row timestamps are odd. */
const oddlyTimedManifest = fc
  .tuple(fc.constantFrom(...validManifests), oddTime, oddTime, fc.array(oddTime, { minLength: 1, maxLength: 8 }))
  .map(([source, date, timestamp, rowTimes]) => {
    const manifest = JSON.parse(source) as Record<string, unknown> & { results: Record<string, unknown>[] };
    setOrDelete(manifest, 'date', date);
    setOrDelete(manifest, 'timestamp', timestamp);
    for (const [index, row] of manifest.results.entries()) setOrDelete(row, 'timestamp', rowTimes[index % rowTimes.length]);
    return JSON.stringify(manifest);
  });

function setOrDelete(container: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) delete container[key];
  else container[key] = value;
}

function replaceField(root: Record<string, unknown>, choice: number, value: unknown): void {
  const containers: Record<string, unknown>[] = [];
  const visit = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    containers.push(node as Record<string, unknown>);
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  const container = containers[choice % containers.length]!;
  const keys = Object.keys(container);
  const key = keys[Math.floor(choice / containers.length) % Math.max(keys.length, 1)];
  if (key === undefined) return;
  if (value === undefined) delete container[key];
  else container[key] = value;
}

/** Parses and converts a result file as `complicity import` does, before anything is stored. */
function readManifest(text: string): void {
  try {
    const manifest = parseManifest(text, 'fuzzed.json');
    const imported = buildImportedRun({ manifest, file: 'fuzzed.json', sha256: 'f'.repeat(64) });
    expect(imported.turns).toHaveLength(manifest.results.length);
    expect(JSON.parse(JSON.stringify(imported.run))).toBeTruthy();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/^Cannot import fuzzed\.json: /);
  }
}

describe('DystopiaBench reader fuzzing', () => {
  it('handles any text as a result file', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), readManifest), runs);
  });

  it('handles any JSON as a result file', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => readManifest(JSON.stringify(value))),
      runs,
    );
  });

  it('handles mutated result files', () => {
    fc.assert(fc.property(mutatedJson(validManifests), readManifest), runs);
  });

  it('handles odd dates and timestamps', () => {
    fc.assert(fc.property(oddlyTimedManifest, readManifest), runs);
  });

  it('imports mutated files whole or not at all', async () => {
    const store = Store.open(':memory:');
    let file = 0;
    try {
      await fc.assert(
        fc.asyncProperty(mutatedJson(validManifests), async (text) => {
          const path = join(folder, `result-${file++}.json`);
          writeFileSync(path, text);
          const before = store.listRuns().length;
          try {
            const result = await importManifest({ store, path });
            expect(store.getRun(result.runId)).toBeDefined();
          } catch (error) {
            expect(error).toBeInstanceOf(ImportError);
            expect(store.listRuns()).toHaveLength(before);
          }
        }),
        { ...runs, numRuns: 100 },
      );
    } finally {
      store.close();
    }
  });

  it('loads mutated modules or throws SuiteValidationError', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedJson(validModules), fc.string({ unit: 'binary', maxLength: 200 })), async (text) => {
        const path = join(folder, `module-${file++}.json`);
        writeFileSync(path, text);
        try {
          const suite = await loadDystopiaModules([path]);
          expect(suite.scenarios.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(SuiteValidationError);
        }
      }),
      { ...runs, numRuns: 150 },
    );
  });
});
