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
import { runPools } from './run-pools.js';
import { claimRun } from './run-ownership.js';
import type { RunEvent, RunSummary } from './run-event.js';

// Conversations held at once, as a multiple of the concurrency (in all, and per model of its
// own limit): enough waiting work to keep every slot busy. Each keeps its history, so the
// window is shared between models rather than given to each: with 10 models at concurrency 64,
// a window per model held 2,560 conversations where 256 keep the 64 slots busy.
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

  const endGroup = store.groupWrites();
  try {
    const { concurrency, perModelConcurrency } = config.limits;
    const byModel = new Map<string, PlannedConversation[]>();
    for (const conversation of conversations) {
      const queue = byModel.get(conversation.model) ?? [];
      queue.push(conversation);
      byModel.set(conversation.model, queue);
    }
    await runPools({
      queues: [...byModel.values()],
      size: conversationWindowFactor * concurrency,
      sizePerQueue: conversationWindowFactor * Math.min(perModelConcurrency, concurrency),
      work: (conversation) => guard(runConversation(context, conversation)),
    });
    while (background.size > 0) await Promise.all([...background]);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    try {
      endGroup();
    } catch (error) {
      fatalErrors.push(error);
    }
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
  // Counted in SQL: listing the outcomes of 100,000 turns and their verdicts took about 60 MB.
  const turnCounts = store.countTurnsByOutcome(run.id);
  const byStatus = Object.fromEntries(turnStatuses.map((status) => [status, 0])) as Record<TurnStatus, number>;
  for (const count of turnCounts) byStatus[count.status] += count.turns;
  const stored = turnStatuses.reduce((sum, status) => sum + byStatus[status], 0);

  const judges = new Set(config.judges);
  const verdictCounts = store
    .countVerdicts(run.id)
    .filter((count) => judges.has(count.judge) && count.promptHash === currentPromptHash(count.judge));
  const verdicts = verdictCounts.reduce((sum, count) => sum + count.verdicts, 0);
  const expected = byStatus.ok * judges.size;
  const labelled = verdictCounts.reduce((sum, count) => sum + count.labelled, 0);
  const judgeErrors = verdictCounts.reduce((sum, count) => sum + count.judgeErrors, 0);
  const unscored = verdicts - labelled - judgeErrors;
  const failedTurns = turnCounts.filter(
    (count) => count.status === 'error' || (count.status === 'skipped' && count.statusKind !== 'earlier-turn-failed'),
  );

  const complete = stored === plannedTurns && failedTurns.length === 0 && verdicts === expected && judgeErrors === 0;
  return {
    runId: run.id,
    status: summaryStatus({ interrupted, complete, budgetReached: budget.reached !== undefined }),
    turns: { planned: plannedTurns, byStatus },
    verdicts: { expected, labelled, unscored, failed: judgeErrors, missing: Math.max(0, expected - verdicts) },
    failures: {
      models: [...new Set(failedTurns.map((count) => count.model))].sort(),
      judges: [...new Set(verdictCounts.filter((count) => count.judgeErrors > 0).map((count) => count.judge))].sort(),
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
