import { describe, expect, it } from 'vitest';

import { retryCall, type AttemptResult, type RetryInfo } from './retry-call.js';
import type { RetryPolicy } from './retry-delay.js';

// A 1 ms base keeps the backoff of these tests to a few milliseconds.
const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 4, maxRetryWaitMs: 1000 };

/** An attempt function that returns the scripted results in order and counts its calls. */
function scripted<T>(results: AttemptResult<T>[]) {
  const attemptNumbers: number[] = [];
  const attempt = async (attemptNumber: number): Promise<AttemptResult<T>> => {
    attemptNumbers.push(attemptNumber);
    const result = results[Math.min(attemptNumbers.length, results.length) - 1];
    if (!result) throw new Error('no scripted result');
    return result;
  };
  return { attempt, attemptNumbers };
}

const serverError: AttemptResult<string> = { retry: true, value: 'HTTP 500', reason: 'server', statusCode: 500 };

describe('retryCall', () => {
  it('returns a final first value', async () => {
    const { attempt, attemptNumbers } = scripted([{ retry: false, value: 'reply' }]);
    const retries: RetryInfo[] = [];

    const outcome = await retryCall({ policy, signal: new AbortController().signal, attempt, onRetry: (info) => retries.push(info) });

    expect(outcome).toEqual({ value: 'reply', attempts: 1 });
    expect(attemptNumbers).toEqual([1]);
    expect(retries).toEqual([]);
  });

  it('retries until a final value', async () => {
    const { attempt, attemptNumbers } = scripted<string>([serverError, serverError, { retry: false, value: 'reply' }]);
    const retries: RetryInfo[] = [];

    const outcome = await retryCall({ policy, signal: new AbortController().signal, attempt, onRetry: (info) => retries.push(info) });

    expect(outcome.value).toBe('reply');
    expect(outcome.attempts).toBe(3);
    expect(outcome.gaveUp).toBeUndefined();
    expect(attemptNumbers).toEqual([1, 2, 3]);
    expect(retries.map((info) => info.attempt)).toEqual([1, 2]);
    expect(retries.map((info) => info.reason)).toEqual(['server', 'server']);
    expect(retries.map((info) => info.statusCode)).toEqual([500, 500]);
  });

  it('waits for the Retry-After hint', async () => {
    const { attempt } = scripted<string>([
      { retry: true, value: 'HTTP 429', reason: 'rate_limit', retryAfterMs: 60, statusCode: 429 },
      { retry: false, value: 'reply' },
    ]);
    const retries: RetryInfo[] = [];

    const started = performance.now();
    const outcome = await retryCall({ policy, signal: new AbortController().signal, attempt, onRetry: (info) => retries.push(info) });
    const elapsed = performance.now() - started;

    expect(outcome.value).toBe('reply');
    expect(retries[0]?.delayMs).toBe(60);
    // Node timers may fire up to a millisecond early.
    expect(elapsed).toBeGreaterThanOrEqual(59);
  });

  it('returns the last value on giving up', async () => {
    const { attempt, attemptNumbers } = scripted<string>([
      { retry: true, value: 'first 500', reason: 'server' },
      { retry: true, value: 'second 500', reason: 'server' },
    ]);

    const outcome = await retryCall({ policy: { ...policy, maxRetries: 1 }, signal: new AbortController().signal, attempt });

    expect(outcome.value).toBe('second 500');
    expect(outcome.attempts).toBe(2);
    expect(outcome.gaveUp).toBe('gave up after 2 attempts');
    expect(attemptNumbers).toEqual([1, 2]);
  });

  it('makes one attempt with maxRetries 0', async () => {
    const { attempt, attemptNumbers } = scripted<string>([serverError]);

    const outcome = await retryCall({ policy: { ...policy, maxRetries: 0 }, signal: new AbortController().signal, attempt });

    expect(attemptNumbers).toEqual([1]);
    expect(outcome.gaveUp).toBe('gave up after 1 attempt');
  });

  it('gives up on a wait above the limit', async () => {
    const { attempt, attemptNumbers } = scripted<string>([
      { retry: true, value: 'HTTP 429', reason: 'rate_limit', retryAfterMs: 86_400_000 },
      { retry: false, value: 'never reached' },
    ]);
    const retries: RetryInfo[] = [];

    const started = performance.now();
    const outcome = await retryCall({ policy, signal: new AbortController().signal, attempt, onRetry: (info) => retries.push(info) });

    expect(performance.now() - started).toBeLessThan(1000);
    expect(attemptNumbers).toEqual([1]);
    expect(retries).toEqual([]);
    expect(outcome.value).toBe('HTTP 429');
    expect(outcome.gaveUp).toContain('1 day');
  });

  it('rejects with the reason on abort mid-wait', async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted by the user');
    const { attempt, attemptNumbers } = scripted<string>([
      { retry: true, value: 'HTTP 429', reason: 'rate_limit', retryAfterMs: 900 },
      { retry: false, value: 'never reached' },
    ]);

    const started = performance.now();
    const outcome = retryCall({
      policy,
      signal: controller.signal,
      attempt,
      onRetry: () => setTimeout(() => controller.abort(reason), 10),
    });

    await expect(outcome).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(800);
    expect(attemptNumbers).toEqual([1]);
  });

  it('rejects when aborted before the wait', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped');
    const attempt = async (): Promise<AttemptResult<string>> => {
      controller.abort(reason);
      return serverError;
    };

    await expect(retryCall({ policy, signal: controller.signal, attempt })).rejects.toBe(reason);
  });
});
