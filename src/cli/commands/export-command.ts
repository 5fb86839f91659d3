import { createWriteStream, openSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { UsageError } from '../../error/index.js';
import { exportManifest } from '../../interop/index.js';
import {
  computeRunStats,
  readExportSource,
  readExportTurns,
  safeFileName,
  writeJsonl,
  writeSummaryCsv,
  writeInspectLogs,
  writeTurnsCsv,
  type ExportSource,
} from '../../report/index.js';
import type { Store } from '../../store/index.js';
import type { CliIo } from '../cli-io.js';
import { formatCount } from '../format-count.js';
import { openStore } from '../open-store.js';
import { pathFrom } from '../parse-flags.js';

const exportFormats = ['jsonl', 'csv', 'inspect', 'dystopiabench'] as const;
type ExportFormat = (typeof exportFormats)[number];

const extensionOf: Record<ExportFormat, string> = { jsonl: 'jsonl', csv: 'csv', inspect: 'json', dystopiabench: 'json' };

interface ExportFlags {
  format?: ExportFormat;
  out?: string;
  summary?: boolean;
  db?: string;
}

export function exportCommand(io: CliIo): Command {
  return new Command('export')
    .description("write a run's turns, verdicts and figures in formats other tools read (docs/exports.md)")
    .argument('<run-id>', 'run to export')
    .addOption(
      new Option(
        '--format <format>',
        '(required) jsonl: a line per turn; csv: a row per turn; inspect: an Inspect AI log per model; dystopiabench: a DystopiaBench result file',
      ).choices(exportFormats),
    )
    .option(
      '--out <path>',
      'file to write, or an existing folder to write RUN_ID.EXT into (default: standard output); for inspect, the folder of the logs (required)',
      pathFrom('--out', 'a file or folder'),
    )
    .option('--summary', 'with --format csv: the per-model figures with 95 % intervals instead of the turns')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .action(async (runId: string, flags: ExportFlags) => {
      // Checked here rather than by commander, which would report a missing --format before an unknown flag.
      if (flags.format === undefined) throw new UsageError({ message: `--format is required: ${exportFormats.join(', ')}.` });
      if (flags.summary && flags.format !== 'csv') {
        throw new UsageError({ message: `--summary is valid only with --format csv, got --format ${flags.format}.` });
      }
      if (flags.format === 'inspect' && flags.out === undefined) {
        throw new UsageError({ message: '--format inspect writes one log per model, so it needs --out FOLDER.' });
      }
      const store = openStore({ flag: flags.db, io, create: false });
      try {
        const source = readExportSource(store, runId);
        if (flags.format === 'inspect') {
          await exportInspectLogs({ store, source, folder: resolve(io.cwd, flags.out!), io });
          return;
        }
        const fileFlags = { ...flags, format: flags.format };
        const target =
          flags.out === undefined ? undefined : outputPath({ out: resolve(io.cwd, flags.out), runId: source.run.id, flags: fileFlags });
        const count = await writeTo(target, io, (output) => writeExport({ store, source, flags: fileFlags, output }));
        if (target) io.stdout.write(`${target}\n`);
        io.stderr.write(`Exported ${count} from run ${source.run.id}.\n`);
      } finally {
        store.close();
      }
    });
}

/** Writes RUN_ID_complicity_MODEL.json per model into `folder`, printing each path. */
async function exportInspectLogs({
  store,
  source,
  folder,
  io,
}: {
  store: Store;
  source: ExportSource;
  folder: string;
  io: CliIo;
}): Promise<void> {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError({
      message: `The output folder ${folder} does not exist or is a file. Create it, or give --out an existing folder.`,
    });
  }
  const stats = computeRunStats(store, source.run.id);
  const targets = new Map(
    source.config.models.map((model) => [model, join(folder, `${safeFileName(source.run.id)}_complicity_${safeFileName(model)}.json`)]),
  );
  const files = new Map<string, PartialFile>();
  try {
    for (const [model, target] of targets) files.set(model, openPartialFile(target));
    const outputs = new Map([...files].map(([model, file]) => [model, file.output]));
    const counts = await writeInspectLogs({ store, source, stats, outputs });
    for (const file of files.values()) await file.commit();
    for (const [model, target] of targets) {
      io.stdout.write(`${target}\n`);
      io.stderr.write(`Exported ${formatCount(counts.get(model) ?? 0, 'sample')} of ${model} from run ${source.run.id}.\n`);
    }
  } catch (error) {
    for (const file of files.values()) await file.discard();
    throw error;
  }
}

/** Returns the file to write: `--out` itself, or RUN_ID.EXT inside it when it is an existing folder. */
function outputPath({ out, runId, flags }: { out: string; runId: string; flags: ExportFlags & { format: ExportFormat } }): string {
  const stats = statSync(out, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) return out;
  const suffix = flags.summary ? '-summary' : '';
  return join(out, `${safeFileName(runId)}${suffix}.${extensionOf[flags.format]}`);
}

/** Writes one file-shaped export and returns what it wrote, counted, for the closing message. */
async function writeExport({
  store,
  source,
  flags,
  output,
}: {
  store: Store;
  source: ExportSource;
  flags: ExportFlags & { format: Exclude<ExportFormat, 'inspect'> };
  output: Writable;
}): Promise<string> {
  switch (flags.format) {
    case 'jsonl':
      return formatCount(await writeJsonl(readExportTurns(store, source), output), 'turn');
    case 'csv':
      if (flags.summary) return formatCount(await writeSummaryCsv(computeRunStats(store, source.run.id), output), 'model');
      return formatCount(await writeTurnsCsv(readExportTurns(store, source), { output, judges: source.config.judges }), 'turn');
    case 'dystopiabench': {
      const { rows, omitted } = await exportManifest({ store, run: source.run, output });
      return `${formatCount(rows, 'row')}${omitted > 0 ? ` (${formatCount(omitted, 'turn')} left out: benign or skipped, which DystopiaBench has no row for)` : ''}`;
    }
  }
}

/**
 * Runs `write` against standard output, or against a file written beside `target` and renamed onto
 * it at the end, so a failed export never leaves a partial file under the requested name.
 */
async function writeTo(target: string | undefined, io: CliIo, write: (output: Writable) => Promise<string>): Promise<string> {
  if (target === undefined) return write(io.stdout as Writable);
  const file = openPartialFile(target);
  try {
    const result = await write(file.output);
    await file.commit();
    return result;
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** A file written as `TARGET.partial`: `commit` renames it onto the target once complete, `discard` removes it. */
interface PartialFile {
  output: Writable;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

function openPartialFile(target: string): PartialFile {
  const partial = `${target}.partial`;
  const output = createWriteStream('', { fd: openPartial(partial, target) });
  // A write error also rejects `finished` in commit, which reports it; without a listener it would crash the process.
  output.on('error', () => {});
  return {
    output,
    async commit() {
      output.end();
      await finished(output);
      await rename(partial, target);
    },
    async discard() {
      output.destroy();
      await rm(partial, { force: true });
    },
  };
}

function openPartial(partial: string, target: string): number {
  try {
    return openSync(partial, 'w');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new UsageError({ message: `Cannot write ${target}: ${reason}. Give --out a file in an existing folder.`, cause: error });
  }
}
