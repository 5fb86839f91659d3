import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

import type { SuiteProblem } from '../error/suite-validation-error.js';
import { compareCodeUnits } from './compare-code-units.js';

const scenarioExtensions = new Set(['.yaml', '.yml']);

/**
 * Expands files and directories into the list of scenario files to read.
 *
 * A file is taken as given, whatever its extension. A directory is searched recursively for
 * `*.yaml` and `*.yml` files, which are sorted by path so that every run reads them in the same
 * order. A file reached twice is listed once. Paths that do not exist, cannot be read, or are
 * directories without scenario files become problems.
 */
export async function findScenarioFiles(paths: string[]): Promise<{ files: string[]; problems: SuiteProblem[] }> {
  const files: string[] = [];
  const problems: SuiteProblem[] = [];
  const seen = new Set<string>();

  if (paths.length === 0) {
    problems.push({ file: '', path: '', message: 'no scenario paths given; pass at least one file or directory' });
  }

  for (const path of paths) {
    let found: string[];
    try {
      found = (await stat(path)).isDirectory() ? (await listScenarioFiles(path)).sort(compareCodeUnits) : [path];
    } catch (error) {
      problems.push({ file: path, path: '', message: describeReadError(error) });
      continue;
    }

    if (found.length === 0) {
      problems.push({
        file: path,
        path: '',
        message: 'directory contains no scenario files; expected .yaml or .yml files in it or its subdirectories',
      });
    }

    for (const file of found) {
      // Listing a file twice would make its id clash with itself.
      const key = resolve(file);
      if (!seen.has(key)) {
        seen.add(key);
        files.push(file);
      }
    }
  }

  return { files, problems };
}

async function listScenarioFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      files.push(...(await listScenarioFiles(path)));
    } else if (scenarioExtensions.has(extname(entry.name)) && (entry.isFile() || (await isLinkToFile(path)))) {
      files.push(path);
    }
  }
  return files;
}

/** Checks whether the symbolic link at `path` points to a file. Links to directories are skipped, because they could form a cycle. */
async function isLinkToFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    // A dangling link is not a scenario file.
    return false;
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return 'not found; expected a scenario file or a directory of scenario files';
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `cannot be read: ${reason}`;
}
