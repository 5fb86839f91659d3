import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { bundledSuitePath } from './bundled-suite-path.js';
import { findScenarioFiles } from './find-scenario-files.js';
import { parseScenario } from './parse-scenario.js';
import { buildScenarioSnapshot, createSnapshotLookup, hashScenarioSource, type ScenarioSnapshot } from './scenario-snapshot.js';
import { suiteMetadataFileName } from './suite-metadata-schema.js';

const folder = mkdtempSync(join(tmpdir(), 'complicity-snapshot-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

async function bundledSources(): Promise<{ file: string; source: string }[]> {
  const { files } = await findScenarioFiles([bundledSuitePath]);
  return files.filter((file) => basename(file) !== suiteMetadataFileName).map((file) => ({ file, source: readFileSync(file, 'utf8') }));
}

function writeSnapshot(snapshot: ScenarioSnapshot): string {
  const path = join(folder, `snapshot-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

describe('scenario snapshot', () => {
  it('gives every bundled file the result of parsing it', async () => {
    const sources = await bundledSources();
    const lookUp = createSnapshotLookup(
      writeSnapshot(buildScenarioSnapshot(sources.map((input) => ({ ...input, result: parseScenario(input) })))),
    );

    expect(sources.length).toBeGreaterThan(40);
    for (const input of sources) expect(lookUp(input), input.file).toStrictEqual(parseScenario(input));
  });

  it('parses a file whose text differs by one character', async () => {
    const [first] = await bundledSources();
    const lookUp = createSnapshotLookup(writeSnapshot(buildScenarioSnapshot([{ ...first!, result: parseScenario(first!) }])));

    expect(lookUp(first!)).toBeDefined();
    expect(lookUp({ ...first!, source: `${first!.source}\n` })).toBeUndefined();
  });

  it('leaves out files with problems', () => {
    const source = 'id: broken\ntitle: 3\n';
    const snapshot = buildScenarioSnapshot([{ source, result: parseScenario({ source, file: 'broken.yaml' }) }]);

    expect(snapshot.entries).toEqual({});
  });

  it('matches nothing without a valid snapshot file', async () => {
    const [first] = await bundledSources();
    const notSnapshot = join(folder, 'not-a-snapshot.json');
    writeFileSync(notSnapshot, '{"format": 2}');

    expect(createSnapshotLookup(join(folder, 'missing.json'))(first!)).toBeUndefined();
    expect(createSnapshotLookup(notSnapshot)(first!)).toBeUndefined();
  });

  it('hands each caller its own copy', async () => {
    const [first] = await bundledSources();
    const lookUp = createSnapshotLookup(writeSnapshot(buildScenarioSnapshot([{ ...first!, result: parseScenario(first!) }])));
    lookUp(first!)!.scenario!.levels[0]!.prompt = 'changed';

    expect(lookUp(first!)!.scenario!.levels[0]!.prompt).not.toBe('changed');
  });

  // `npm test` builds first, so the snapshot the package ships is checked against the sources.
  const builtSnapshot = resolve(bundledSuitePath, '../dist/suite/scenario-snapshot.json');
  it.skipIf(!existsSync(builtSnapshot))('ships a snapshot that matches the bundled files', async () => {
    const sources = await bundledSources();
    const lookUp = createSnapshotLookup(builtSnapshot);
    const snapshot = JSON.parse(readFileSync(builtSnapshot, 'utf8')) as ScenarioSnapshot;

    expect(Object.keys(snapshot.entries).sort()).toEqual(sources.map(({ source }) => hashScenarioSource(source)).sort());
    for (const input of sources) expect(lookUp(input), input.file).toStrictEqual(parseScenario(input));
  });
});
