import { Command } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createPriceTable } from '../../cost/index.js';
import { prepareReplay } from '../../interop/index.js';
import type { RunConfig } from '../../runner/index.js';
import { resumeRun } from '../../runner/index.js';
import type { CliIo } from '../cli-io.js';
import { executeWithProgress } from '../execute-with-progress.js';
import { exitCodes } from '../exit-code.js';
import { openStore } from '../open-store.js';
import { pathFrom } from '../parse-flags.js';
import { prepareEmbeddedModels } from '../prepare-embedded-models.js';
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
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option(
      '--config <path>',
      'config file (default: complicity.config.yaml in the working directory)',
      pathFrom('--config', 'a config file'),
    )
    .option('--json', 'print the scores as JSON on stdout');
  addLimitOptions(command, { storedRun: true });

  return command.action(async (runId: string, flags: ResumeFlags) => {
    const config = await loadConfig({ path: flags.config, cwd: io.cwd });
    const store = openStore({ flag: flags.db, io, create: false });
    let closeReplay = async () => {};
    try {
      // A run of replayed models needs their recordings served again.
      const stored = store.getRun(runId)?.config as RunConfig | undefined;
      const replay = await prepareReplay({
        models: stored?.origin ? [] : (stored?.models ?? []),
        judges: stored?.origin ? [] : (stored?.judges ?? []),
        cwd: io.cwd,
      });
      closeReplay = replay.close;
      const declaredModels = { ...config.models, ...replay.declaredModels };
      const specs = [...(stored?.models ?? []), ...(stored?.judges ?? [])];
      if (!(await prepareEmbeddedModels({ io, specs, declaredNames: Object.keys(declaredModels) }))) {
        setExitCode(exitCodes.interrupted);
        return;
      }
      const exitCode = await executeWithProgress({
        io,
        store,
        json: Boolean(flags.json),
        execute: ({ signal, onEvent }) =>
          resumeRun({
            runId,
            store,
            limits: limitsFromFlags(flags),
            declaredModels,
            env: io.env,
            prices: createPriceTable({ configured: config.prices }),
            signal,
            onEvent,
          }),
      });
      setExitCode(exitCode);
    } finally {
      store.close();
      await closeReplay();
    }
  });
}
