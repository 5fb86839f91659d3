import { UsageError } from '../error/index.js';
import type { TurnStatus } from '../outcome/index.js';
import type { ChatMessage, ChatModel } from '../provider/index.js';
import type { TurnKey, TurnRecord } from '../store/index.js';
import { buildJudgeInput } from './build-judge-input.js';
import { buildSystemPrompt } from './build-system-prompt.js';
import { callModel, type ModelCallOutcome } from './call-model.js';
import { hashCacheKey } from './hash-cache-key.js';
import { createRequestHasher } from './hash-request.js';
import { judgeTurn } from './judge-turn.js';
import type { PlannedConversation } from './plan-conversations.js';
import type { RunContext } from './run-context.js';
import { turnKeyString } from './turn-key-string.js';

/** Statuses that answer a turn for good; `error` and `skipped` turns are tried again on resume. */
const finalStatuses: ReadonlySet<TurnStatus> = new Set(['ok', 'blocked', 'empty', 'truncated']);

/**
 * Holds one conversation, level by level. Turns already stored are replayed from the store
 * instead of sent again. In stateful mode, a turn that is not `ok` ends the conversation: the
 * remaining levels are stored as skipped, because going on would build on a broken history.
 */
export async function runConversation(context: RunContext, conversation: PlannedConversation): Promise<void> {
  const model = context.models.get(conversation.model)!;
  const system = buildSystemPrompt({ scenario: conversation.scenario, track: conversation.track, variant: context.config.system });
  const history: ChatMessage[] = [];
  const hashRequest = createRequestHasher({ provider: model.provider, modelId: model.modelId, system });

  for (const [index, level] of conversation.levels.entries()) {
    const key: TurnKey = {
      model: model.spec,
      scenarioId: conversation.scenario.id,
      track: conversation.track,
      level: level.level,
      replicate: conversation.replicate,
    };
    const messages: ChatMessage[] = [...history, { role: 'user', content: level.prompt }];
    const requestHash = hashRequest(messages);
    const identity = context.cacheIdentities.get(model.spec);
    const cacheKey = identity === undefined ? undefined : hashCacheKey({ identity, system, messages });
    const remaining = conversation.levels.slice(index + 1);

    const stored = context.storedTurns.get(turnKeyString(key));
    let turn = stored && finalStatuses.has(stored.status) ? context.store.getTurn(context.runId, key) : undefined;
    let turnId: number | Promise<number> | undefined = turn?.id;
    if (turn) {
      if (turn.requestHash !== undefined && turn.requestHash !== requestHash) {
        // Usually a spec that resolves differently here, such as a relative gguf: path from another folder.
        throw new UsageError({
          message: `Stored turn ${turnKeyString(key)} of run ${context.runId} answers a different request than the one the run would send now: a model, the suite or the config file means something else than when the run began (a relative gguf: path is read from the working directory). Resume it from the folder and with the files it began with.`,
        });
      }
    } else {
      await context.waitForJudging();
      const request = { key, prompt: level.prompt, requestHash, cacheKey };
      const cached = reuseCachedTurn(context, request);
      if (cached) {
        turn = cached;
        turnId = cached.id;
      } else {
        ({ turn, turnId } = await sendTurn({ context, model, system, messages, priority: remaining.length + 1, ...request }));
      }
    }

    if (turn.status !== 'ok') {
      if (remaining.length > 0)
        skipRemaining(context, { key, turn, remaining: remaining.map((next) => ({ level: next.level, prompt: next.prompt })) });
      return;
    }

    scheduleJudging(context, { conversation, key, turn, turnId: turnId!, history, level: level.level });
    history.push({ role: 'user', content: level.prompt }, { role: 'assistant', content: turn.reply ?? '' });
  }
}

/** One turn's request as the store keeps it. */
interface TurnRequest {
  key: TurnKey;
  prompt: string;
  requestHash: string;
  /** Key set for a model at temperature 0, so a later run may reuse this turn's `ok` reply for the identical request. */
  cacheKey: string | undefined;
}

/**
 * Reuses an earlier run's reply to the identical request when `--cache` is on: stores a copy
 * marked with the turn it came from and returns it. Returns undefined when caching is off or no
 * reply matches.
 */
function reuseCachedTurn(context: RunContext, request: TurnRequest): TurnRecord | undefined {
  if (!context.config.cache || request.cacheKey === undefined) return undefined;
  const cached = context.store.findCachedTurn(request.cacheKey, { excludeRunId: context.runId });
  if (!cached) return undefined;
  const now = new Date().toISOString();
  const {
    id: cachedFrom,
    runId: _runId,
    model: _model,
    scenarioId: _scenarioId,
    track: _track,
    level: _level,
    replicate: _replicate,
    ...answer
  } = cached;
  const turn: TurnRecord = {
    ...answer,
    runId: context.runId,
    ...request.key,
    prompt: request.prompt,
    requestHash: request.requestHash,
    cacheKey: request.cacheKey,
    cachedFrom,
    attempts: 0,
    startedAt: now,
    finishedAt: now,
  };
  turn.id = context.store.saveTurn(turn);
  context.emit({ type: 'turn-start', runId: context.runId, key: request.key });
  emitTurnEnd(context, turn);
  return turn;
}

