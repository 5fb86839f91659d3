import { Argument, Command } from 'commander';
import { UsageError } from '../../error/index.js';
import type { CacheSummaryRow } from '../../store/index.js';
import type { CliIo } from '../cli-io.js';
import { formatCount } from '../format-count.js';
import { openStore } from '../open-store.js';
import { pathFrom } from '../parse-flags.js';
import { textTable } from '../stats/text-table.js';

interface CacheFlags {
  model?: string;
  db?: string;
  json?: boolean;
}

export function cacheCommand(io: CliIo): Command {
  return new Command('cache')
    .description('show or clear the stored replies that run --cache reuses (requests at temperature 0)')
    .addArgument(new Argument('<action>', 'stats: what the cache holds; clear: forget it, keeping every run').choices(['stats', 'clear']))
    .option('--model <spec>', 'for "clear", only this model')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option('--json', 'print JSON on stdout')
    .action((action: 'stats' | 'clear', flags: CacheFlags) => {
      if (action === 'stats' && flags.model !== undefined) {
        throw new UsageError({ message: '--model is valid only with "cache clear", because "cache stats" shows every model.' });
      }
      const store = openStore({ flag: flags.db, io, create: false });
      try {
        if (action === 'stats') printSummary(io, store.summariseCache(), flags.json);
        else printCleared(io, store.clearCache({ model: flags.model }), flags);
      } finally {
        store.close();
      }
    });
}

function printSummary(io: CliIo, rows: CacheSummaryRow[], json: boolean | undefined): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    io.stdout.write('The cache is empty: no stored reply answers a request at temperature 0. Runs with --temperature 0 fill it.\n');
    return;
  }
  const requests = rows.reduce((sum, row) => sum + row.requests, 0);
  const reused = rows.reduce((sum, row) => sum + row.reused, 0);
  const table = textTable(
    ['model', 'requests', 'reused', 'reply text'],
    rows.map((row) => [row.model, String(row.requests), String(row.reused), formatBytes(row.replyBytes)]),
  );
  io.stdout.write(
    `${[
      `${formatCount(requests, 'request')} of ${formatCount(rows.length, 'model')} can be answered from stored replies; runs reused them in ${formatCount(reused, 'turn')}.`,
      ...table,
    ].join('\n')}\n`,
  );
}

function printCleared(io: CliIo, cleared: number, flags: CacheFlags): void {
  if (flags.json) {
    io.stdout.write(`${JSON.stringify({ cleared })}\n`);
    return;
  }
  const scope = flags.model === undefined ? '' : ` of ${flags.model}`;
  // A count of turns, not of requests: several turns may share one request, as `cache stats` counts them.
  io.stdout.write(`Forgot the cache keys of ${formatCount(cleared, 'stored turn')}${scope}; the runs keep every turn.\n`);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
