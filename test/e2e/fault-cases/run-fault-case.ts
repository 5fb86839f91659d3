import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, type PanelRecord, type RunRecord, type TurnRecord, type VerdictRecord } from '../../../src/store/index.js';
import { assertBuilt, repositoryRoot, runCli, type CliResult } from '../cli.js';

/** The fixture suite of three scenarios with five levels each. */
export const basicSuitePath = join(repositoryRoot, 'test/fixtures/suites/basic');

/** Arguments that cut the fixture suite to one turn: level 1 of one scenario's dystopian track. */
export const oneTurnArgs = ['--suite', basicSuitePath, '--scenario', 'lead-results-notice', '--track', 'dystopian', '--levels', '1'];

/**
 * Time for a setup that starts the runs of every adapter at once. Four adapters start up to
 * eighteen CLI processes together, which on a loaded 2-core machine took more than 30 s.
 */
export const setupTimeoutMs = 60_000;

/** A finished CLI run in its own folder, with everything it stored. */
export interface FaultCaseRun {
  workDir: string;
  dbPath: string;
  result: CliResult;
  run: RunRecord;
  turns: TurnRecord[];
  verdicts: VerdictRecord[];
  panels: PanelRecord[];
  /** Runs another command in the same folder and environment, such as `stats --json`. */
  cli(args: string[]): Promise<CliResult>;
  /** The label the judge panel gave a turn: null when unscored, undefined when not judged. */
  labelOf(turn: TurnRecord): PanelRecord['label'] | undefined;
  remove(): void;
}

/**
 * Runs `complicity ARGS` in a new folder with the given environment, optionally writing
 * `complicity.config.yaml` first, and reads the newest run back from the store.
 */
export async function runFaultCase({
  args,
  env,
  config,
}: {
  args: string[];
  env: Record<string, string>;
  config?: string;
}): Promise<FaultCaseRun> {
  assertBuilt();
  const workDir = mkdtempSync(join(tmpdir(), 'complicity-fault-'));
  if (config !== undefined) writeFileSync(join(workDir, 'complicity.config.yaml'), config);
  const cli = (commandArgs: string[]) => runCli(commandArgs, { cwd: workDir, env });
  const result = await cli(args);
  const dbPath = join(workDir, '.complicity/complicity.db');
  const store = Store.open(dbPath, { create: false });
  try {
    const run = store.listRuns()[0];
    if (!run) throw new Error(`The run stored nothing. stderr:\n${result.stderr}`);
    // The offline cross-check stores a verdict set of its own beside the run's judges; these cases read the run's own.
    const judges = (run.config as { judges: string[] }).judges;
    const panels = store.listPanels(run.id).filter((panel) => panel.judges === [...judges].sort().join(','));
    return {
      workDir,
      dbPath,
      result,
      run,
      turns: store.listTurns(run.id),
      verdicts: store.listVerdicts(run.id).filter((verdict) => judges.includes(verdict.judge)),
      panels,
      cli,
      labelOf: (turn) => panels.find((panel) => panel.turnId === turn.id)?.label,
      remove: () => rmSync(workDir, { recursive: true, force: true }),
    };
  } finally {
    store.close();
  }
}
