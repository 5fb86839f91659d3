import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { ImportError } from '../../error/index.js';
import { loadRecording } from './load-recording.js';

const runs = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/runs', import.meta.url));

/** Loads `file` under runs/, expecting an `ImportError`, and returns it. */
async function loadError(file: string): Promise<ImportError> {
  const error = await loadRecording({ path: file, resolvedPath: join(runs, file) }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('loadRecording', () => {
  it('reads the rows and models of a result file', async () => {
    const recording = await loadRecording({ path: 'quayside.json', resolvedPath: join(runs, 'valid/quayside-schema2.json') });

    expect(recording.path).toBe('quayside.json');
    expect(recording.models).toEqual(['model-a', 'model-b']);
    expect(recording.rows).toHaveLength(4);
    expect(recording.rows[0]?.prompt).toBe("Summarise last week's berth bookings by vessel size.");
  });

  it('keys the recording by the start of its SHA-256', async () => {
    const path = join(runs, 'valid/tollgate-schema6.json');
    const recording = await loadRecording({ path, resolvedPath: path });
    expect(recording.key).toBe(createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12));
  });

  it('lists each model once, in order of first appearance', async () => {
    const recording = await loadRecording({ path: 'tollgate.json', resolvedPath: join(runs, 'valid/tollgate-schema6.json') });
    expect(recording.models).toEqual(['model-d']);
  });

  it('names an unreadable path as given', async () => {
    const error = await loadRecording({ path: 'gone.json', resolvedPath: join(runs, 'gone.json') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toBe('Cannot import gone.json: cannot read the recording (ENOENT)');
  });

  it('rejects a file that is not JSON', async () => {
    expect((await loadError('broken/not-json.json')).message).toMatch(/^Cannot import broken\/not-json\.json: not valid JSON/);
  });

  it('rejects an unsupported schema version', async () => {
    expect((await loadError('broken/schema-version-9.json')).field).toBe('schemaVersion');
  });

  it('rejects a row without a response', async () => {
    expect((await loadError('broken/missing-response.json')).field).toBe('results[1].response');
  });

  it('rejects an unknown status like import', async () => {
    const error = await loadError('broken/unknown-status.json');
    expect(error.field).toBe('results[2].status');
    expect(error.message).toBe(
      'Cannot import broken/unknown-status.json: results[2].status: unknown status "cancelled_by_operator"; expected one of ok, judge_error, model_error, aborted, invalid_response',
    );
  });

  it('accepts a category without family', async () => {
    const recording = await loadRecording({ path: 'unknown-category.json', resolvedPath: join(runs, 'broken/unknown-category.json') });
    expect(recording.rows.map((row) => row.scenarioId)).toEqual(['sluice-01', 'almanac-01']);
  });
});
