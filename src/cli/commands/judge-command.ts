import { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { computeRunStats } from '../../report/index.js';
import { judgeRun } from '../../runner/index.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-code.js';
import { formatStats } from '../stats/format-stats.js';
import { openStore } from '../open-store.js';
import { prepareEmbeddedModels } from '../prepare-embedded-models.js';
import { collect, pathFrom } from '../parse-flags.js';
import { ProgressDisplay } from '../progress-display.js';
import { watchInterrupt } from '../watch-interrupt.js';
import { writeJson } from '../write-json.js';
import { addLimitOptions, limitsFromFlags, type LimitFlags } from './limit-options.js';

interface JudgeFlags extends LimitFlags {
  judge?: string[];
  crossCheck?: boolean;
  db?: string;
  config?: string;
  json?: boolean;
}

export function judgeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('judge')
    .description("label a stored run's replies with other judges; no model is called")
    .argument('<run-id>', 'the run whose replies to judge')
    .option('--judge <spec>', 'judge: a model spec, or offline for the built-in offline judge (repeatable; several form a panel)', collect)
    .option('--no-cross-check', 'do not have the offline judge label every reply beside the LLM judges')
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option(
      '--config <path>',
      'config file (default: complicity.config.yaml in the working directory)',
      pathFrom('--config', 'a config file'),
    )
    .option('--json', "print the run's scores under this panel as JSON on stdout");
  addLimitOptions(command, { judgesOnly: true, storedRun: true });

  return command.action(async (runId: string, flags: JudgeFlags) => {
    const config = await loadConfig({ path: flags.config, cwd: io.cwd });
    const store = openStore({ flag: flags.db, io, create: false });
    const judges = flags.judge ?? [];
    let interrupt: ReturnType<typeof watchInterrupt> | undefined;
    try {
      // A missing run is reported by judgeRun before any model file is fetched for it.
      const prepared =
        !store.getRun(runId) || (await prepareEmbeddedModels({ io, specs: judges, declaredNames: Object.keys(config.models) }));
      if (!prepared) {
        setExitCode(exitCodes.interrupted);
        return;
      }
      interrupt = watchInterrupt(io);
      const display = new ProgressDisplay({ stream: io.stderr });
      const summary = await judgeRun({
        runId,
        store,
        judges,
        limits: limitsFromFlags(flags),
        crossCheck: flags.crossCheck,
        declaredModels: config.models,
        env: io.env,
        signal: interrupt.signal,
        onEvent: (event) => display.handle(event),
      });
      display.finishJudging(summary);
      const stats = computeRunStats(store, runId, { judges: summary.judges });
      if (flags.json) await writeJson(io.stdout, { summary, stats });
      else io.stdout.write(formatStats(stats));
      if (summary.interrupted) setExitCode(exitCodes.interrupted);
      else if (summary.failed > 0 || summary.labelled + summary.unscored < summary.replies) setExitCode(exitCodes.failure);
    } finally {
      interrupt?.dispose();
      store.close();
    }
  });
}
