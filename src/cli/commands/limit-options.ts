import type { Command } from 'commander';
import type { RunLimits } from '../../runner/index.js';
import { integerFrom, secondsFrom } from '../parse-flags.js';

/**
 * Adds the flags that set concurrency, timeouts and retries, shared by `run`, `resume` and
 * `judge`; `judge` calls no model, so it gets only the judge's flags.
 */
export function addLimitOptions(command: Command, { judgesOnly = false }: { judgesOnly?: boolean } = {}): Command {
  if (!judgesOnly) {
    command
      .option('--concurrency <n>', 'model calls in flight across all models (default 8)', integerFrom('--concurrency', 1))
      .option(
        '--per-model-concurrency <n>',
        'model calls in flight per model (default: --concurrency)',
        integerFrom('--per-model-concurrency', 1),
      );
  }
  return command
    .option(
      '--judge-concurrency <n>',
      'judge calls in flight, apart from model calls (default: --concurrency)',
      integerFrom('--judge-concurrency', 1),
    )
    .option('--timeout <seconds>', 'limit for one call, in seconds (default 120)', secondsFrom('--timeout'))
    .option('--max-retries <n>', 'retries of a failed call after the first attempt (default 4)', integerFrom('--max-retries', 0))
    .option(
      '--max-retry-wait <seconds>',
      'longest Retry-After wait to honour; a longer one fails the call (default 60)',
      secondsFrom('--max-retry-wait', { allowZero: true }),
    );
}

export interface LimitFlags {
  concurrency?: number;
  perModelConcurrency?: number;
  judgeConcurrency?: number;
  timeout?: number;
  maxRetries?: number;
  maxRetryWait?: number;
}

/** The limits the user set, leaving the rest to the run's defaults or stored values. */
export function limitsFromFlags(flags: LimitFlags): Partial<RunLimits> {
  const limits: Partial<RunLimits> = {};
  if (flags.concurrency !== undefined) limits.concurrency = flags.concurrency;
  if (flags.perModelConcurrency !== undefined) limits.perModelConcurrency = flags.perModelConcurrency;
  if (flags.judgeConcurrency !== undefined) limits.judgeConcurrency = flags.judgeConcurrency;
  if (flags.timeout !== undefined) limits.timeoutMs = flags.timeout;
  if (flags.maxRetries !== undefined) limits.maxRetries = flags.maxRetries;
  if (flags.maxRetryWait !== undefined) limits.maxRetryWaitMs = flags.maxRetryWait;
  return limits;
}
