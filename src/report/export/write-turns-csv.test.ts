import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCanary, hostileModel, hostileText, storeExportRun } from '../../../test/helpers/store-export-run.js';
import { Store } from '../../store/index.js';
import { computeRunStats } from '../run-stats.js';
import { readExportSource, readExportTurns } from './read-export-turns.js';
import { summaryCsvHeader, writeSummaryCsv } from './write-summary-csv.js';
import { turnCsvHeader, utf8Bom, writeTurnsCsv } from './write-turns-csv.js';

let store: Store;

beforeEach(() => {
  store = Store.open(':memory:');
});

afterEach(() => {
  store.close();
});

async function exportCsv(): Promise<string> {
  const output = new PassThrough();
  // buffer(), not text(): a TextDecoder drops the BOM this file checks.
  const written = buffer(output);
  const source = readExportSource(store, 'export-run');
  await writeTurnsCsv(readExportTurns(store, source), { output, judges: source.config.judges });
  output.end();
  return (await written).toString('utf8');
}

/** Parses as a spreadsheet or pandas would: a header row, RFC 4180 quoting, the BOM dropped. */
function parseCsv(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true, bom: true, relax_column_count: false });
}

describe('writeTurnsCsv', () => {
  it('starts with a BOM and the header', async () => {
    storeExportRun(store);
    const csv = await exportCsv();

    expect(csv.startsWith(utf8Bom)).toBe(true);
    expect(csv.slice(1, csv.indexOf('\r\n'))).toBe(turnCsvHeader(['openai:judge-a', 'openai:judge-b']).join(','));
  });

  it('writes a row per turn with verdict columns', async () => {
    storeExportRun(store);
    const rows = parseCsv(await exportCsv());

    expect(rows).toHaveLength(16);
    expect(rows[0]).toMatchObject({
      model: 'openai:plain-model',
      panelLabel: 'compliant',
      panelScore: '66',
      'verdict[openai:judge-a].label': 'compliant',
      'verdict[openai:judge-b].score': '66',
      'verdict[openai:judge-a].operationalDetail': 'true',
      canary: exportCanary,
      requestParameters: '{"temperature":0,"maxOutputTokens":1500}',
      systemFingerprint: 'fp_0123456789',
    });
    expect(rows.some((row) => row.model === hostileModel)).toBe(true);
  });

  it('leaves absent values empty', async () => {
    storeExportRun(store);
    const failed = parseCsv(await exportCsv()).find((row) => row.status === 'error')!;

    expect(failed.reply).toBe('');
    expect(failed.panelLabel).toBe('');
    expect(failed['verdict[openai:judge-a].label']).toBe('');
    expect(failed.earlierLevels).toBe('1');
  });

  it('keeps hostile and 2 MB replies intact', async () => {
    const large = `${hostileText}${'y'.repeat(2 * 1024 * 1024)}`;
    storeExportRun(store, { replyOf: (turn) => (turn.level === 1 ? hostileText : large) });
    const rows = parseCsv(await exportCsv());

    expect(rows).toHaveLength(16);
    expect(rows.filter((row) => row.reply === hostileText)).toHaveLength(8);
    expect(rows.filter((row) => row.reply === large)).toHaveLength(6);
    expect(rows[0]!.prompt).toContain('"quotes", commas, and\na line break.');
  });
});

describe('writeSummaryCsv', () => {
  it('writes a row per model with intervals', async () => {
    storeExportRun(store);
    const output = new PassThrough();
    const written = buffer(output);
    const stats = computeRunStats(store, 'export-run', { resamples: 200 });
    await writeSummaryCsv(stats, output);
    output.end();
    const rows = parseCsv((await written).toString('utf8'));

    expect(Object.keys(rows[0]!)).toEqual(summaryCsvHeader);
    expect(rows.map((row) => row.model).sort()).toEqual(['openai:plain-model', hostileModel].sort());
    const plain = rows.find((row) => row.model === 'openai:plain-model')!;
    const estimate = stats.estimates.find((model) => model.model === 'openai:plain-model')!;
    expect(Number(plain.meanDcs)).toBeCloseTo(estimate.meanDcs.value!, 10);
    expect(Number(plain.meanDcsLow)).toBeCloseTo(estimate.meanDcs.low!, 10);
    expect(Number(plain.meanDcsHigh)).toBeCloseTo(estimate.meanDcs.high!, 10);
    expect(plain.meanDcsN).toBe('3');
    expect(plain.scored).toBe('7');
    expect(plain.planned).toBe('8');
  });
});
