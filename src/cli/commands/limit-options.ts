import type { Command } from 'commander';
import type { RunLimits } from '../../runner/index.js';
import { dollarsFrom, integerFrom, secondsFrom } from '../parse-flags.js';

/**
 * Adds the flags that set concurrency, timeouts, retries and budgets, shared by `run`, `resume`
 * and `judge`. `judge` calls no model, so it gets only the judge's flags. On a stored run (`resume`,
 * `judge`), a flag left out keeps the value the run was started with, and the help says so.
 */
export function addLimitOptions(
  command: Command,
  { judgesOnly = false, storedRun = false }: { judgesOnly?: boolean; storedRun?: boolean } = {},
): Command {
  const byDefault = (newRunDefault: string) => (storedRun ? "(default: the run's stored value)" : `(default ${newRunDefault})`);
  // As on `run`, a new --concurrency also replaces the limits that were equal to the old one.
  const followsConcurrency = storedRun
    ? "(default: the run's stored value, which a new --concurrency replaces if the two were equal)"
    : '(default: --concurrency)';
  if (!judgesOnly) {
    const noLimit = storedRun ? "(default: the run's stored value; a new one is stored)" : '(default: no limit)';
    command
      .option('--concurrency <n>', `model calls in flight across all models ${byDefault('8')}`, integerFrom('--concurrency', 1))
      .option(
        '--per-model-concurrency <n>',
        `model calls in flight per model ${followsConcurrency}`,
        integerFrom('--per-model-concurrency', 1),
      )
      .option(
        '--max-cost <usd>',
        `stop starting model and judge calls once the run's estimated cost reaches this many US dollars; calls in flight finish (prices: docs/budgets.md) ${noLimit}`,
        dollarsFrom('--max-cost'),
      )
      .option(
        '--max-tokens <n>',
        `stop starting model and judge calls once the run has used this many input plus output tokens ${noLimit}`,
        integerFrom('--max-tokens', 1),
      );
  }
  return command
    .option(
      '--judge-concurrency <n>',
      `judge calls in flight, apart from model calls ${judgesOnly ? byDefault('8') : followsConcurrency}`,
      integerFrom('--judge-concurrency', 1),
    )
    .option('--timeout <seconds>', `limit for one call, in seconds ${byDefault('120')}`, secondsFrom('--timeout'))
    .option('--max-retries <n>', `retries of a failed call after the first attempt ${byDefault('4')}`, integerFrom('--max-retries', 0))
    .option(
      '--max-retry-wait <seconds>',
      `longest Retry-After wait to honour; a longer one fails the call ${byDefault('60')}`,
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
  maxCost?: number;
  maxTokens?: number;
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
  if (flags.maxCost !== undefined) limits.maxCostUsd = flags.maxCost;
  if (flags.maxTokens !== undefined) limits.maxTokens = flags.maxTokens;
  return limits;
}
