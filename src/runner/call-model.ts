import { ProviderCallError } from '../error/index.js';
import type { ChatMessage, ChatModel, ChatResult } from '../provider/index.js';
import type { TurnKey } from '../store/index.js';
import { classifyReply, type ReplyClass } from './classify-reply.js';
import { retryCall, type AttemptResult } from './retry-call.js';
import type { RunContext } from './run-context.js';

/** How a model turn's calls ended, before it is stored. */
export type ModelCallOutcome =
  | { kind: 'reply'; reply: ReplyClass; result: ChatResult; latencyMs: number; attempts: number; startedAt: string; gaveUp?: string }
  | { kind: 'error'; error: ProviderCallError; attempts: number; startedAt: string; gaveUp?: string }
  | { kind: 'stopped'; message: string; attempts: number; startedAt: string };

type Attempt = Exclude<ModelCallOutcome, { kind: 'stopped' }> | { kind: 'stopped'; message: string };

/**
 * Sends one turn's request, retrying what is worth retrying: network failures, 408, 409, 429,
 * 5xx and empty replies. A rejected key stops the whole model at once. Throws only when the run
 * is aborted.
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
  let attemptsMade = 0;

  const attempt = async (): Promise<AttemptResult<Attempt>> => {
    const stopped = context.stoppedModel(model.spec);
    if (stopped) return { retry: false, value: { kind: 'stopped', message: stopped } };
    try {
      const { result, latencyMs } = await context.modelScheduler.run({ key: model.spec, priority, signal }, async () => {
        const sent = performance.now();
        const result = await model.generate({ system, messages, abortSignal: signal, timeoutMs: context.config.limits.timeoutMs });
        return { result, latencyMs: Math.round(performance.now() - sent) };
      });
      const reply = classifyReply(result);
      const value: Attempt = { kind: 'reply', reply, result, latencyMs, attempts: 0, startedAt };
      return reply.status === 'empty' ? { retry: true, value, reason: 'empty' } : { retry: false, value };
    } catch (error) {
      if (context.signal.aborted) throw context.signal.reason;
      const stoppedNow = context.stoppedModel(model.spec);
      if (stoppedNow) return { retry: false, value: { kind: 'stopped', message: stoppedNow } };
      if (!ProviderCallError.isProviderCallError(error)) throw error;

      const value: Attempt = { kind: 'error', error, attempts: 0, startedAt };
      if (error.kind === 'auth') {
        context.stopModel(model.spec, error.message);
        return { retry: false, value };
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
      signal,
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
    return { kind: 'stopped', message: stopped, attempts: attemptsMade, startedAt };
  }
  const { value, attempts, gaveUp } = result;
  if (value.kind === 'stopped') return { ...value, attempts, startedAt };
  return { ...value, attempts, startedAt, gaveUp };
}
