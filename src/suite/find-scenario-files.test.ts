import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findScenarioFiles } from './find-scenario-files.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'complicity-find-'));
  await mkdir(join(root, 'suite', 'a', 'nested'), { recursive: true });
  await mkdir(join(root, 'suite', 'empty'));
  await mkdir(join(root, 'no-scenarios'));
  const files = ['suite/b.yaml', 'suite/a/z.yml', 'suite/a/nested/c.yaml', 'suite/notes.txt', 'no-scenarios/readme.md'];
  for (const file of files) {
    await writeFile(join(root, file), 'id: x\n');
  }
  await symlink(join(root, 'suite', 'b.yaml'), join(root, 'suite', 'link.yaml'));
  await symlink(join(root, 'suite', 'a'), join(root, 'suite', 'linked-directory'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findScenarioFiles', () => {
  it('finds scenario files recursively in sorted order', async () => {
    const { files, problems } = await findScenarioFiles([join(root, 'suite')]);
    expect(problems).toEqual([]);
    expect(files).toEqual(['a/nested/c.yaml', 'a/z.yml', 'b.yaml', 'link.yaml'].map((file) => join(root, 'suite', file)));
  });

  it('skips links to directories', async () => {
    const { files } = await findScenarioFiles([join(root, 'suite')]);
    expect(files.filter((file) => file.includes('linked-directory'))).toEqual([]);
  });

  it('keeps the order of the paths given', async () => {
    const { files } = await findScenarioFiles([join(root, 'suite', 'b.yaml'), join(root, 'suite', 'a')]);
    expect(files).toEqual([join(root, 'suite', 'b.yaml'), join(root, 'suite', 'a', 'nested', 'c.yaml'), join(root, 'suite', 'a', 'z.yml')]);
  });

  it('takes a file as given whatever its extension', async () => {
    const { files } = await findScenarioFiles([join(root, 'suite', 'notes.txt')]);
    expect(files).toEqual([join(root, 'suite', 'notes.txt')]);
  });

  it('lists a file reached twice once', async () => {
    const { files } = await findScenarioFiles([join(root, 'suite', 'a', 'z.yml'), join(root, 'suite', 'a')]);
    expect(files).toEqual([join(root, 'suite', 'a', 'z.yml'), join(root, 'suite', 'a', 'nested', 'c.yaml')]);
  });

  it('reports a path that does not exist', async () => {
    const missing = join(root, 'missing');
    const { files, problems } = await findScenarioFiles([missing]);
    expect(files).toEqual([]);
    expect(problems).toEqual([
      { file: missing, path: '', message: 'not found; expected a scenario file or a directory of scenario files' },
    ]);
  });

  it('reports a directory without scenario files', async () => {
    const { problems } = await findScenarioFiles([join(root, 'no-scenarios')]);
    expect(problems).toEqual([
      {
        file: join(root, 'no-scenarios'),
        path: '',
        message: 'directory contains no scenario files; expected .yaml or .yml files in it or its subdirectories',
      },
    ]);
  });

  it('reports an empty list of paths', async () => {
    const { problems } = await findScenarioFiles([]);
    expect(problems).toEqual([{ file: '', path: '', message: 'no scenario paths given; pass at least one file or directory' }]);
  });
});
