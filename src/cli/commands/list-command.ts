import { existsSync } from 'node:fs';
import { Command, Argument } from 'commander';
import { loadConfig } from '../../config/index.js';
import { UsageError } from '../../error/index.js';
import { families } from '../../suite/index.js';
import { resolveModelSpec } from '../../provider/index.js';
import { effectiveRunStatus, type RunConfig } from '../../runner/index.js';
import type { CliIo } from '../cli-io.js';
import { resolveStorePath } from '../default-paths.js';
import { loadCliSuite, needsStore, suitePathsOf } from '../load-cli-suite.js';
import { openStore } from '../open-store.js';
import { collect, collectPaths, pathFrom } from '../parse-flags.js';

interface ListFlags {
  suite?: string[];
  family?: string[];
  db?: string;
  config?: string;
  json?: boolean;
}

export function listCommand(io: CliIo): Command {
  return new Command('list')
    .description('list scenarios of a suite, runs in the store, or models declared and used')
    .addArgument(new Argument('<what>', 'what to list').choices(['scenarios', 'runs', 'models']))
    .option(
      '--suite <path>',
      'scenario file or folder for "scenarios" (repeatable; default: the bundled suite)',
      collectPaths('--suite', 'a scenario file or folder'),
    )
    .option('--family <family>', 'for "scenarios", only this family (repeatable)', collect)
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option(
      '--config <path>',
      'config file (default: complicity.config.yaml in the working directory)',
      pathFrom('--config', 'a config file'),
    )
    .option('--json', 'print JSON on stdout')
    .action(async (what: 'scenarios' | 'runs' | 'models', flags: ListFlags) => {
      // With no store there is nothing to list yet, which is no misuse.
      const storePath = resolveStorePath(flags.db, io);
      if (what === 'runs' && !existsSync(storePath)) {
        io.stdout.write(
          flags.json
            ? '[]\n'
            : `No runs yet: there is no store at ${storePath}. Start one with "complicity run", or bring in DystopiaBench results with "complicity import FILE".\n`,
        );
        return;
      }
      const rows =
        what === 'scenarios' ? await listScenarios(flags, io) : what === 'runs' ? listRuns(flags, io) : await listModels(flags, io);
      if (flags.json) {
        io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      io.stdout.write(rows.length === 0 ? `No ${what}.\n` : `${formatRows(rows)}\n`);
    });
}

async function listScenarios(flags: ListFlags, io: CliIo): Promise<Row[]> {
  const sources = suitePathsOf(flags.suite ?? [], io);
  const store = needsStore(sources) ? openStore({ flag: flags.db, io, create: false }) : undefined;
  let suite;
  try {
    suite = await loadCliSuite(sources, { store });
  } finally {
    store?.close();
  }
  const unknownFamily = flags.family?.find((family) => !(families as readonly string[]).includes(family));
  if (unknownFamily) throw new UsageError({ message: `--family must be one of ${families.join(', ')}; got "${unknownFamily}".` });
  return suite.scenarios
    .filter((scenario) => !flags.family || flags.family.includes(scenario.family))
    .map((scenario) => ({
      id: scenario.id,
      family: scenario.family,
      country: scenario.organisation.country,
      sector: scenario.organisation.sector,
      benign: scenario.benign !== undefined,
      title: scenario.title,
    }));
}

function listRuns(flags: ListFlags, io: CliIo): Row[] {
  const store = openStore({ flag: flags.db, io, create: false });
  try {
    return store.listRuns().map((run) => {
      const config = run.config as RunConfig;
      return {
        id: run.id,
        status: effectiveRunStatus(run),
        createdAt: run.createdAt,
        mode: config.mode,
        models: config.models,
        judges: config.judges,
      };
    });
  } finally {
    store.close();
  }
}

async function listModels(flags: ListFlags, io: CliIo): Promise<Row[]> {
  const config = await loadConfig({ path: flags.config, cwd: io.cwd });
  const rows = new Map<string, Row>();
  for (const name of Object.keys(config.models)) {
    // A model declared by provider alone takes its base URL from the provider's defaults.
    const { baseURL } = resolveModelSpec(name, { declaredModels: config.models, env: io.env });
    rows.set(name, { model: name, source: 'declared', endpoint: hostOf(baseURL), runs: 0 });
  }
  if (existsSync(resolveStorePath(flags.db, io))) {
    const store = openStore({ flag: flags.db, io, create: false });
    try {
      for (const run of store.listRuns()) {
        const runConfig = run.config as RunConfig;
        for (const spec of new Set([...runConfig.models, ...runConfig.judges])) {
          const row = rows.get(spec) ?? { model: spec, source: 'used', endpoint: runConfig.endpoints[spec]?.host ?? '', runs: 0 };
          row['runs'] = Number(row['runs']) + 1;
          rows.set(spec, row);
        }
      }
    } finally {
      store.close();
    }
  }
  return [...rows.values()];
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** One listed item: JSON output keeps the types, the table shows lists joined and booleans as yes or no. */
type Row = Record<string, string | number | boolean | string[]>;

function formatCell(value: Row[string] | undefined): string {
  if (Array.isArray(value)) return value.join(' ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value === undefined ? '' : String(value);
}

function formatRows(rows: Row[]): string {
  const columns = Object.keys(rows[0]!);
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => row[index]!.length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index]!))
      .join('  ')
      .trimEnd();
  return [render(columns), ...cells.map(render)].join('\n');
}
