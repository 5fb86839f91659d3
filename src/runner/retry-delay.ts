/** How the runner waits between attempts of a failed call. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** First backoff wait, doubled on each further attempt. */
  baseDelayMs: number;
  /** Cap on the harness's own backoff wait. */
  maxDelayMs: number;
  /** The longest wait a server may ask for (Retry-After); a longer request fails the call at once. */
  maxRetryWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryWaitMs: 60_000,
};

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

/**
 * Decides whether to try again after failed attempt number `attempt` (1-based), and how long
 * to wait. A server's own wait hint is honoured exactly, up to `maxRetryWaitMs`; without a
 * hint, the wait backs off exponentially with jitter and is never zero.
 */
export function decideRetry({
  attempt,
  retryAfterMs,
  policy,
  random = Math.random,
}: {
  attempt: number;
  retryAfterMs?: number;
  policy: RetryPolicy;
  random?: () => number;
}): RetryDecision {
  if (attempt > policy.maxRetries) {
    return { retry: false, reason: `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}` };
  }
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryWaitMs) {
      return {
        retry: false,
        reason: `the server asked to wait ${formatWait(retryAfterMs)}, more than the limit of ${formatWait(policy.maxRetryWaitMs)} (--max-retry-wait)`,
      };
    }
    return { retry: true, delayMs: retryAfterMs };
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Half fixed, half random: calls that failed together spread out, and the wait is never zero.
  return { retry: true, delayMs: Math.round(backoff / 2 + (random() * backoff) / 2) };
}

/** Formats a wait for messages: `800 ms`, `3.5 s`, `2 h`, `1 day`. */
export function formatWait(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.round(milliseconds)} ms`;
  const seconds = milliseconds / 1000;
  if (seconds < 3600) return `${Number(seconds.toFixed(1))} s`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toFixed(1))} h`;
  const days = Number((seconds / 86_400).toFixed(1));
  return `${days} day${days === 1 ? '' : 's'}`;
}
