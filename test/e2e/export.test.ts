import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/index.js';
import { hostileModel, storeExportRun } from '../helpers/store-export-run.js';
import { runCli } from './cli.js';

const safeName = /^[A-Za-z0-9._-]+$/;

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'complicity-export-cli-'));
  const store = Store.open(join(directory, 'complicity.db'));
  storeExportRun(store);
  store.close();
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function exportRun(args: string[]) {
  return runCli(['export', 'export-run', '--db', 'complicity.db', ...args], { cwd: directory });
}

describe('complicity export', () => {
  it('prints JSON Lines on stdout', async () => {
    const result = await exportRun(['--format', 'jsonl']);
    const lines = result.stdout.trimEnd().split('\n');

    expect(result.code).toBe(0);
    expect(lines).toHaveLength(16);
    expect(JSON.parse(lines[0]!).runId).toBe('export-run');
    expect(result.stderr).toBe('Exported 16 turns from run export-run.\n');
  });

  it('writes the summary CSV into a folder', async () => {
    await mkdir(join(directory, 'summary'));
    const result = await exportRun(['--format', 'csv', '--summary', '--out', 'summary']);
    const path = join(directory, 'summary', 'export-run-summary.csv');
    const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${path}\n`);
    expect(rows.map((row) => row.model).sort()).toEqual(['openai:plain-model', hostileModel].sort());
  });

  it('names Inspect logs safely for hostile models', async () => {
    await mkdir(join(directory, 'inspect'));
    const result = await exportRun(['--format', 'inspect', '--out', 'inspect']);
    const files = readdirSync(join(directory, 'inspect'));

    expect(result.code).toBe(0);
    expect(files).toHaveLength(2);
    for (const file of files) expect(file).toMatch(safeName);
    expect(files.filter((file) => file.startsWith('export-run_complicity_openai-plain-model-'))).toHaveLength(1);
    expect(files.filter((file) => file.startsWith('export-run_complicity_openrouter-evil-'))).toHaveLength(1);
  });

  it('writes a DystopiaBench file to a path', async () => {
    const result = await exportRun(['--format', 'dystopiabench', '--out', 'run.json']);
    const manifest = JSON.parse(readFileSync(join(directory, 'run.json'), 'utf8'));

    expect(result.code).toBe(0);
    expect(manifest.results).toHaveLength(8);
    expect(result.stderr).toContain('8 turns left out: benign or skipped');
    expect(readdirSync(directory).some((name) => name.endsWith('.partial'))).toBe(false);
  });
});
