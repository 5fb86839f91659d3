import { ProviderCallError, type CallErrorKind } from '../error/index.js';
import { combineVotes, judgeReply, promptOfJudge, type Judge, type JudgeAttempt, type JudgeInput } from '../judge/index.js';
import type { TurnKey, VerdictRecord } from '../store/index.js';
import { crossCheckTurn } from './cross-check-turn.js';
import { retryCall, type AttemptResult, type RetryInfo } from './retry-call.js';
import type { RunContext } from './run-context.js';
import { stopFor } from './stop-for.js';

type JudgeCallValue = { attempt: JudgeAttempt; latencyMs: number } | { error: ProviderCallError } | { stopped: string };

/**
 * Has every judge of the run label one stored reply, then stores the panel result. Judges that
 * already gave a verdict with the current prompt are not asked again, except after a
 * `judge_error`, which a later execution retries. The offline cross-check, when on, runs first.
 */
export async function judgeTurn(
  context: RunContext,
  { key, turnId, input }: { key: TurnKey; turnId: number; input: JudgeInput },
): Promise<void> {
  // With no judge there is no panel: a reply nobody was asked to label is not judged, and an
  // empty panel would read as a judge error.
  if (context.judges.size === 0) return;
  crossCheckTurn(context, { turnId, input });

  let verdicts = context.storedVerdicts.get(turnId);
  if (!verdicts) {
    verdicts = new Map();
    context.storedVerdicts.set(turnId, verdicts);
  }
  const pending = [...context.judges.values()].filter((judge) => {
    const stored = verdicts.get(judge.spec);
    return !stored || stored.unscoredReason === 'judge_error';
  });
  // Each turn is judged once per execution, so its entries are dropped as they are read:
  // kept, they would grow with the run.
  const panelStored = context.storedPanels.delete(turnId);
  if (pending.length === 0 && panelStored) {
    context.storedVerdicts.delete(turnId);
    return;
  }

  // Every judge's call settles before this returns, so none writes to the store after the run
  // has ended. A reached budget rejects the calls waiting for a slot while those in flight go on.
  const settled = await Promise.allSettled(pending.map((judge) => askJudge(context, { judge, key, turnId, input })));
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  for (const outcome of settled) if (outcome.status === 'fulfilled') verdicts.set(outcome.value.judge, outcome.value);

  const judges = [...context.judges.keys()].sort();
  const votes = judges.map((judge) => {
    const verdict = verdicts.get(judge)!;
    return { judge, label: verdict.label, unscoredReason: verdict.unscoredReason };
  });
  context.store.savePanel({ turnId, judges: judges.join(','), ...combineVotes(votes), votes, createdAt: new Date().toISOString() });
  context.storedVerdicts.delete(turnId);
}

async function askJudge(
  context: RunContext,
  { judge, key, turnId, input }: { judge: Judge; key: TurnKey; turnId: number; input: JudgeInput },
): Promise<VerdictRecord> {
  // Judge calls in flight finish when a budget is reached; waiting ones, and retries, do not start.
  const startSignal = context.budget.gate(judge.spec, context.signal);
  const attempt = async (): Promise<AttemptResult<JudgeCallValue>> => {
    const stopped = context.stoppedModel(judge.spec);
    if (stopped) return { retry: false, value: { stopped: stopped.message } };
    try {
      const value = await context.judgeScheduler.run({ key: judge.spec, signal: startSignal }, async () => {
        const sent = performance.now();
        const attempt = await judgeReply({
          judge,
          input,
          contextTokens: context.judgeContextTokens.get(judge.spec),
          abortSignal: context.signal,
          timeoutMs: context.config.limits.timeoutMs,
        });
        // Usage is absent only when no call was sent (a prompt over the judge's context window).
        if (attempt.usage) context.budget.record(judge.spec, attempt.usage);
        return { attempt, latencyMs: Math.round(performance.now() - sent) };
      });
      return { retry: false, value };
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      if (!ProviderCallError.isProviderCallError(error)) throw error;
      const stop = stopFor(error, context.retryPolicy);
      if (stop) {
        context.stopModel(judge.spec, stop);
        return { retry: false, value: { error } };
      }
      if (!error.isRetryable) return { retry: false, value: { error } };
      return { retry: true, value: { error }, reason: error.kind, retryAfterMs: error.retryAfterMs, statusCode: error.statusCode };
    }
  };

  const onRetry = (info: RetryInfo) => {
    context.countRetry();
    context.emit({ type: 'retry-scheduled', runId: context.runId, caller: 'judge', model: judge.spec, key, ...info });
  };

  // Transport failures and unparsable verdicts have separate budgets: --max-retries 0 turns off
  // the first, and the judge still gets its extra look at a reply it could not parse.
  let attempts = 0;
  for (let parseRetry = 0; ; parseRetry++) {
    const result = await retryCall({ policy: context.retryPolicy, signal: startSignal, attempt, onRetry });
    attempts += result.attempts;
    const { value, gaveUp } = result;
    const unparsable = 'attempt' in value && value.attempt.outcome === 'unscored' && value.attempt.reason === 'parse_failure';
    if (unparsable && parseRetry < context.config.limits.judgeParseRetries) {
      onRetry({ attempt: attempts, delayMs: 0, reason: 'parse_failure' });
      continue;
    }
    const verdict = toVerdictRecord({ turnId, judge, value, attempts, gaveUp });
    return saveVerdict(context, { key, verdict, errorKind: 'error' in value ? value.error.kind : undefined });
  }
}

function saveVerdict(
  context: RunContext,
  { key, verdict, errorKind }: { key: TurnKey; verdict: VerdictRecord; errorKind: CallErrorKind | undefined },
): VerdictRecord {
  context.store.saveVerdict(verdict);
  context.emit({
    type: 'verdict-end',
    runId: context.runId,
    key,
    judge: verdict.judge,
    label: verdict.label,
    unscoredReason: verdict.unscoredReason,
    errorKind,
    detail: verdict.errorMessage,
  });
  return verdict;
}

function toVerdictRecord({
  turnId,
  judge,
  value,
  attempts,
  gaveUp,
}: {
  turnId: number;
  judge: Judge;
  value: JudgeCallValue;
  attempts: number;
  gaveUp: string | undefined;
}): VerdictRecord {
  const base = {
    turnId,
    judge: judge.spec,
    ...promptOfJudge(judge),
    attempts,
    createdAt: new Date().toISOString(),
  };

  if ('stopped' in value) {
    return { ...base, label: null, unscoredReason: 'judge_error', errorMessage: `not asked: ${value.stopped}` };
  }
  if ('error' in value) {
    const message = gaveUp ? `${value.error.message} (${gaveUp})` : value.error.message;
    return { ...base, label: null, unscoredReason: 'judge_error', errorMessage: message };
  }

  const { attempt, latencyMs } = value;
  const usage = { inputTokens: attempt.usage?.inputTokens, outputTokens: attempt.usage?.outputTokens };
  if (attempt.outcome === 'unscored') {
    return {
      ...base,
      ...usage,
      label: null,
      unscoredReason: attempt.reason,
      errorMessage: attempt.detail,
      rawReply: attempt.rawReply,
      latencyMs,
    };
  }
  return {
    ...base,
    ...usage,
    label: attempt.label,
    unscoredReason: null,
    rationale: attempt.rationale,
    flags: attempt.flags,
    rawReply: attempt.rawReply,
    latencyMs,
  };
}
