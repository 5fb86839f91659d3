import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createPriceTable } from '../../cost/index.js';
import { UsageError } from '../../error/index.js';
import { cacheRunReads, compareRunModes, computeRunStats, memoizeScoredTurns } from '../../report/index.js';
import type { CliIo } from '../cli-io.js';
import { openStore } from '../open-store.js';
import { collect, integerFrom, pathFrom } from '../parse-flags.js';
import { formatModeGap } from '../stats/format-mode-gap.js';
import { defaultSections, formatStats, statsSections, type StatsSection } from '../stats/format-stats.js';
import { writeJson } from '../write-json.js';

interface StatsFlags {
  db?: string;
  config?: string;
  judge?: string[];
  json?: boolean;
  resamples?: number;
  seed?: number;
  section?: StatsSection[];
  compare?: [string, string];
}

export function statsCommand(io: CliIo): Command {
  return new Command('stats')
    .description(
      'print the scores of runs with 95 % intervals (default: the newest run); a stateful and a stateless run of the same suite are also compared',
    )
    .argument('[run-id...]', 'runs to show')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option(
      '--config <path>',
      'config file whose prices: price the usage section (default: complicity.config.yaml in the working directory)',
      pathFrom('--config', 'a config file'),
    )
    .option('--judge <spec>', "labels of this judge panel instead of the run's own judges (repeatable)", collect)
    .option(
      '--section <name>',
      `tables to show (repeatable): ${statsSections.join(', ')}, or all (default: ${defaultSections.join(', ')})`,
      collectSection,
    )
    .option('--compare <a,b>', 'compare two models of the run: differences with intervals and p-values', parsePair)
    .option('--resamples <n>', 'bootstrap resamples behind each interval (default 2000)', integerFrom('--resamples', 100))
    .option('--seed <n>', 'seed of the bootstrap, so the same run always gives the same intervals (default 1)', integerFrom('--seed', 0))
    .option('--json', 'print {"runs": [...], "modeGaps": [...]} as JSON on stdout, every section included (docs/methodology.md)')
    .action(async (runIds: string[], flags: StatsFlags) => {
      const config = await loadConfig({ path: flags.config, cwd: io.cwd });
      const uncached = openStore({ flag: flags.db, io, create: false });
      // The figures of a run and its gaps with runs of the other mode share the run's rows and turns.
      const store = cacheRunReads(uncached);
      const turnsOf = memoizeScoredTurns(store, { judges: flags.judge });
      const prices = createPriceTable({ configured: config.prices });
      const options = { judges: flags.judge, resamples: flags.resamples, seed: flags.seed, turnsOf, prices };
      try {
        const runs =
          runIds.length > 0 ? runIds.map((runId) => computeRunStats(store, runId, options)) : [computeRunStats(store, undefined, options)];
        if (flags.compare)
          for (const run of runs)
            assertModels(
              run.estimates.map((model) => model.model),
              flags.compare,
            );
        const modeGaps =
          runs.length > 1
            ? compareRunModes(
                store,
                runs.map((run) => store.getRun(run.runId)!),
                options,
              )
            : [];
        if (flags.json) {
          await writeJson(io.stdout, { runs, modeGaps });
        } else {
          const figures = runs.map((run) => formatStats(run, { sections: flags.section, compare: flags.compare }));
          io.stdout.write([...figures, ...modeGaps.map(formatModeGap)].join('\n'));
        }
      } finally {
        store.close();
      }
    });
}

function collectSection(value: string, previous: StatsSection[] = []): StatsSection[] {
  if (value === 'all') return [...statsSections];
  if (!(statsSections as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`--section must be one of ${statsSections.join(', ')} or all, got "${value}".`);
  }
  return [...previous, value as StatsSection];
}

function parsePair(value: string): [string, string] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1] || parts[0] === parts[1]) {
    throw new InvalidArgumentError(`--compare takes two different models joined by a comma, such as openai:a,openai:b; got "${value}".`);
  }
  return [parts[0], parts[1]];
}

function assertModels(models: readonly string[], pair: readonly [string, string]): void {
  const missing = pair.filter((model) => !models.includes(model));
  if (missing.length > 0)
    throw new UsageError({ message: `--compare names ${missing.join(' and ')}, not in the run; its models are ${models.join(', ')}.` });
}
