// Measures the harness at scale against the fake OpenAI-compatible server and prints one table.
// It covers the wall time of runs against the ideal, harness CPU per model call, peak memory of
// runs by size, `stats` and `report` on a generated store, and DystopiaBench import throughput.
// Run with: npm run bench [-- --quick] [-- --only runs,memory,views,import] (see --help)
import { existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureImport } from './measure-import.js';
import { repositoryRoot, type ProcessMeasure } from './measure-process.js';
import { measureRun, type RunMeasure, type RunShape } from './measure-run.js';
import { measureViews } from './measure-views.js';

const sections = ['runs', 'memory', 'views', 'import'] as const;
type Section = (typeof sections)[number];

// Turns per model and replicate in the bundled suite: every level of every scenario and benign twin.
const suiteTurnsPerModel = 500;

const help = `npm run bench [-- OPTIONS]

  --only LIST            sections to run, comma-separated: ${sections.join(', ')} (default: all)
  --quick                a short subset: concurrency 64 only, memory at 1,000 and 10,000 turns,
                         views on a store of 10,000 turns
  --latency MS           fake server latency for the timed runs (default 200)
  --concurrency LIST     concurrency limits of the timed runs (default 8,64,256)
  --modes LIST           stateful, stateless or both (default both)
  --models N             models in each timed run (default 10)
  --memory-turns LIST    run sizes for peak memory (default 1000,10000,100000)
  --memory-latency MS    fake server latency for the memory runs (default 1)
  --store-turns N        turns of the generated store for stats and report (default 100000)
  --store PATH           generated store to use or write (default: a file in the system's temp folder)
  --dystopiabench DIR    DystopiaBench result files to import (default ../shared/reference/dystopiabench/runs)
  --heap-limit MB        start every complicity process with --max-old-space-size=MB (default: V8's own sizing)`;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    latency: { type: 'string', default: '200' },
    concurrency: { type: 'string' },
    modes: { type: 'string', default: 'stateful,stateless' },
    models: { type: 'string', default: '10' },
    'memory-turns': { type: 'string' },
    'memory-latency': { type: 'string', default: '1' },
    'store-turns': { type: 'string' },
    store: { type: 'string' },
    dystopiabench: { type: 'string', default: resolve(repositoryRoot, '../shared/reference/dystopiabench/runs') },
    'heap-limit': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(help);
  process.exit(0);
}

const only = new Set(
  listOf('--only', values.only ?? sections.join(','), (item) => (sections as readonly string[]).includes(item)) as Section[],
);
const latencyMs = integer('--latency', values.latency);
const concurrencies = listOf('--concurrency', values.concurrency ?? (values.quick ? '64' : '8,64,256')).map((item) =>
  integer('--concurrency', item),
);
const modes = listOf('--modes', values.modes, (item) => item === 'stateful' || item === 'stateless') as RunShape['mode'][];
const models = integer('--models', values.models);
const memoryTurns = listOf('--memory-turns', values['memory-turns'] ?? (values.quick ? '1000,10000' : '1000,10000,100000')).map((item) =>
  integer('--memory-turns', item),
);
const memoryLatencyMs = integer('--memory-latency', values['memory-latency']);
const storeTurns = integer('--store-turns', values['store-turns'] ?? (values.quick ? '10000' : '100000'));
const nodeArguments = values['heap-limit'] === undefined ? [] : [`--max-old-space-size=${integer('--heap-limit', values['heap-limit'])}`];
const storePath = resolve(values.store ?? join(tmpdir(), `complicity-bench-${storeTurns}-turns.db`));

function listOf(flag: string, value: string, isValid: (item: string) => boolean = () => true): string[] {
  const items = value.split(',').map((item) => item.trim());
  const invalid = items.filter((item) => !isValid(item));
  if (invalid.length > 0) throw new Error(`${flag} has invalid items: ${invalid.join(', ')}. See npm run bench -- --help.`);
  return items;
}

