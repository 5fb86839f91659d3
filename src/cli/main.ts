import { Command, CommanderError } from 'commander';
import { ComplicityError } from '../error/index.js';
import { complicityVersion } from '../version.js';
import { processIo, type CliIo } from './cli-io.js';
import { createCommands } from './create-commands.js';
import { exitCodes } from './exit-code.js';
import { formatCommanderMessage } from './format-commander-message.js';
import { rejectValueOnSwitch } from './reject-value-on-switch.js';
import { toOneLine } from './to-one-line.js';

/**
 * Runs the `complicity` command line and returns the exit code: 0 success, 1 failure of the
 * work (or of validation), 2 misuse, 3 a run stopped by its budget, 130 interrupted. User errors
 * print one line, no stack.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  // The AI SDK prints its warnings to the console by default; this CLI reports through its own lines.
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

  let exitCode: number = exitCodes.success;
  const setExitCode = (code: number) => {
    exitCode = code;
  };

  const program = new Command('complicity')
    .description('Measures how far language models go along with escalating harmful directives.')
    .version(complicityVersion)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(formatCommanderMessage(text)),
    })
    .showHelpAfterError('(run with --help for usage)');

  const commands = createCommands(io, setExitCode);
  for (const command of commands) {
    // addCommand, unlike command(), does not pass on exitOverride and the output settings.
    command.copyInheritedSettings(program);
    program.addCommand(command);
  }

  try {
    rejectValueOnSwitch(argv, commands);
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message. Requested help and the version end as
    // successes. Help shown because no command was given carries exit code 1, so it is misuse.
    const succeeded = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(error.code) && error.exitCode === 0;
    return succeeded ? exitCodes.success : exitCodes.usage;
  }
  if (ComplicityError.isInstance(error) && error.isUserError) {
    io.stderr.write(`Error: ${toOneLine(error.message)}\n`);
    return exitCodes.usage;
  }
  io.stderr.write(`Error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return exitCodes.failure;
}
