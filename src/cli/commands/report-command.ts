import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { writeSite, type SiteEvent } from '../../report/index.js';
import type { CliIo } from '../cli-io.js';
import { formatCount } from '../format-count.js';
import { openStore } from '../open-store.js';
import { pathFrom } from '../parse-flags.js';

interface ReportFlags {
  out?: string;
  db?: string;
  assets?: string;
}

export function reportCommand(io: CliIo): Command {
  return (
    new Command('report')
      .description(
        'write the static results site of runs (leaderboard, heatmap, escalation, transcripts, judges, comparisons); it opens from file:// or any static host',
      )
      .argument('[run-id...]', 'runs to include (default: every run in the store)')
      .option(
        '--out <dir>',
        'folder of the site: new, empty, or an earlier report, which is replaced (default: .complicity/site)',
        pathFrom('--out', 'a folder'),
      )
      .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
      // For tests and for work on the browser code: another build than the package's dist/site.
      .addOption(
        new Option('--assets <dir>', "the site's browser build to copy (default: dist/site of the package)")
          .argParser(pathFrom('--assets', 'a folder'))
          .hideHelp(),
      )
      .action(async (runIds: string[], flags: ReportFlags) => {
        const store = openStore({ flag: flags.db, io, create: false });
        try {
          const result = await writeSite({
            store,
            runIds,
            outDir: resolve(io.cwd, flags.out ?? '.complicity/site'),
            assetsDir: flags.assets === undefined ? undefined : resolve(io.cwd, flags.assets),
            onEvent: (event) => io.stderr.write(formatSiteEvent(event)),
          });
          const summary = [
            formatCount(result.runs, 'run'),
            formatCount(result.comparisons, 'comparison'),
            formatCount(result.files, 'file'),
            formatBytes(result.bytes),
          ].join(', ');
          io.stdout.write(`${result.indexPath}\n${summary} in ${(result.durationMs / 1000).toFixed(1)} s\n`);
        } finally {
          store.close();
        }
      })
  );
}

function formatSiteEvent(event: SiteEvent): string {
  switch (event.type) {
    case 'run-start':
      return `Writing run ${event.runId} (${event.index + 1} of ${event.runs})…\n`;
    case 'run-end':
      return `Wrote run ${event.runId}: ${formatCount(event.files, 'file')}, ${formatBytes(event.bytes)} in ${(event.durationMs / 1000).toFixed(1)} s.\n`;
    case 'comparisons-start':
      return `Comparing ${formatCount(event.comparisons, 'pair')} of runs of the same suite…\n`;
    case 'assets-copied':
      return `Copied the browser build: ${formatCount(event.files, 'file')}, ${formatBytes(event.bytes)}.\n`;
  }
}

/** Formats a size in bytes with decimal units, such as `4.0 kB` or `474.6 MB`. */
function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
