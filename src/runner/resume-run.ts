import { RunNotFoundError, UsageError } from '../error/index.js';
import type { DeclaredModel } from '../provider/index.js';
import type { Store } from '../store/index.js';
import type { Scenario } from '../suite/index.js';
import { createPriceTable, type PriceTable } from '../cost/index.js';
import { assertBudgetPriced } from './assert-budget-priced.js';
import { createModels, type ModelFactory } from './create-models.js';
import { executeRun } from './execute-run.js';
import { mergeLimits } from './resolve-run-config.js';
import type { RunConfig, RunLimits } from './run-config.js';
import type { RunEvent, RunSummary } from './run-event.js';

export interface ResumeRunOptions {
  runId: string;
  store: Store;
  /** New concurrency, timeout, retry or budget limits; what is sent stays as the run began. */
  limits?: Partial<RunLimits>;
  /** Prices for `limits.maxCostUsd` and the spend in the summary; the bundled table when absent. */
  prices?: PriceTable;
  declaredModels?: Record<string, DeclaredModel>;
  env?: Record<string, string | undefined>;
  createModel?: ModelFactory;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Continues a stored run with its own configuration and scenario text: sends only the turns
 * not stored with a final status (failed and skipped turns are tried again), and judges only
 * the replies that lack a verdict.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<RunSummary> {
  const run = options.store.getRun(options.runId);
  if (!run) {
    throw new RunNotFoundError({
      runId: options.runId,
      storePath: options.store.path,
      knownRuns: options.store.listRuns().map((known) => known.id),
    });
  }
  const stored = run.config as RunConfig;
  if (stored.origin) {
    throw new UsageError({
      message: `Run ${run.id} was imported from ${stored.origin.file}: it holds recorded replies, and there is nothing to resume. Replay it with: complicity run --suite run:${run.id} --model replay:${stored.origin.file} --judge recorded`,
    });
  }
  const config: RunConfig = { ...stored, limits: mergeLimits(stored.limits, options.limits) };
  const prices = options.prices ?? createPriceTable();
  assertBudgetPriced({ specs: [...config.models, ...config.judges], prices, limits: config.limits });
  // A new budget is kept with the run, so a later resume without one does not stop at the old one.
  const { maxCostUsd, maxTokens } = config.limits;
  if (maxCostUsd !== stored.limits.maxCostUsd || maxTokens !== stored.limits.maxTokens) {
    options.store.setRunConfig(run.id, { ...stored, limits: { ...stored.limits, maxCostUsd, maxTokens } });
  }
  const modelSet = createModels({
    models: config.models,
    judges: config.judges,
    declaredModels: options.declaredModels,
    env: options.env,
    createModel: options.createModel,
    temperature: config.temperature,
  });

  for (const [spec, endpoint] of Object.entries(modelSet.endpoints)) {
    const before = stored.endpoints[spec];
    // A loopback server (a local model, a replay) often changes port between processes.
    if (before && before.host !== endpoint.host && !(isLoopback(before.host) && isLoopback(endpoint.host))) {
      options.onEvent?.({
        type: 'warning',
        message: `${spec} was reached at ${before.host} when the run began and is now reached at ${endpoint.host}.`,
      });
    }
  }

  return executeRun({
    store: options.store,
    run,
    config,
    scenarios: run.scenarios as Scenario[],
    models: modelSet.models,
    judges: modelSet.judges,
    judgeContextTokens: modelSet.judgeContextTokens,
    cacheIdentities: modelSet.cacheIdentities,
    resumed: true,
    prices,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

function isLoopback(host: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(host);
}