function integer(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${flag} must be a whole number, got "${value}".`);
  return parsed;
}

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const rows: string[][] = [];
const addRow = (...cells: string[]) => rows.push(cells);

const cpuPerCall = (measure: ProcessMeasure, calls: number) => ((measure.userMs + measure.systemMs) / calls).toFixed(3);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;

async function benchRuns(): Promise<void> {
  for (const mode of modes) {
    for (const concurrency of concurrencies) {
      progress(`${mode} run, ${models} models, whole suite, concurrency ${concurrency}, ${latencyMs} ms latency`);
      const run = await measureRun({ mode, models, replicates: 1, concurrency, latencyMs }, nodeArguments);
      const calls = run.modelCalls + run.judgeCalls;
      addRow(
        `run: ${mode}, ${models} models, concurrency ${concurrency}, ${latencyMs} ms`,
        `${seconds(run.runMs)} run, ${seconds(run.wallMs)} process; ideal ${seconds(run.idealMs)}`,
        `${((100 * run.idealMs) / run.runMs).toFixed(1)} % of the ideal (${((100 * run.idealMs) / run.wallMs).toFixed(1)} % with start-up)`,
      );
      addRow(
        `harness CPU per call: ${mode}, concurrency ${concurrency}`,
        `${cpuPerCall(run, calls)} ms per call (${run.modelCalls} model + ${run.judgeCalls} judge calls)`,
        `${cpuPerCall(run, run.modelCalls)} ms per model call, judge calls included; peak ${megabytes(run.peakRssMb)}`,
      );
    }
  }
}

async function benchMemory(): Promise<void> {
  for (const turns of memoryTurns) {
    const runModels = Math.max(1, Math.min(models, Math.ceil(turns / suiteTurnsPerModel)));
    const replicates = Math.max(1, Math.ceil(turns / (runModels * suiteTurnsPerModel)));
    progress(`stateful run of ${runModels} models x ${replicates} replicates for peak memory, ${memoryLatencyMs} ms latency`);
    const run: RunMeasure = await measureRun(
      { mode: 'stateful', models: runModels, replicates, concurrency: 64, latencyMs: memoryLatencyMs },
      nodeArguments,
    );
    addRow(
      `run peak memory: ${run.modelCalls} turns (${runModels} models x ${replicates} replicates)`,
      megabytes(run.peakRssMb),
      `${seconds(run.wallMs)}; ${cpuPerCall(run, run.modelCalls + run.judgeCalls)} ms CPU per call`,
    );
  }
}

async function benchViews(): Promise<void> {
  const { stats, report } = await measureViews(
    { turns: storeTurns, runs: 4, models: 10, judges: 3, path: storePath },
    progress,
    nodeArguments,
  );
  const store = `${storeTurns} turns, 4 runs, 3 judges`;
  const cpu = (measure: ProcessMeasure) => seconds(measure.userMs + measure.systemMs);
  addRow(`stats (2,000 bootstrap resamples): ${store}`, seconds(stats.wallMs), `peak ${megabytes(stats.peakRssMb)}; CPU ${cpu(stats)}`);
  addRow(`report: ${store}`, seconds(report.wallMs), `peak ${megabytes(report.peakRssMb)}; CPU ${cpu(report)}`);
}

async function benchImport(): Promise<void> {
  if (!existsSync(values.dystopiabench)) {
    progress(`skipping the import: ${values.dystopiabench} does not exist (pass --dystopiabench DIR)`);
    addRow('DystopiaBench import', 'skipped', `no result files at ${values.dystopiabench}`);
    return;
  }
  progress(`complicity import ${values.dystopiabench}`);
  const imported = await measureImport(values.dystopiabench);
  addRow(
    `DystopiaBench import: ${imported.files} files, ${imported.rows} rows`,
    `${Math.round(imported.rows / (imported.wallMs / 1000))} rows/s`,
    `${seconds(imported.wallMs)} with start-up; peak ${megabytes(imported.peakRssMb)}`,
  );
}

const started = performance.now();
const loadAtStart = loadavg();
if (only.has('runs')) await benchRuns();
if (only.has('memory')) await benchMemory();
if (only.has('views')) await benchViews();
if (only.has('import')) await benchImport();

console.log(
  `${nodeArguments.length > 0 ? `complicity started with ${nodeArguments.join(' ')}; ` : ''}Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}); load average ${loadAtStart.map((load) => load.toFixed(2)).join(' ')} at the start, ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')} at the end; ${seconds(performance.now() - started)} in all.`,
);
console.log('');
console.log('| measure | figure | detail |');
console.log('| --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
