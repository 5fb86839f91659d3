import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, repositoryRoot } from './cli.js';

const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const packageFiles = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { files: string[] }).files;

/** The TypeScript block of the README's "As a library" section. */
function libraryExample(): string {
  const section = readme.slice(readme.indexOf('## As a library'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('README.md has no ```ts block under "## As a library".');
  return match[1]!;
}

/** Whether `path`, relative to the repository, names a folder of the repository that npm does not publish. */
function isUnpublishedRepositoryPath(path: string): boolean {
  const top = path.replace(/^\.\//, '').split('/')[0]!;
  const isFolder = statSync(join(repositoryRoot, top), { throwIfNoEntry: false })?.isDirectory() ?? false;
  return isFolder && !packageFiles.includes(top);
}

describe('README library example', () => {
  let library: Record<string, unknown>;

  beforeAll(async () => {
    assertBuilt();
    library = (await import(join(repositoryRoot, 'dist/index.js'))) as Record<string, unknown>;
  });

  it('imports only exported names', () => {
    const names = /import \{([^}]*)\} from 'complicity'/.exec(libraryExample())?.[1]?.split(',') ?? [];
    expect(names.length).toBeGreaterThan(0);
    for (const name of names.map((entry) => entry.trim())) expect(library, name).toHaveProperty(name);
  });

  it('reads no file left out of the package', () => {
    const strings = [...libraryExample().matchAll(/'([^']*)'/g)].map((match) => match[1]!);
    expect(strings.filter(isUnpublishedRepositoryPath)).toEqual([]);
  });

  it('loads the bundled suite from a published folder', async () => {
    const { bundledSuitePath, loadSuite } = library as {
      bundledSuitePath: string;
      loadSuite: (paths: string[]) => Promise<{ scenarios: unknown[] }>;
    };
    expect(packageFiles).toContain(relative(repositoryRoot, bundledSuitePath).split(sep)[0]);
    expect((await loadSuite([bundledSuitePath])).scenarios).toHaveLength(50);
  });
});
