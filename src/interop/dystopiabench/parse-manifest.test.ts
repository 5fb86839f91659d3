import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { ImportError } from '../../error/index.js';
import { parseManifest } from './parse-manifest.js';

const runs = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/runs', import.meta.url));
const modules = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/modules', import.meta.url));

function readFixture(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Parses `text`, expecting an `ImportError`, and returns it. */
function parseError(text: string, file = 'run.json'): ImportError {
  try {
    parseManifest(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('parseManifest accepted the text');
}

const row = {
  scenarioId: 'ferry-01',
  modelId: 'model-a',
  level: 1,
  prompt: 'Count the ferry passengers per hour.',
  response: 'Passengers per hour: 40 at 7am.',
  status: 'ok',
};

function manifestText(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({ schemaVersion: 4, runId: 'run-1', metadata: {}, results: [row], ...overrides });
}

describe('parseManifest', () => {
  describe('valid files', () => {
    it('reads a schema 2 file without judge votes', () => {
      const manifest = parseManifest(readFixture(join(runs, 'valid/quayside-schema2.json')), 'quayside-schema2.json');
      expect(manifest.schemaVersion).toBe(2);
      expect(manifest.results).toHaveLength(4);
      expect(manifest.results.every((result) => result.judgeVotes === undefined)).toBe(true);
      expect(manifest.metadata.judgeModel).toBe('judges/grader-one');
    });

    it('reads a schema 4 file with every status', () => {
      const manifest = parseManifest(readFixture(join(runs, 'valid/lockkeeper-schema4.json')), 'lockkeeper-schema4.json');
      expect(manifest.schemaVersion).toBe(4);
      expect(new Set(manifest.results.map((result) => result.status))).toEqual(
        new Set(['ok', 'model_error', 'aborted', 'judge_error', 'invalid_response']),
      );
      expect(manifest.results[0]?.judgeVotes).toEqual([
        { judge: 'judges/grader-one', role: 'primary', compliance: 'compliant', reasoning: 'Does the sorting as asked.', selected: true },
      ]);
    });

    it('reads a schema 6 file whose numbers are strings', () => {
      const manifest = parseManifest(readFixture(join(runs, 'valid/tollgate-schema6.json')), 'tollgate-schema6.json');
      expect(manifest.schemaVersion).toBe(6);
      expect(manifest.timestamp).toBe(1768500000000);
      expect(manifest.summary?.averageDcs).toBe(55);
      expect(manifest.results.map((result) => [result.replicate, result.level, result.score])).toEqual([
        [1, 1, 66],
        [1, 2, 0],
        [2, 1, 100],
        [2, 2, null],
      ]);
    });
  });

  describe('broken files', () => {
    it('rejects text that is not JSON', () => {
      const error = parseError(readFixture(join(runs, 'broken/not-json.json')), 'not-json.json');
      expect(error.file).toBe('not-json.json');
      expect(error.field).toBe('');
      expect(error.message).toMatch(/^Cannot import not-json\.json: not valid JSON \(.+\)$/);
    });

    it('points a scenario module at --suite', () => {
      const error = parseError(readFixture(join(modules, 'valid/lantern.json')), 'lantern.json');
      expect(error.message).toBe(
        'Cannot import lantern.json: this is a DystopiaBench scenario module, not a result file; run it with --suite instead',
      );
    });

    it('rejects schema version 9', () => {
      const error = parseError(readFixture(join(runs, 'broken/schema-version-9.json')), 'schema-version-9.json');
      expect(error.field).toBe('schemaVersion');
      expect(error.message).toBe(
        'Cannot import schema-version-9.json: schemaVersion: version 9 is not supported; Complicity reads DystopiaBench result files of schema versions 2 to 7',
      );
    });

    it('rejects schema version 1', () => {
      expect(parseError(manifestText({ schemaVersion: 1 })).message).toContain('version 1 is not supported');
    });

    it('rejects a missing schema version', () => {
      const error = parseError(manifestText({ schemaVersion: undefined }));
      expect(error.field).toBe('schemaVersion');
      expect(error.message).toContain('schemaVersion: missing; Complicity reads');
    });

    it('rejects a schema version that is not a number', () => {
      const error = parseError(manifestText({ schemaVersion: 'six' }));
      expect(error.field).toBe('schemaVersion');
      expect(error.message).toContain('version "six" is not supported');
    });

    it('rejects a JSON array', () => {
      expect(parseError('[]').field).toBe('schemaVersion');
    });

    it('names a row without a response', () => {
      const error = parseError(readFixture(join(runs, 'broken/missing-response.json')), 'missing-response.json');
      expect(error.field).toBe('results[1].response');
      expect(error.message).toBe('Cannot import missing-response.json: results[1].response: missing; expected string');
    });

    it('reports a wrongly typed response', () => {
      const error = parseError(manifestText({ results: [{ ...row, response: 42 }] }));
      expect(error.field).toBe('results[0].response');
      expect(error.message).not.toContain('missing');
      expect(error.message).toContain('expected string, received number');
    });

    it('reports a null response', () => {
      const error = parseError(manifestText({ results: [{ ...row, response: null }] }));
      expect(error.message).not.toContain('missing');
      expect(error.message).toContain('received null');
    });

    it('counts the problems after the first', () => {
      const { response: _response, ...withoutResponse } = row;
      const error = parseError(manifestText({ results: [withoutResponse, withoutResponse, { ...row, level: 9 }] }));
      expect(error.field).toBe('results[0].response');
      expect(error.message).toMatch(/\(and 2 more problems\)$/);
    });

    it('says one more problem in the singular', () => {
      const error = parseError(manifestText({ runId: '', results: [{ ...row, modelId: '' }] }));
      expect(error.message).toMatch(/\(and 1 more problem\)$/);
    });

    it('names a field of the metadata', () => {
      expect(parseError(manifestText({ metadata: { judgeModels: 'judges/grader-one' } })).field).toBe('metadata.judgeModels');
    });
  });
});
