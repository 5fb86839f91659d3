import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import { cacheCommand } from './commands/cache-command.js';
import { exportCommand } from './commands/export-command.js';
import { importCommand } from './commands/import-command.js';
import { judgeCommand } from './commands/judge-command.js';
import { listCommand } from './commands/list-command.js';
import { reportCommand } from './commands/report-command.js';
import { resumeCommand } from './commands/resume-command.js';
import { runCommand } from './commands/run-command.js';
import { serveCommand } from './commands/serve-command.js';
import { statsCommand } from './commands/stats-command.js';
import { validateCommand } from './commands/validate-command.js';

/** Creates every subcommand of `complicity`; the bad-input tests read their options from here. */
export function createCommands(io: CliIo, setExitCode: (code: number) => void): Command[] {
  return [
    runCommand(io, setExitCode),
    resumeCommand(io, setExitCode),
    judgeCommand(io, setExitCode),
    importCommand(io),
    exportCommand(io),
    statsCommand(io),
    reportCommand(io),
    serveCommand(io),
    validateCommand(io, setExitCode),
    listCommand(io),
    cacheCommand(io),
  ];
}
