import { setMaxListeners } from 'node:events';
import { createOfflineJudge, currentPromptHash, offlineJudgeSpec, type Judge } from '../judge/index.js';
import type { ChatModel } from '../provider/index.js';
import type { RunRecord, Store, TurnOutcome, VerdictOutcome } from '../store/index.js';
import { createPriceTable } from '../cost/index.js';
import { BudgetMeter } from './budget-meter.js';
import { BudgetStop } from './budget-stop.js';
import { CallScheduler } from './call-scheduler.js';
import { defaultRetryPolicy } from './retry-delay.js';
import type { RunConfig } from './run-config.js';
import type { ModelStop, RunContext } from './run-context.js';
import type { RunEvent } from './run-event.js';
import { turnKeyString } from './turn-key-string.js';

// Replies waiting for their verdicts, as a multiple of the model and judge concurrency together,
// beyond which a conversation waits before its next call, so the backlog stays under that plus
// the conversations held. The models may run ahead of the judges by that much. Without a bound,
// a judge slower than the models leaves a backlog (each reply with its conversation) that grows
// with the run.
const judgeBacklogFactor = 4;

/**
 * Creates the state one execution shares: schedulers, the turns and verdicts already stored,
 * stopped models, and the background judge calls the execution must wait for. Background
 * tasks that fail with anything but the run's own abort are collected in `fatalErrors`.
 */
export function createRunContext(options: {
  store: Store;
  run: RunRecord;
  config: RunConfig;
  models: ReadonlyMap<string, ChatModel>;
  judges: ReadonlyMap<string, Judge>;
  judgeContextTokens?: ReadonlyMap<string, number>;
  cacheIdentities?: ReadonlyMap<string, string>;
  controller: AbortController;
  emit: (event: RunEvent) => void;
  /** Without one, calls are counted but never stopped. */
  budget?: BudgetMeter;
}) {
  const { store, run, config, controller, emit } = options;
  const background = new Set<Promise<void>>();
  const backlogLimit = judgeBacklogFactor * (config.limits.concurrency + config.limits.judgeConcurrency);
  const backlogWaiters: (() => void)[] = [];
  const fatalErrors: unknown[] = [];
  const stopped = new Map<string, ModelStop>();
  const modelControllers = new Map<string, AbortController>();
  let retryCount = 0;

  const modelController = (model: string) => {
    let modelAbort = modelControllers.get(model);
    if (!modelAbort) {
      modelAbort = new AbortController();
      modelControllers.set(model, modelAbort);
    }
    return modelAbort;
  };
  const modelSignals = new Map<string, AbortSignal>();

  const judgeKey = [...options.judges.keys()].sort().join(',');
  // Outcomes, not whole rows: a resumed run needs each verdict's label and reason, not its text.
  const storedVerdicts = groupVerdicts(store.listVerdictOutcomes(run.id));
  const crossCheck = crossChecks(config, options.judges);
  const context: RunContext = {
    runId: run.id,
    store,
    config,
    models: options.models,
    judges: options.judges,
    judgeContextTokens: options.judgeContextTokens ?? new Map(),
    cacheIdentities: options.cacheIdentities ?? new Map(),
    modelScheduler: new CallScheduler({ concurrency: config.limits.concurrency, perKeyConcurrency: config.limits.perModelConcurrency }),
    judgeScheduler: new CallScheduler({ concurrency: config.limits.judgeConcurrency }),
    retryPolicy: { ...defaultRetryPolicy, maxRetries: config.limits.maxRetries, maxRetryWaitMs: config.limits.maxRetryWaitMs },
    signal: controller.signal,
    emit,
    // Outcomes, not whole rows: a resumed run reads the text of a stored turn when its conversation replays it.
    storedTurns: new Map(store.listTurnOutcomes(run.id).map((turn): [string, TurnOutcome] => [turnKeyString(turn), turn])),
    storedVerdicts,
    storedPanels: new Set(
      store
        .listPanelOutcomes(run.id)
        .filter((panel) => panel.judges === judgeKey)
        .map((panel) => panel.turnId),
    ),
    crossCheckJudge: crossCheck ? createOfflineJudge() : undefined,
    storedCrossChecks: crossCheck ? storedCrossChecks(store, run.id, storedVerdicts) : new Set(),
    stopModel: (model, stop) => {
      if (stopped.has(model)) return;
      stopped.set(model, stop);
      emit({ type: 'model-stop', runId: run.id, model, reason: stop.reason, message: stop.message });
      modelController(model).abort(new Error(stop.message));
    },
    stoppedModel: (model) => stopped.get(model),
    budget:
      options.budget ??
      new BudgetMeter({ runId: run.id, limits: {}, prices: createPriceTable(), spent: { tokens: 0, costUsd: 0, unpriced: [] }, emit }),
    modelSignal: (model) => {
      let signal = modelSignals.get(model);
      if (!signal) {
        signal = AbortSignal.any([controller.signal, modelController(model).signal]);
        setMaxListeners(0, signal);
        modelSignals.set(model, signal);
      }
      return signal;
    },
    track: (task) => {
      const tracked = task
        .catch((error: unknown) => {
          // A reached budget ends the judge calls that had not started, as it ends the turns.
          if (controller.signal.aborted || error instanceof BudgetStop) return;
          fatalErrors.push(error);
          controller.abort(error);
        })
        .finally(() => {
          background.delete(tracked);
          while (backlogWaiters.length > 0 && background.size < backlogLimit) backlogWaiters.shift()!();
        });
      background.add(tracked);
    },
    waitForJudging: () =>
      background.size < backlogLimit ? Promise.resolve() : new Promise<void>((resolve) => backlogWaiters.push(resolve)),
    countRetry: () => {
      retryCount++;
    },
  };
  return { context, background, fatalErrors, retries: () => retryCount };
}

/**
 * Tells whether the offline judge cross-checks the run's judges: only beside at least one
 * judge other than itself, and unless the run turned it off.
 */
function crossChecks(config: RunConfig, judges: ReadonlyMap<string, Judge>): boolean {
  if (config.crossCheck === false) return false;
  return [...judges.keys()].some((spec) => spec !== offlineJudgeSpec);
}

/** Lists the turns whose offline verdict set is stored and whose offline verdict is current. */
function storedCrossChecks(store: Store, runId: string, storedVerdicts: Map<number, Map<string, VerdictOutcome>>): Set<number> {
  const turnIds = new Set<number>();
  for (const panel of store.listPanelOutcomes(runId)) {
    if (panel.judges === offlineJudgeSpec && storedVerdicts.get(panel.turnId)?.has(offlineJudgeSpec)) turnIds.add(panel.turnId);
  }
  return turnIds;
}

/** Groups verdicts made with each judge's current prompt (or offline weights) by turn and judge. */
function groupVerdicts(verdicts: VerdictOutcome[]): Map<number, Map<string, VerdictOutcome>> {
  const grouped = new Map<number, Map<string, VerdictOutcome>>();
  for (const verdict of verdicts) {
    if (verdict.promptHash !== currentPromptHash(verdict.judge)) continue;
    let byJudge = grouped.get(verdict.turnId);
    if (!byJudge) {
      byJudge = new Map();
      grouped.set(verdict.turnId, byJudge);
    }
    byJudge.set(verdict.judge, verdict);
  }
  return grouped;
}
