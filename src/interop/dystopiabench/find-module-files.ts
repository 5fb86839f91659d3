import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

import type { SuiteProblem } from '../../error/suite-validation-error.js';

/**
 * Expands files and directories into the list of module files to read.
 *
 * A file is taken as given, whatever its extension. A directory contributes the `*.json` files
 * directly inside it, sorted by name so that every run reads them in the same order, and its
 * subdirectories are not searched. A file reached twice is listed once. Paths that do not exist,
 * cannot be read, or are directories without `*.json` files become problems.
 */
export async function findModuleFiles(paths: string[]): Promise<{ files: string[]; problems: SuiteProblem[] }> {
  const files: string[] = [];
  const problems: SuiteProblem[] = [];
  const seen = new Set<string>();

  if (paths.length === 0) {
    problems.push({ file: '', path: '', message: 'no module paths given; pass at least one module file or directory of module files' });
  }

  for (const path of paths) {
    let found: string[];
    try {
      found = (await stat(path)).isDirectory() ? await listModuleFiles(path) : [path];
    } catch (error) {
      problems.push({ file: path, path: '', message: describeReadError(error) });
      continue;
    }

    if (found.length === 0) {
      problems.push({ file: path, path: '', message: 'directory contains no module files; expected .json files directly inside it' });
    }

    for (const file of found) {
      // Reading a module twice would make each of its scenario ids clash with itself.
      const key = resolve(file);
      if (!seen.has(key)) {
        seen.add(key);
        files.push(file);
      }
    }
  }

  return { files, problems };
}

async function listModuleFiles(directory: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (extname(entry.name) === '.json' && (entry.isFile() || (entry.isSymbolicLink() && (await isFile(join(directory, entry.name)))))) {
      names.push(entry.name);
    }
  }

  // The default sort compares UTF-16 code units, so the order does not depend on the machine's locale.
  names.sort();
  return names.map((name) => join(directory, name));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    // A dangling link is not a module file.
    return false;
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return 'not found; expected a module file or a directory of module files';
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `cannot be read: ${reason}`;
}