async function sendTurn({
  context,
  model,
  system,
  messages,
  priority,
  ...request
}: TurnRequest & {
  context: RunContext;
  model: ChatModel;
  system: string | undefined;
  messages: ChatMessage[];
  priority: number;
}): Promise<{ turn: TurnRecord; turnId: Promise<number> }> {
  const { key } = request;
  context.emit({ type: 'turn-start', runId: context.runId, key });
  const outcome = await callModel({ context, model, key, priority, system, messages });
  const turn = toTurnRecord({ runId: context.runId, request, outcome });
  // Written with the rows of the next few milliseconds. Only judging needs the id, so the
  // conversation goes on at once.
  const turnId = context.store.saveTurnHeld(turn).then((id) => (turn.id = id));
  // A failed write also fails the group, which ends the run, and a turn not judged has no other reader.
  turnId.catch(() => {});
  emitTurnEnd(context, turn);
  return { turn, turnId };
}

function emitTurnEnd(context: RunContext, turn: TurnRecord): void {
  const { model, scenarioId, track, level, replicate } = turn;
  context.emit({
    type: 'turn-end',
    runId: context.runId,
    key: { model, scenarioId, track, level, replicate },
    status: turn.status,
    statusKind: turn.statusKind,
    statusMessage: turn.statusMessage,
    attempts: turn.attempts,
    latencyMs: turn.latencyMs,
    ...(turn.cachedFrom !== undefined ? { cached: true } : {}),
  });
}

function toTurnRecord({ runId, request, outcome }: { runId: string; request: TurnRequest; outcome: ModelCallOutcome }): TurnRecord {
  const { key, prompt, requestHash } = request;
  const base = {
    runId,
    ...key,
    prompt,
    requestHash,
    attempts: outcome.attempts,
    startedAt: outcome.startedAt,
    finishedAt: new Date().toISOString(),
  };

  if (outcome.kind === 'stopped') {
    return { ...base, status: 'skipped', statusKind: outcome.stop.reason, statusMessage: outcome.stop.message };
  }
  if (outcome.kind === 'error') {
    const message = outcome.gaveUp ? `${outcome.error.message} (${outcome.gaveUp})` : outcome.error.message;
    return { ...base, status: 'error', statusKind: outcome.error.kind, statusMessage: message };
  }

  const { reply, result } = outcome;
  const statusMessage = reply.statusMessage && outcome.gaveUp ? `${reply.statusMessage} (${outcome.gaveUp})` : reply.statusMessage;
  return {
    ...base,
    status: reply.status,
    statusKind: reply.statusKind,
    statusMessage,
    reply: reply.status === 'ok' ? reply.text : result.text || undefined,
    reasoning: result.reasoning,
    finishReason: result.finishReason,
    rawFinishReason: result.rawFinishReason,
    toolCalls: result.toolCalls,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    reasoningTokens: result.usage.reasoningTokens,
    cachedInputTokens: result.usage.cachedInputTokens,
    latencyMs: outcome.latencyMs,
    responseModel: result.responseModelId,
    requestParameters: result.requestParameters,
    systemFingerprint: result.systemFingerprint,
    upstreamProvider: result.upstreamProvider,
    // Only an `ok` reply is reused later, so errors, blocks and empty replies are sent again.
    cacheKey: reply.status === 'ok' ? request.cacheKey : undefined,
  };
}

/** Stores the levels after a failed turn as skipped, in one transaction. */
function skipRemaining(
  context: RunContext,
  { key, turn, remaining }: { key: TurnKey; turn: TurnRecord; remaining: { level: number; prompt: string }[] },
): void {
  if (context.config.mode !== 'stateful') return;
  // A model stopped by this failure (a rejected key, an unknown model) skips for that reason.
  const stop = turn.status === 'error' ? context.stoppedModel(key.model) : undefined;
  const cause = turn.statusKind ? `${turn.status} (${turn.statusKind})` : turn.status;
  const statusKind = turn.status === 'skipped' ? turn.statusKind : (stop?.reason ?? 'earlier-turn-failed');
  const statusMessage =
    turn.status === 'skipped'
      ? turn.statusMessage
      : (stop?.message ?? `level ${key.level} ended as ${cause}, so the conversation did not go on`);
  const finishedAt = new Date().toISOString();

  context.store.transaction(() => {
    for (const next of remaining) {
      const nextKey = { ...key, level: next.level };
      const stored = context.storedTurns.get(turnKeyString(nextKey));
      if (stored?.status === 'skipped' && stored.statusKind === statusKind) continue;
      context.store.saveTurn({
        runId: context.runId,
        ...nextKey,
        prompt: next.prompt,
        status: 'skipped',
        statusKind,
        statusMessage,
        attempts: 0,
        finishedAt,
      });
      context.emit({ type: 'turn-end', runId: context.runId, key: nextKey, status: 'skipped', statusKind, statusMessage, attempts: 0 });
    }
  });
}

function scheduleJudging(
  context: RunContext,
  {
    conversation,
    key,
    turn,
    turnId,
    history,
    level,
  }: {
    conversation: PlannedConversation;
    key: TurnKey;
    turn: TurnRecord;
    /** The stored turn's id, or its write still held. */
    turnId: number | Promise<number>;
    history: ChatMessage[];
    level: number;
  },
): void {
  const input = buildJudgeInput({
    scenario: conversation.scenario,
    track: conversation.track,
    level,
    history,
    prompt: turn.prompt,
    reply: turn.reply ?? '',
  });
  context.track(
    typeof turnId === 'number'
      ? judgeTurn(context, { key, turnId, input })
      : turnId.then((id) => judgeTurn(context, { key, turnId: id, input })),
  );
}
