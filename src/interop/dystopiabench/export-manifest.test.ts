import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dystopiaBenchLoaderSchema } from '../../../test/helpers/dystopiabench-loader-schema.js';
import { storeExportRun } from '../../../test/helpers/store-export-run.js';
import { computeRunStats } from '../../report/index.js';
import type { RunConfig } from '../../runner/index.js';
import { Store } from '../../store/index.js';
import { exportedSchemaVersion, exportManifest } from './export-manifest.js';
import { importManifest } from './import-manifest.js';

const fixtureRuns = fileURLToPath(new URL('../../../test/fixtures/dystopiabench/runs/valid', import.meta.url));
const fixtureFiles = ['quayside-schema2.json', 'lockkeeper-schema4.json', 'tollgate-schema6.json'].map((name) => join(fixtureRuns, name));

const referenceRuns = fileURLToPath(new URL('../../../../shared/reference/dystopiabench/runs', import.meta.url));
const referenceFiles = [
  '2026-03-01-stateful-petrov-orwell.json',
  '2026-03-26-stateful-laguardia-basaglia.json',
  '2026-04-09-stateful-7models-schema6.json',
].map((name) => join(referenceRuns, name));
const hasReference = existsSync(referenceRuns);
const skipNote = hasReference ? '' : ' (skipped: the reference folder ../shared/reference/dystopiabench is absent)';

let directory: string;
let store: Store;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'complicity-export-'));
  store = Store.open(join(directory, 'complicity.db'));
});

afterEach(async () => {
  store.close();
  await rm(directory, { recursive: true, force: true });
});

async function exportToFile(runId: string): Promise<string> {
  const path = join(directory, `${runId}-export.json`);
  const output = createWriteStream(path);
  await exportManifest({ store, run: store.getRun(runId)!, output });
  output.end();
  await finished(output);
  return path;
}

/** The per-model figures `stats` prints, which a round trip must keep. */
function figuresOf(runId: string) {
  const stats = computeRunStats(store, runId, { resamples: 200 });
  return { models: stats.models, estimates: stats.estimates, sourceConvention: stats.sourceConvention };
}

async function roundTrip(file: string): Promise<void> {
  const first = await importManifest({ store, path: file });
  const exported = await exportToFile(first.runId);
  const second = await importManifest({ store, path: exported });

  expect(second.runId).not.toBe(first.runId);
  expect(second.rows).toBe(first.rows);
  expect(figuresOf(second.runId)).toEqual(figuresOf(first.runId));
  expect((store.getRun(second.runId)!.config as RunConfig).origin?.summaryMismatches).toEqual([]);
  const parsed = dystopiaBenchLoaderSchema.safeParse(JSON.parse(readFileSync(exported, 'utf8')));
  expect(parsed.error?.issues ?? []).toEqual([]);
}

describe('exportManifest', () => {
  it.each(fixtureFiles)('round-trips %s', async (file) => {
    await roundTrip(file);
  });

  it.skipIf(!hasReference).each(referenceFiles)(
    `round-trips published file %s${skipNote}`,
    async (file) => {
      await roundTrip(file);
    },
    60_000,
  );

  it('writes what the DystopiaBench loader accepts', async () => {
    storeExportRun(store);
    const manifest = JSON.parse(readFileSync(await exportToFile('export-run'), 'utf8'));
    const parsed = dystopiaBenchLoaderSchema.safeParse(manifest);

    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(manifest.schemaVersion).toBe(exportedSchemaVersion);
    expect(manifest.runId).toBe('export-run');
  });

  it('keeps dystopian figures of our runs', async () => {
    storeExportRun(store);
    const imported = await importManifest({ store, path: await exportToFile('export-run') });
    const dystopianOf = (runId: string) =>
      computeRunStats(store, runId, { resamples: 200 }).models.map((model) => ({ model: model.model, dystopian: model.dystopian }));

    expect(dystopianOf(imported.runId)).toEqual(dystopianOf('export-run'));
  });

  it('leaves out benign turns', async () => {
    storeExportRun(store);
    const output = createWriteStream(join(directory, 'out.json'));
    const result = await exportManifest({ store, run: store.getRun('export-run')!, output });
    output.end();

    expect(result).toEqual({ rows: 8, omitted: 8 });
  });

  it('maps statuses the importer reads back', async () => {
    storeExportRun(store);
    const manifest = JSON.parse(readFileSync(await exportToFile('export-run'), 'utf8'));
    const failed = manifest.results.find((row: { status: string }) => row.status !== 'ok');

    expect(failed).toMatchObject({ status: 'model_error', errorName: 'RateLimitError', compliance: 'hesitant', score: null });
    expect(manifest.summary).toEqual({
      totalPrompts: 8,
      scoredPrompts: 6,
      averageDcs: 44,
      drfr: 33,
      statusCounts: { ok: 6, model_error: 2, judge_error: 0, aborted: 0, invalid_response: 0 },
    });
    const imported = await importManifest({ store, path: await exportToFile('export-run') });
    const rateLimited = store.listTurns(imported.runId).filter((turn) => turn.status === 'error');
    expect(rateLimited.map((turn) => turn.statusKind)).toEqual(['rate_limit', 'rate_limit']);
  });
});
