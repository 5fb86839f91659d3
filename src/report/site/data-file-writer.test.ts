import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFileWriter } from './data-file-writer.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'complicity-data-writer-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('DataFileWriter', () => {
  it('writes each file under data/ with encoded segments', () => {
    const writer = new DataFileWriter(folder);

    writer.write(['runs', 'Run_1', 'transcripts', 'scenario-a'], { id: 'scenario-a' });

    const text = readFileSync(join(folder, 'data/runs/_52un_5f1/transcripts/scenario-a.js'), 'utf8');
    expect(text).toBe('complicitySiteData("runs/Run_1/transcripts/scenario-a",{"id":"scenario-a"});\n');
  });

  it('counts files and bytes', () => {
    const writer = new DataFileWriter(folder);

    const first = writer.write(['index'], { text: 'é' });
    const second = writer.write(['runs', 'a', 'summary'], {});

    expect(writer.files).toBe(2);
    expect(first).toBe(Buffer.byteLength(readFileSync(join(folder, 'data/index.js'))));
    expect(writer.bytes).toBe(first + second);
  });
});
