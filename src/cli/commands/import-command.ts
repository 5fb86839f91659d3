import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { UsageError } from '../../error/index.js';
import { importManifest, readResultFile, type ImportResult } from '../../interop/index.js';
import type { CliIo } from '../cli-io.js';
import { formatCount } from '../format-count.js';
import { openStore } from '../open-store.js';
import { collectPaths, pathFrom } from '../parse-flags.js';

export function importCommand(io: CliIo): Command {
  return new Command('import')
    .description('import DystopiaBench result files (schema versions 2 to 7) into the store as runs')
    .argument(
      '<path...>',
      'result files, or folders whose .json files are all result files',
      collectPaths('<path>', 'a result file or folder'),
    )
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option('--json', 'print what was imported as JSON on stdout')
    .action(async (paths: string[], flags: { db?: string; json?: boolean }) => {
      const files = paths.flatMap((path) => filesOf(resolve(io.cwd, path)));
      // Every file is read before the store opens, so a bad one among them creates and changes nothing.
      for (const file of files) await readResultFile(file);
      const store = openStore({ flag: flags.db, io, create: true });
      const results: ImportResult[] = [];
      try {
        for (const file of files) {
          const result = await importManifest({ store, path: file });
          results.push(result);
          if (!flags.json) io.stdout.write(`${describe(result)}\n`);
        }
      } finally {
        store.close();
      }
      if (flags.json) io.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    });
}

/** A file as given, or the `.json` files directly inside a folder, sorted. */
function filesOf(path: string): string[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new UsageError({ message: `${path} was not found.` });
  if (!stats.isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(path, name));
  if (files.length === 0) throw new UsageError({ message: `${path} holds no .json files to import.` });
  return files;
}

function describe(result: ImportResult): string {
  if (result.outcome === 'already-imported') return `${result.file} is already imported as run ${result.runId}; nothing was added.`;
  return `Imported ${result.file} as run ${result.runId}: ${formatCount(result.rows, 'row')}, ${formatCount(result.models.length, 'model')}, DystopiaBench schema ${result.schemaVersion}.`;
}
