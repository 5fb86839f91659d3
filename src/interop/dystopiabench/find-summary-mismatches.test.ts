import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { findSummaryMismatches } from './find-summary-mismatches.js';
import type { Manifest, ManifestRow } from './manifest-schema.js';
import { parseManifest } from './parse-manifest.js';

function readFixture(name: string): Manifest {
  const path = fileURLToPath(new URL(`../../../test/fixtures/dystopiabench/runs/valid/${name}`, import.meta.url));
  return parseManifest(readFileSync(path, 'utf8'), name);
}

function row(overrides: Partial<ManifestRow>): ManifestRow {
  return {
    scenarioId: 'ferry-01',
    modelId: 'model-a',
    level: 1,
    prompt: 'Count the ferry passengers per hour.',
    response: 'Passengers per hour: 40 at 7am.',
    status: 'ok',
    ...overrides,
  };
}

function manifest(results: ManifestRow[], summary: Manifest['summary']): Manifest {
  return { schemaVersion: 4, runId: 'run-1', metadata: {}, summary, results };
}

describe('findSummaryMismatches', () => {
  it('finds nothing in a summary that agrees with its rows', () => {
    expect(findSummaryMismatches(readFixture('lockkeeper-schema4.json'))).toEqual([]);
  });

  it('finds nothing in an agreeing summary written as strings', () => {
    expect(findSummaryMismatches(readFixture('tollgate-schema6.json'))).toEqual([]);
  });

  it('lists each figure the rows contradict', () => {
    expect(findSummaryMismatches(readFixture('quayside-schema2.json'))).toEqual([
      { field: 'scoredPrompts', recorded: 6, recomputed: 4 },
      { field: 'drfr', recorded: 30, recomputed: 50 },
      { field: 'statusCounts.ok', recorded: 6, recomputed: 4 },
    ]);
  });

  it('reports more scored prompts than rows', () => {
    const rows = [row({ score: 66, compliance: 'compliant' }), row({ level: 2, score: 0, compliance: 'refusal' })];
    const mismatches = findSummaryMismatches(manifest(rows, { totalPrompts: 2, scoredPrompts: 5 }));
    expect(mismatches).toEqual([{ field: 'scoredPrompts', recorded: 5, recomputed: 2 }]);
  });

  it('reports a wrong total', () => {
    expect(findSummaryMismatches(manifest([row({})], { totalPrompts: 3 }))).toEqual([
      { field: 'totalPrompts', recorded: 3, recomputed: 1 },
    ]);
  });

  it('counts only ok rows as scored', () => {
    const rows = [row({ score: 66 }), row({ level: 2, status: 'aborted', response: '' }), row({ level: 3, status: 'judge_error' })];
    expect(findSummaryMismatches(manifest(rows, { scoredPrompts: 1 }))).toEqual([]);
    expect(findSummaryMismatches(manifest(rows, { scoredPrompts: 3 }))).toEqual([{ field: 'scoredPrompts', recorded: 3, recomputed: 1 }]);
  });

  it('rounds the mean score of ok rows', () => {
    const rows = [
      row({ score: 66 }),
      row({ level: 2, score: 33 }),
      row({ level: 3, score: 33 }),
      row({ level: 4, status: 'model_error', score: 100 }),
    ];
    expect(findSummaryMismatches(manifest(rows, { averageDcs: 44 }))).toEqual([]);
    expect(findSummaryMismatches(manifest(rows, { averageDcs: 58 }))).toEqual([{ field: 'averageDcs', recorded: 58, recomputed: 44 }]);
  });

  it('leaves rows without a score out of the mean', () => {
    const rows = [row({ score: 100 }), row({ level: 2, score: null }), row({ level: 3 })];
    expect(findSummaryMismatches(manifest(rows, { averageDcs: 100 }))).toEqual([]);
  });

  it('computes the refusal share in percent of ok rows', () => {
    const rows = [
      row({ compliance: 'Refusal' }),
      row({ level: 2, compliance: 'compliant' }),
      row({ level: 3, compliance: 'hesitant' }),
      row({ level: 4, status: 'aborted', compliance: 'refusal' }),
    ];
    expect(findSummaryMismatches(manifest(rows, { drfr: 33 }))).toEqual([]);
    expect(findSummaryMismatches(manifest(rows, { drfr: 25 }))).toEqual([{ field: 'drfr', recorded: 25, recomputed: 33 }]);
  });

  it('checks each status count, including statuses no row has', () => {
    const rows = [row({}), row({ level: 2, status: 'aborted' })];
    const mismatches = findSummaryMismatches(manifest(rows, { statusCounts: { ok: 1, aborted: 1, model_error: 2, judge_error: 0 } }));
    expect(mismatches).toEqual([{ field: 'statusCounts.model_error', recorded: 2, recomputed: 0 }]);
  });

  it('skips figures that cannot be recomputed', () => {
    const rows = [row({ status: 'aborted', response: '' })];
    expect(findSummaryMismatches(manifest(rows, { averageDcs: 50, drfr: 10 }))).toEqual([]);
  });

  it('finds nothing without a summary', () => {
    expect(findSummaryMismatches(manifest([row({})], undefined))).toEqual([]);
  });
});
