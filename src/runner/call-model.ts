import { ProviderCallError } from '../error/index.js';
import type { ChatMessage, ChatModel, ChatResult } from '../provider/index.js';
import type { TurnKey } from '../store/index.js';
import { classifyReply, type ReplyClass } from './classify-reply.js';
import { retryCall, type AttemptResult } from './retry-call.js';
import type { ModelStop, RunContext } from './run-context.js';
import { stopFor } from './stop-for.js';

/** How a model turn's calls ended, before it is stored. */
export type ModelCallOutcome =
  | { kind: 'reply'; reply: ReplyClass; result: ChatResult; latencyMs: number; attempts: number; startedAt: string; gaveUp?: string }
  | { kind: 'error'; error: ProviderCallError; attempts: number; startedAt: string; gaveUp?: string }
  | { kind: 'stopped'; stop: ModelStop; attempts: number; startedAt: string };

type Attempt = Exclude<ModelCallOutcome, { kind: 'stopped' }> | { kind: 'stopped'; stop: ModelStop };

/**
 * Sends one turn's request, retrying what is worth retrying: network failures, 408, 409, 429,
 * 5xx and empty replies. A rejected key, an unknown model or a rate limit longer than the run
 * waits stops the whole model at once (`stopFor`). Throws only when the run is aborted.
 */
export async function callModel({
  context,
  model,
  key,
  priority,
  system,
  messages,
}: {
  context: RunContext;
  model: ChatModel;
  key: TurnKey;
  /** Scheduling priority: the conversation's remaining levels, so long chains start first. */
  priority: number;
  system: string | undefined;
  messages: ChatMessage[];
}): Promise<ModelCallOutcome> {
  const startedAt = new Date().toISOString();
  const signal = context.modelSignal(model.spec);
  // Calls in flight finish when a budget is reached; waiting ones, and retries, do not start.
  const startSignal = context.budget.gate(model.spec, signal);
  let attemptsMade = 0;

  const attempt = async (): Promise<AttemptResult<Attempt>> => {
    const stopped = context.stoppedModel(model.spec);
    if (stopped) return { retry: false, value: { kind: 'stopped', stop: stopped } };
    try {
      const { result, latencyMs } = await context.modelScheduler.run({ key: model.spec, priority, signal: startSignal }, async () => {
        const sent = performance.now();
        context.emit({ type: 'call-start', runId: context.runId, model: model.spec });
        try {
          const result = await model.generate({
            system,
            messages,
            temperature: context.config.temperature,
            abortSignal: signal,
            timeoutMs: context.config.limits.timeoutMs,
          });
          context.budget.record(model.spec, result.usage);
          return { result, latencyMs: Math.round(performance.now() - sent) };
        } finally {
          context.emit({ type: 'call-end', runId: context.runId, model: model.spec });
        }
      });
      const reply = classifyReply(result);
      const value: Attempt = { kind: 'reply', reply, result, latencyMs, attempts: 0, startedAt };
      return reply.status === 'empty' ? { retry: true, value, reason: 'empty' } : { retry: false, value };
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      const stoppedNow = context.stoppedModel(model.spec);
      if (stoppedNow) return { retry: false, value: { kind: 'stopped', stop: stoppedNow } };
      if (!ProviderCallError.isProviderCallError(error)) throw error;

      const value: Attempt = { kind: 'error', error, attempts: 0, startedAt };
      const stop = stopFor(error, context.retryPolicy);
      if (stop) {
        context.stopModel(model.spec, stop);
        return { retry: false, value: { ...value, gaveUp: stop.detail } };
      }
      if (!error.isRetryable) return { retry: false, value };
      return { retry: true, value, reason: error.kind, retryAfterMs: error.retryAfterMs, statusCode: error.statusCode };
    }
  };

  // Waits listen to the model's own signal, so a model stopped by a rejected key does not
  // sleep through a pending Retry-After first.
  let result;
  try {
    result = await retryCall({
      policy: context.retryPolicy,
      signal: startSignal,
      attempt: (attemptNumber) => {
        attemptsMade = attemptNumber;
        return attempt();
      },
      onRetry: (info) => {
        context.countRetry();
        context.emit({ type: 'retry-scheduled', runId: context.runId, caller: 'model', model: model.spec, key, ...info });
      },
    });
  } catch (error) {
    const stopped = context.stoppedModel(model.spec);
    if (context.signal.aborted || !stopped) throw error;
    return { kind: 'stopped', stop: stopped, attempts: attemptsMade, startedAt };
  }
  const { value, attempts, gaveUp } = result;
  if (value.kind === 'stopped') return { ...value, attempts, startedAt };
  return { ...value, attempts, startedAt, gaveUp: gaveUp ?? value.gaveUp };
}
