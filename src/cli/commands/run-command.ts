import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../../config/index.js';
import { createPriceTable } from '../../cost/index.js';
import { prepareReplay } from '../../interop/index.js';
import { ConfigError } from '../../error/index.js';
import { defaultGgufModel, defaultGgufModelSpec, missingKeyMessage } from '../../provider/index.js';
import { estimatePlan, runBenchmark, type RunChoices } from '../../runner/index.js';
import type { Track } from '../../suite/index.js';
import type { CliIo } from '../cli-io.js';
import { loadCliSuite, needsStore, suitePathsOf } from '../load-cli-suite.js';
import { executeWithProgress } from '../execute-with-progress.js';
import { exitCodes } from '../exit-code.js';
import { formatPlan } from '../format-plan.js';
import { judgesFromFlags } from '../judges-from-flags.js';
import { openStore } from '../open-store.js';
import { prepareEmbeddedModels } from '../prepare-embedded-models.js';
import { collect, collectPaths, integerFrom, parseLevels, parseRunId, pathFrom, temperatureFrom } from '../parse-flags.js';
import { addLimitOptions, limitsFromFlags, type LimitFlags } from './limit-options.js';

interface RunFlags extends LimitFlags {
  model?: string[];
  judge?: string[];
  crossCheck?: boolean;
  temperature?: number;
  cache?: boolean;
  suite?: string[];
  scenario?: string[];
  levels?: number[];
  track?: Track[];
  mode?: 'stateful' | 'stateless';
  system?: 'neutral' | 'pressure' | 'none';
  replicates?: number;
  run?: string;
  db?: string;
  config?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function runCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new Command('run')
    .description('run a suite against models, judge every reply, store everything, print the scores')
    .option(
      '--model <spec>',
      'model to evaluate (repeatable): openai:MODEL, openrouter:VENDOR/MODEL, anthropic:MODEL, google:MODEL, ollama:MODEL, a preset such as groq:MODEL (docs/providers.md), gguf:PATH, gguf:hf:OWNER/REPO/FILE.gguf or a declared name (default: the embedded Qwen2.5-0.5B-Instruct)',
      collect,
    )
    .option(
      '--judge <spec>',
      'judge: a model spec, offline for the built-in offline judge, or none (repeatable; several form a panel; default offline)',
      collect,
    )
    .option('--no-cross-check', 'do not have the offline judge label every reply beside the LLM judges')
    .option(
      '--suite <path>',
      'scenario file or folder (repeatable; default: the bundled suite)',
      collectPaths('--suite', 'a scenario file or folder'),
    )
    .option('--scenario <id|glob>', 'only scenarios whose id matches (repeatable; * and ? allowed)', collect)
    .option('--levels <list>', 'levels to run, such as 1,2,3 or 1-3 (default 1-5)', parseLevels)
    .option('--track <track>', 'dystopian or benign (repeatable; default both)', collectTrack)
    .addOption(
      new Option('--mode <mode>', 'stateful: one conversation per scenario; stateless: each level alone (default stateful)').choices([
        'stateful',
        'stateless',
      ]),
    )
    .addOption(
      new Option('--system <variant>', 'system prompt: neutral operator prompt, pressure to comply, or none (default neutral)').choices([
        'neutral',
        'pressure',
        'none',
      ]),
    )
    .option('--replicates <n>', 'conversations per scenario and model (default 1)', integerFrom('--replicates', 1))
    .option(
      '--temperature <t>',
      "sampling temperature of the evaluated models, from 0 to 2 (default: each model's configured one, else the API's)",
      temperatureFrom('--temperature'),
    )
    .option('--cache', 'answer a request at temperature 0 that an earlier run in the store sent with its stored reply, without a call')
    .option('--run <id>', 'id for the new run: letters, digits, -, _ and . (default: date and random digits)', parseRunId)
    .option('--db <path>', 'store file (default: $COMPLICITY_DB or .complicity/complicity.db)', pathFrom('--db', 'a store file'))
    .option(
      '--config <path>',
      'config file (default: complicity.config.yaml in the working directory)',
      pathFrom('--config', 'a config file'),
    )
    .option('--dry-run', 'print the plan (calls and estimated tokens per model and judge) without calling any model')
    .option('--json', 'print the scores (or the plan) as JSON on stdout');
  addLimitOptions(command);

