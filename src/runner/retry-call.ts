import { setTimeout as sleep } from 'node:timers/promises';
import { decideRetry, type RetryPolicy } from './retry-delay.js';

/** What one attempt produced: a final value, or a value worth another attempt. */
export type AttemptResult<T> =
  { retry: false; value: T } | { retry: true; value: T; reason: string; retryAfterMs?: number; statusCode?: number };

export interface RetryInfo {
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  reason: string;
  statusCode?: number;
}

/**
 * Runs `attempt` until it returns a final value or the policy says stop; then returns the last
 * value with the number of attempts and, when it gave up, why. Waits happen outside any
 * concurrency slot. Aborting the signal rejects with its reason, even mid-wait.
 */
export async function retryCall<T>({
  policy,
  signal,
  attempt,
  onRetry,
}: {
  policy: RetryPolicy;
  signal: AbortSignal;
  attempt: (attemptNumber: number) => Promise<AttemptResult<T>>;
  onRetry?: (info: RetryInfo) => void;
}): Promise<{ value: T; attempts: number; gaveUp?: string }> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attempt(attemptNumber);
    if (!result.retry) return { value: result.value, attempts: attemptNumber };

    const decision = decideRetry({ attempt: attemptNumber, retryAfterMs: result.retryAfterMs, policy });
    if (!decision.retry) return { value: result.value, attempts: attemptNumber, gaveUp: decision.reason };

    onRetry?.({ attempt: attemptNumber, delayMs: decision.delayMs, reason: result.reason, statusCode: result.statusCode });
    try {
      await sleep(decision.delayMs, undefined, { signal });
    } catch (error) {
      // The timer rejects with its own AbortError; callers expect the signal's reason.
      if (signal.aborted) throw signal.reason;
      throw error;
    }
  }
}
