import { computeRunStats } from '../report/index.js';
import type { RunEvent, RunSummary } from '../runner/index.js';
import type { Store } from '../store/index.js';
import type { CliIo } from './cli-io.js';
import { exitCodeOf } from './exit-code.js';
import { formatStats } from './stats/format-stats.js';
import { ProgressDisplay } from './progress-display.js';
import { watchInterrupt } from './watch-interrupt.js';
import { writeJson } from './write-json.js';

/**
 * Executes a run (new or resumed) with progress on stderr and Ctrl-C turned into a clean stop,
 * then prints the scores on stdout and returns the exit code.
 */
export async function executeWithProgress({
  io,
  store,
  json,
  execute,
}: {
  io: CliIo;
  store: Store;
  json: boolean;
  execute: (hooks: { signal: AbortSignal; onEvent: (event: RunEvent) => void }) => Promise<RunSummary>;
}): Promise<number> {
  const interrupt = watchInterrupt(io);
  try {
    const display = new ProgressDisplay({ stream: io.stderr });
    const summary = await execute({ signal: interrupt.signal, onEvent: (event) => display.handle(event) });
    display.finish(summary);
    const stats = computeRunStats(store, summary.runId);
    if (json) await writeJson(io.stdout, { summary, stats });
    else io.stdout.write(formatStats(stats));
    return exitCodeOf(summary);
  } finally {
    interrupt.dispose();
  }
}