  return command.action(async (flags: RunFlags) => {
    const config = await loadConfig({ path: flags.config, cwd: io.cwd });
    const suitePaths = suitePathsOf(flags.suite ?? [], io);
    // A suite taken from a stored run (run:RUN_ID) needs the store before anything else.
    let store = needsStore(suitePaths) ? openStore({ flag: flags.db, io, create: false }) : undefined;
    let closeReplay = async () => {};
    try {
      const suite = await loadCliSuite(suitePaths, { store });
      const models = flags.model ?? [defaultGgufModelSpec];
      if (!flags.model) io.stderr.write(`${defaultModelNote()}\n`);
      // Replayed models and the recorded judge are served from a loopback server while the run lasts.
      const replay = await prepareReplay({ models, judges: judgesFromFlags(flags.judge), cwd: io.cwd });
      closeReplay = replay.close;
      const declaredModels = { ...config.models, ...replay.declaredModels };
      const choices: RunChoices = {
        models: replay.models,
        judges: replay.judges,
        scenarios: flags.scenario ?? [],
        levels: flags.levels,
        tracks: flags.track,
        mode: flags.mode,
        system: flags.system,
        replicates: flags.replicates,
        limits: limitsFromFlags(flags),
        crossCheck: flags.crossCheck,
        temperature: flags.temperature,
        cache: flags.cache,
      };

      // Checking the plan first means a bad choice or a missing key fails before the store is created.
      const prices = createPriceTable({ configured: config.prices });
      const plan = estimatePlan({ suite, choices, declaredModels, env: io.env, prices });
      if (flags.dryRun) {
        for (const warning of plan.warnings) io.stderr.write(`Warning: ${warning}\n`);
        io.stdout.write(flags.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan));
        return;
      }
      const unkeyed = [...plan.models, ...plan.judges].find((estimate) => estimate.missingKey !== undefined);
      if (unkeyed) {
        const alternative = 'run with --dry-run to check the plan without calling a model';
        throw new ConfigError({ message: missingKeyMessage(unkeyed.spec, unkeyed.missingKey!, { alternative }) });
      }

      // Embedded models are downloaded and loaded before the store is created, so a failure leaves nothing behind.
      const declaredNames = Object.keys(declaredModels);
      if (!(await prepareEmbeddedModels({ io, specs: [...plan.config.models, ...plan.config.judges], declaredNames }))) {
        setExitCode(exitCodes.interrupted);
        return;
      }

      store ??= openStore({ flag: flags.db, io, create: true });
      const runStore = store;
      const exitCode = await executeWithProgress({
        io,
        store: runStore,
        json: Boolean(flags.json),
        execute: ({ signal, onEvent }) =>
          runBenchmark({
            ...choices,
            suite,
            suitePaths,
            store: runStore,
            runId: flags.run,
            declaredModels,
            env: io.env,
            prices,
            signal,
            onEvent,
          }),
      });
      setExitCode(exitCode);
    } finally {
      store?.close();
      await closeReplay();
    }
  });
}

/** Says which model runs when no --model is given, and what that costs the first time. */
function defaultModelNote(): string {
  const { title, licence, displaySize } = defaultGgufModel;
  return `No --model given: running the embedded model ${title} (${licence}; ${defaultGgufModelSpec}) on the CPU, a ${displaySize} download on first use. Name the models to evaluate with --model SPEC.`;
}

function collectTrack(value: string, previous: Track[] = []): Track[] {
  if (value !== 'dystopian' && value !== 'benign') {
    throw new InvalidArgumentError(`--track must be dystopian or benign, got "${value}".`);
  }
  return [...previous, value];
}
