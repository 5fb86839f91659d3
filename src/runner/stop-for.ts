import type { ProviderCallError } from '../error/index.js';
import { formatWait, type RetryPolicy } from './retry-delay.js';
import type { ModelStop } from './run-context.js';

/**
 * Decides whether a failed call stops its model (or judge) for the rest of the execution,
 * because every later call would fail the same way: a rejected key (401, 403), an unknown model
 * (404), or a rate limit whose Retry-After is longer than `maxRetryWaitMs`, such as a free
 * tier's daily quota, which the run would not wait out.
 */
export function stopFor(error: ProviderCallError, policy: Pick<RetryPolicy, 'maxRetryWaitMs'>): ModelStop | undefined {
  if (error.kind === 'auth') return { reason: 'key-rejected', message: error.message };
  if (error.statusCode === 404) return { reason: 'model-stopped', message: `${error.message}. Check the model id and the base URL.` };
  if (error.kind === 'rate_limit' && error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxRetryWaitMs) {
    const waits = `the server asked to wait ${formatWait(error.retryAfterMs)}, more than the limit of ${formatWait(policy.maxRetryWaitMs)} (--max-retry-wait)`;
    return { reason: 'rate-limited', message: `${error.message} (${waits}). Resume the run once the limit has reset.`, detail: waits };
  }
  return undefined;
}
