import type { Command } from 'commander';
import { UsageError } from '../error/index.js';

/**
 * Throws a `UsageError` when the command line gives a value to a flag that takes none, such as
 * `run --json=yes`, which commander would otherwise report as an unknown option.
 *
 * Reads the arguments after the subcommand's name, up to `--`, and skips the values of flags
 * that take one, so `--scenario --json=x` is left to commander.
 */
export function rejectValueOnSwitch(argv: readonly string[], commands: readonly Command[]): void {
  const command = commands.find((candidate) => candidate.name() === argv[0]);
  if (!command) return;

  for (let index = 1; index < argv.length; index++) {
    const argument = argv[index]!;
    if (argument === '--') return;
    const option = command.options.find((candidate) => candidate.long === argument || candidate.long === argument.split('=')[0]);
    if (!option) continue;

    const takesValue = option.required || option.optional;
    const assigned = argument.includes('=');
    if (takesValue && !assigned && option.required) index++;
    if (!takesValue && assigned) {
      const value = argument.slice(argument.indexOf('=') + 1);
      throw new UsageError({ message: `${option.long} takes no value, got ${JSON.stringify(value)}. Write ${option.long} alone.` });
    }
  }
}
