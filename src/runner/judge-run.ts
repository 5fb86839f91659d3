import { setMaxListeners } from 'node:events';
import { RunNotFoundError, UsageError } from '../error/index.js';
import type { ChatMessage, DeclaredModel } from '../provider/index.js';
import type { RunRecord, Store, TurnRecord, VerdictOutcome } from '../store/index.js';
import type { Scenario } from '../suite/index.js';
import { buildJudgeInput } from './build-judge-input.js';
import { createModels, type ModelFactory } from './create-models.js';
import { createRunContext } from './create-run-context.js';
import { judgeTurn } from './judge-turn.js';
import { mergeLimits } from './resolve-run-config.js';
import type { RunConfig, RunLimits } from './run-config.js';
import type { RunEvent } from './run-event.js';
import { claimRun } from './run-ownership.js';

export interface JudgeRunOptions {
  runId: string;
  store: Store;
  /** The judges to ask; several form a panel. */
  judges: string[];
  limits?: Partial<RunLimits>;
  declaredModels?: Record<string, DeclaredModel>;
  env?: Record<string, string | undefined>;
  createModel?: ModelFactory;
  /** Whether the offline judge labels each reply beside these judges, as a verdict set of its own (default true). */
  crossCheck?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

/** Counts of a judging pass, over the run's `ok` replies. */
export interface JudgeRunSummary {
  runId: string;
  judges: string[];
  replies: number;
  /** Replies the panel labelled. */
  labelled: number;
  /** Replies whose judges replied without a usable label. */
  unscored: number;
  /** Replies left without a label because a judge call failed (`judge_error`); judging again retries them. */
  failed: number;
  interrupted: boolean;
}

/**
 * Has judges label a stored run's replies again, with no model call. Verdicts a judge already
 * gave with the current prompt are kept, except `judge_error`, which is asked again. A run
 * stored without judges takes these as its own, so `stats` shows their labels by default.
 */
export async function judgeRun(options: JudgeRunOptions): Promise<JudgeRunSummary> {
  const { store } = options;
  const run = store.getRun(options.runId);
  if (!run)
    throw new RunNotFoundError({ runId: options.runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  if (options.judges.length === 0) throw new UsageError({ message: 'No judge given. Name at least one with --judge.' });

  const release = claimRun(store, run.id);
  try {
    return await judgeClaimedRun(options, run);
  } finally {
    release();
  }
}

async function judgeClaimedRun(options: JudgeRunOptions, run: RunRecord): Promise<JudgeRunSummary> {
  const { store } = options;
  const stored = run.config as RunConfig;
  const config: RunConfig = {
    ...stored,
    judges: options.judges,
    limits: mergeLimits(stored.limits, options.limits),
    crossCheck: options.crossCheck ?? true,
  };
  const modelSet = createModels({
    models: [],
    judges: options.judges,
    declaredModels: options.declaredModels,
    env: options.env,
    createModel: options.createModel,
  });
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();

  const emit = (event: RunEvent) => options.onEvent?.(event);
  const { context, background, fatalErrors } = createRunContext({
    store,
    run,
    config,
    models: new Map(),
    judges: modelSet.judges,
    judgeContextTokens: modelSet.judgeContextTokens,
    controller,
    emit,
  });
  const scenarios = new Map((run.scenarios as Scenario[]).map((scenario) => [scenario.id, scenario]));

  const replies = judgeableReplies(groupConversations(store.listTurns(run.id), stored.mode), {
    goesOnAfterFailure: stored.origin !== undefined,
  });
  emit({
    type: 'judge-start',
    runId: run.id,
    judges: options.judges,
    plannedVerdicts: countPending(replies, context.storedVerdicts, options.judges),
    crossCheck: context.crossCheckJudge !== undefined,
  });

  const endGroup = store.groupWrites();
  try {
    for (const { turn, history } of replies) {
      const scenario = scenarios.get(turn.scenarioId);
      if (!scenario) throw new Error(`Run ${run.id} has turns for scenario ${turn.scenarioId}, which its snapshot lacks.`);
      const input = buildJudgeInput({
        scenario,
        track: turn.track,
        level: turn.level,
        history,
        prompt: turn.prompt,
        reply: turn.reply ?? '',
      });
      context.track(judgeTurn(context, { key: turn, turnId: turn.id!, input }));
    }
    while (background.size > 0) await Promise.all([...background]);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    try {
      endGroup();
    } catch (error) {
      fatalErrors.push(error);
    }
  }
  if (fatalErrors.length > 0) throw fatalErrors[0];

  if (stored.judges.length === 0) store.setRunConfig(run.id, { ...stored, judges: options.judges });
  return summarise(store, run.id, options.judges, options.signal?.aborted ?? false);
}

/** Groups turns into conversations, ordered by level; in stateless mode each turn stands alone. */
function groupConversations(turns: TurnRecord[], mode: RunConfig['mode']): Map<string, TurnRecord[]> {
  const conversations = new Map<string, TurnRecord[]>();
  for (const turn of turns) {
    const key = JSON.stringify([turn.model, turn.scenarioId, turn.track, turn.replicate, mode === 'stateless' ? turn.level : 0]);
    conversations.set(key, [...(conversations.get(key) ?? []), turn]);
  }
  for (const group of conversations.values()) group.sort((a, b) => a.level - b.level);
  return conversations;
}

/**
 * Lists the replies to judge, each with the conversation before it. A run of ours stops a
 * stateful conversation at its first turn that is not `ok`; an imported run's source tool went
 * on after it, so its later replies are judged too, with the failed turn left out of their history.
 */
function judgeableReplies(
  conversations: Map<string, TurnRecord[]>,
  { goesOnAfterFailure }: { goesOnAfterFailure: boolean },
): { turn: TurnRecord; history: ChatMessage[] }[] {
  const replies: { turn: TurnRecord; history: ChatMessage[] }[] = [];
  for (const turns of conversations.values()) {
    const history: ChatMessage[] = [];
    for (const turn of turns) {
      if (turn.status !== 'ok' || turn.id === undefined) {
        if (goesOnAfterFailure) continue;
        break;
      }
      replies.push({ turn, history: [...history] });
      history.push({ role: 'user', content: turn.prompt }, { role: 'assistant', content: turn.reply ?? '' });
    }
  }
  return replies;
}

/** Counts the verdicts still to ask for: each judge's, on every reply to judge. */
function countPending(
  replies: readonly { turn: TurnRecord }[],
  storedVerdicts: Map<number, Map<string, VerdictOutcome>>,
  judges: string[],
): number {
  let pending = 0;
  for (const { turn } of replies) {
    const stored = storedVerdicts.get(turn.id!);
    pending += judges.filter((judge) => !stored?.get(judge) || stored.get(judge)!.unscoredReason === 'judge_error').length;
  }
  return pending;
}

function summarise(store: Store, runId: string, judges: string[], interrupted: boolean): JudgeRunSummary {
  const panelKey = [...judges].sort().join(',');
  const panels = store.listPanels(runId).filter((panel) => panel.judges === panelKey);
  const replies = store.listTurns(runId).filter((turn) => turn.status === 'ok').length;
  const labelled = panels.filter((panel) => panel.label !== null).length;
  const failed = panels.filter((panel) => panel.label === null && panel.votes.some((vote) => vote.unscoredReason === 'judge_error')).length;
  return { runId, judges, replies, labelled, unscored: panels.length - labelled - failed, failed, interrupted };
}
