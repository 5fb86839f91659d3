import { setMaxListeners } from 'node:events';
import { currentPromptHash, type Judge } from '../judge/index.js';
import { turnStatuses, type TurnStatus } from '../outcome/index.js';
import type { ChatModel } from '../provider/index.js';
import type { RunRecord, Store } from '../store/index.js';
import type { Scenario } from '../suite/index.js';
import { createPriceTable, type PriceTable } from '../cost/index.js';
import { BudgetMeter } from './budget-meter.js';
import { BudgetStop } from './budget-stop.js';
import { createRunContext } from './create-run-context.js';
import { measureStoredSpend } from './measure-stored-spend.js';
import { planConversations, type PlannedConversation } from './plan-conversations.js';
import type { RunConfig } from './run-config.js';
import { runConversation } from './run-conversation.js';
import { claimRun } from './run-ownership.js';
import type { RunEvent, RunSummary } from './run-event.js';

// Conversations started per model at once, as a multiple of its concurrency: enough waiting
// work to keep every slot busy, while memory stays bounded however large the run.
const conversationWindowFactor = 4;

export interface ExecuteRunOptions {
  store: Store;
  run: RunRecord;
  config: RunConfig;
  scenarios: readonly Scenario[];
  models: ReadonlyMap<string, ChatModel>;
  judges: ReadonlyMap<string, Judge>;
  judgeContextTokens?: ReadonlyMap<string, number>;
  /** Identities of the models at temperature 0, whose replies may be reused (see `createModels`). */
  cacheIdentities?: ReadonlyMap<string, string>;
  resumed: boolean;
  /** Prices for `maxCostUsd` and the spend in the summary; the bundled table when absent. */
  prices?: PriceTable;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/**
 * Executes a stored run: sends every turn not yet stored with a final status and has every
 * reply judged, then returns the run's summary. Used both to start a run and to resume one.
 * Throws `RunBusyError` while another live process executes the same run.
 */
export async function executeRun(options: ExecuteRunOptions): Promise<RunSummary> {
  const release = claimRun(options.store, options.run.id);
  try {
    return await executeClaimedRun(options);
  } finally {
    release();
  }
}

async function executeClaimedRun(options: ExecuteRunOptions): Promise<RunSummary> {
  const { store, run, config } = options;
  const started = performance.now();
  const controller = new AbortController();
  // Every call in flight or waiting for a slot listens on the run's signal.
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  // A signal aborted before the run starts fires no abort event.
  if (options.signal?.aborted) onAbort();

  const emit = (event: RunEvent) => options.onEvent?.(event);
  const prices = options.prices ?? createPriceTable();
  const spent = measureStoredSpend({ store, runId: run.id, prices });
  const budget = new BudgetMeter({ runId: run.id, limits: config.limits, prices, spent, emit });
  const { context, background, fatalErrors, retries } = createRunContext({ ...options, controller, emit, budget });
  const conversations = planConversations({ scenarios: options.scenarios, config });

  emit({
    type: 'run-start',
    runId: run.id,
    resumed: options.resumed,
    models: config.models,
    judges: config.judges,
    plannedTurns: countTurns(conversations),
    storedTurns: [...context.storedTurns.values()].filter((turn) => turn.status !== 'error' && turn.status !== 'skipped').length,
    crossCheck: context.crossCheckJudge !== undefined,
  });
  store.setRunStatus(run.id, 'running');
  // A run resumed without a higher budget stops before its first call.
  budget.check();

  try {
    const window = conversationWindowFactor * Math.min(config.limits.perModelConcurrency, config.limits.concurrency);
    const byModel = new Map<string, PlannedConversation[]>();
    for (const conversation of conversations) {
      const queue = byModel.get(conversation.model) ?? [];
      queue.push(conversation);
      byModel.set(conversation.model, queue);
    }
    await Promise.all(
      [...byModel.values()].map((queue) => runPool(queue, window, (conversation) => guard(runConversation(context, conversation)))),
    );
    while (background.size > 0) await Promise.all([...background]);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  function guard(task: Promise<void>): Promise<void> {
    return task.catch((error: unknown) => {
      if (error instanceof BudgetStop) return;
      if (controller.signal.aborted && !fatalErrors.includes(error)) return;
      fatalErrors.push(error);
      controller.abort(error);
    });
  }

  const interrupted = options.signal?.aborted ?? false;
  const summary = summarise({
    store,
    run,
    config,
    plannedTurns: countTurns(conversations),
    interrupted,
    budget,
    retries: retries(),
    started,
  });
  store.setRunStatus(run.id, fatalErrors.length > 0 ? 'incomplete' : summary.status);
  if (fatalErrors.length > 0) throw fatalErrors[0];
  emit({ type: 'run-end', summary });
  return summary;
}

/** Runs `work` over `items` with at most `size` at once, in order. */
async function runPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

function countTurns(conversations: readonly PlannedConversation[]): number {
  return conversations.reduce((sum, conversation) => sum + conversation.levels.length, 0);
}

function summarise({
  store,
  run,
  config,
  plannedTurns,
  interrupted,
  budget,
  retries,
  started,
}: {
  store: Store;
  run: RunRecord;
  config: RunConfig;
  plannedTurns: number;
  interrupted: boolean;
  budget: BudgetMeter;
  retries: number;
  started: number;
}): RunSummary {
  const counts = store.countTurnsByStatus(run.id);
  const byStatus = Object.fromEntries(turnStatuses.map((status) => [status, counts.get(status) ?? 0])) as Record<TurnStatus, number>;
  const stored = turnStatuses.reduce((sum, status) => sum + byStatus[status], 0);

  const judges = new Set(config.judges);
  const verdicts = store
    .listVerdictOutcomes(run.id)
    .filter((verdict) => judges.has(verdict.judge) && verdict.promptHash === currentPromptHash(verdict.judge));
  const expected = byStatus.ok * judges.size;
  const labelled = verdicts.filter((verdict) => verdict.label !== null).length;
  const judgeErrors = verdicts.filter((verdict) => verdict.unscoredReason === 'judge_error');
  const unscored = verdicts.length - labelled - judgeErrors.length;
  const failedTurns = store
    .listTurnOutcomes(run.id)
    .filter((turn) => turn.status === 'error' || (turn.status === 'skipped' && turn.statusKind !== 'earlier-turn-failed'));

  const complete = stored === plannedTurns && failedTurns.length === 0 && verdicts.length === expected && judgeErrors.length === 0;
  return {
    runId: run.id,
    status: summaryStatus({ interrupted, complete, budgetReached: budget.reached !== undefined }),
    turns: { planned: plannedTurns, byStatus },
    verdicts: { expected, labelled, unscored, failed: judgeErrors.length, missing: Math.max(0, expected - verdicts.length) },
    failures: {
      models: [...new Set(failedTurns.map((turn) => turn.model))].sort(),
      judges: [...new Set(judgeErrors.map((verdict) => verdict.judge))].sort(),
    },
    retries,
    spend: budget.spend,
    ...(budget.reached ? { budgetReached: budget.reached.budget } : {}),
    durationMs: Math.round(performance.now() - started),
  };
}

function summaryStatus({
  interrupted,
  complete,
  budgetReached,
}: {
  interrupted: boolean;
  complete: boolean;
  budgetReached: boolean;
}): RunSummary['status'] {
  if (interrupted) return 'interrupted';
  // A budget reached by the last calls of a run that then completed leaves it complete.
  if (complete) return 'complete';
  return budgetReached ? 'budget-reached' : 'incomplete';
}
