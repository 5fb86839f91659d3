import { Command } from 'commander';
import { validateSuiteSources } from '../../interop/index.js';
import { formatProblem, hashSuite } from '../../suite/index.js';
import type { CliIo } from '../cli-io.js';
import { suitePathsOf } from '../load-cli-suite.js';
import { exitCodes } from '../exit-code.js';

export function validateCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('validate')
    .description('check scenario files and list every problem; exits 1 if there is any')
    .argument('[path...]', 'scenario files or folders, YAML or DystopiaBench modules (default: the bundled suite)')
    .action(async (paths: string[]) => {
      const targets = suitePathsOf(paths, io);
      const { scenarios, problems, files } = await validateSuiteSources(targets);
      if (problems.length > 0) {
        const failing = new Set(problems.map((problem) => problem.file)).size;
        io.stdout.write(`${problems.map(formatProblem).join('\n')}\n`);
        io.stdout.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${failing} file${failing === 1 ? '' : 's'}.\n`);
        setExitCode(exitCodes.failure);
        return;
      }
      io.stdout.write(
        `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: valid. Suite hash ${hashSuite(scenarios)}\n`,
      );
    });
}
