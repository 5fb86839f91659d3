import { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { computeRunStats } from '../../report/index.js';
import { resumeRun } from '../../runner/index.js';
import type { CliIo } from '../cli-io.js';
import { exitCodeOf } from '../exit-code.js';
import { formatStats } from '../format-stats.js';
import { openStore } from '../open-store.js';
import { ProgressDisplay } from '../progress-display.js';
import { watchInterrupt } from '../watch-interrupt.js';
import { addLimitOptions, limitsFromFlags, type LimitFlags } from './limit-options.js';

interface ResumeFlags extends LimitFlags {
  db?: string;
  config?: string;
  json?: boolean;
}

export function resumeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('resume')
    .description('continue a run: only turns and verdicts that are missing or failed are sent')
    .argument('<run-id>', 'the run to continue')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)')
    .option('--config <path>', 'config file (default: complicity.config.yaml in the working directory)')
    .option('--json', 'print the scores as JSON on stdout');
  addLimitOptions(command);

  return command.action(async (runId: string, flags: ResumeFlags) => {
    const config = await loadConfig({ path: flags.config, cwd: io.cwd });
    const store = openStore({ flag: flags.db, io, create: false });
    const interrupt = watchInterrupt(io);
    try {
      const display = new ProgressDisplay({ stream: io.stderr });
      const summary = await resumeRun({
        runId,
        store,
        limits: limitsFromFlags(flags),
        declaredModels: config.models,
        env: io.env,
        signal: interrupt.signal,
        onEvent: (event) => display.handle(event),
      });
      display.finish(summary);
      const stats = computeRunStats(store, summary.runId);
      io.stdout.write(flags.json ? `${JSON.stringify({ summary, stats }, null, 2)}\n` : formatStats(stats));
      setExitCode(exitCodeOf(summary));
    } finally {
      interrupt.dispose();
      store.close();
    }
  });
}
