import { Command } from 'commander';
import { computeRunStats } from '../../report/index.js';
import type { CliIo } from '../cli-io.js';
import { formatStats } from '../format-stats.js';
import { openStore } from '../open-store.js';
import { collect } from '../parse-flags.js';

export function statsCommand(io: CliIo): Command {
  return new Command('stats')
    .description('print the scores of runs (default: the newest run)')
    .argument('[run-id...]', 'runs to show')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)')
    .option('--judge <spec>', "labels of this judge panel instead of the run's own judges (repeatable)", collect)
    .option('--json', 'print {"runs": [...]} as JSON on stdout')
    .action((runIds: string[], flags: { db?: string; judge?: string[]; json?: boolean }) => {
      const store = openStore({ flag: flags.db, io, create: false });
      const judges = flags.judge;
      try {
        const runs =
          runIds.length > 0
            ? runIds.map((runId) => computeRunStats(store, runId, { judges }))
            : [computeRunStats(store, undefined, { judges })];
        io.stdout.write(flags.json ? `${JSON.stringify({ runs }, null, 2)}\n` : runs.map(formatStats).join('\n'));
      } finally {
        store.close();
      }
    });
}
