import { UsageError } from '../error/index.js';
import type { DeclaredModel } from '../provider/index.js';
import type { Store } from '../store/index.js';
import type { Suite } from '../suite/index.js';
import { complicityVersion } from '../version.js';
import { createPriceTable, type PriceTable } from '../cost/index.js';
import { assertBudgetPriced } from './assert-budget-priced.js';
import { createModels, type ModelFactory } from './create-models.js';
import { executeRun } from './execute-run.js';
import { resolveRunConfig, type RunChoices } from './resolve-run-config.js';
import type { RunEvent, RunSummary } from './run-event.js';
import { isValidRunId, newRunId, runIdRule } from './run-id.js';

export interface RunBenchmarkOptions extends RunChoices {
  suite: Suite;
  store: Store;
  /** The paths the suite was loaded from, recorded with the run. */
  suitePaths?: string[];
  /** Id for the new run; generated when absent. */
  runId?: string;
  /** Models declared in `complicity.config.yaml`. */
  declaredModels?: Record<string, DeclaredModel>;
  /** Where API keys and base URLs are read from; defaults to `process.env`. */
  env?: Record<string, string | undefined>;
  /** Replaces how models are created, for tests and embedding. */
  createModel?: ModelFactory;
  /** Prices for `limits.maxCostUsd` and the spend in the summary; the bundled table when absent. */
  prices?: PriceTable;
  /** Aborting stops the run cleanly: everything stored is kept, and `resumeRun` continues it. */
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Runs a suite against models and has every reply judged, storing each turn and verdict as it
 * arrives.
 *
 * @example
 * const store = Store.open('.complicity/complicity.db');
 * const suite = await loadSuite([bundledSuitePath]);
 * const summary = await runBenchmark({ suite, store, models: ['openai:gpt-4o-mini'], judges: ['openai:gpt-4o'] });
 */
export async function runBenchmark(options: RunBenchmarkOptions): Promise<RunSummary> {
  const { config, scenarios } = resolveRunConfig({
    choices: options,
    scenarios: options.suite.scenarios,
    suitePaths: options.suitePaths ?? options.suite.files,
    endpoints: {},
  });
  const prices = options.prices ?? createPriceTable();
  assertBudgetPriced({ specs: [...config.models, ...config.judges], prices, limits: config.limits });
  const modelSet = createModels({
    models: config.models,
    judges: config.judges,
    declaredModels: options.declaredModels,
    env: options.env,
    createModel: options.createModel,
    temperature: config.temperature,
  });
  config.endpoints = modelSet.endpoints;
  config.suites = (options.suite.metadata ?? []).map(({ file: _file, ...metadata }) => metadata);

  const runId = options.runId ?? newRunId();
  if (!isValidRunId(runId)) throw new UsageError({ message: `A run id may contain ${runIdRule}; got "${runId}".` });
  if (options.store.getRun(runId)) throw runExistsError(runId, options.store);

  for (const message of modelSet.sameFamilyWarnings) options.onEvent?.({ type: 'warning', message });
  const uncached = config.models.filter((spec) => !modelSet.cacheIdentities.has(spec));
  if (config.cache && uncached.length > 0) {
    options.onEvent?.({
      type: 'warning',
      message: `--cache reuses replies only at temperature 0, which ${uncached.join(', ')} ${uncached.length > 1 ? 'do' : 'does'} not use; they are called as usual. Add --temperature 0 to cache them.`,
    });
  }
  if (config.judges.length === 0) {
    options.onEvent?.({
      type: 'warning',
      message: `No judge given: replies are stored but not labelled. Label them later with: complicity judge ${runId} --judge SPEC`,
    });
  }

  const now = new Date().toISOString();
  const run = {
    id: runId,
    createdAt: now,
    updatedAt: now,
    status: 'running' as const,
    suiteHash: options.suite.hash,
    config,
    scenarios,
    complicityVersion,
  };
  try {
    options.store.createRun(run);
  } catch (error) {
    // Another process may have created a run of the same id since the check above.
    if (options.store.getRun(runId)) throw runExistsError(runId, options.store);
    throw error;
  }

  return executeRun({
    store: options.store,
    run,
    config,
    scenarios,
    models: modelSet.models,
    judges: modelSet.judges,
    judgeContextTokens: modelSet.judgeContextTokens,
    cacheIdentities: modelSet.cacheIdentities,
    resumed: false,
    prices,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}

function runExistsError(runId: string, store: Store): UsageError {
  return new UsageError({ message: `Run "${runId}" already exists in ${store.path}. Continue it with: complicity resume ${runId}` });
}
