import type { CliIo } from './cli-io.js';

/**
 * Turns the first Ctrl-C (or SIGTERM) into an abort, so the run stops cleanly and keeps what is
 * stored; a second one exits at once with 130.
 */
export function watchInterrupt(io: CliIo): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    io.stderr.write('\nInterrupted: stopping the calls in flight. Everything stored is kept. Press Ctrl-C again to quit at once.\n');
    controller.abort(new Error('interrupted by the user'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
