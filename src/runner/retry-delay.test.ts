import { describe, expect, it } from 'vitest';

import { decideRetry, defaultRetryPolicy, type RetryDecision, type RetryPolicy } from './retry-delay.js';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryWaitMs: 5000 };

function delayOf(decision: RetryDecision): number {
  if (!decision.retry) throw new Error(`expected a retry, got: ${decision.reason}`);
  return decision.delayMs;
}

function reasonOf(decision: RetryDecision): string {
  if (decision.retry) throw new Error(`expected no retry, got a wait of ${decision.delayMs} ms`);
  return decision.reason;
}

describe('decideRetry', () => {
  it.each([
    { id: 'zero', retryAfterMs: 0 },
    { id: 'one-millisecond', retryAfterMs: 1 },
    { id: 'above-backoff-cap', retryAfterMs: 3500 },
    { id: 'at-the-limit', retryAfterMs: 5000 },
  ])('honours Retry-After exactly ($id)', ({ retryAfterMs }) => {
    const decision = decideRetry({ attempt: 1, retryAfterMs, policy, random: () => 0.5 });

    expect(delayOf(decision)).toBe(retryAfterMs);
  });

  it('fails at once above the wait limit', () => {
    const decision = decideRetry({ attempt: 1, retryAfterMs: 86_400_000, policy });

    const reason = reasonOf(decision);
    expect(reason).toContain('1 day');
    expect(reason).toContain('5 s');
    expect(reason).toContain('--max-retry-wait');
  });

  it.each([
    { id: 'milliseconds', retryAfterMs: 1500, maxRetryWaitMs: 800, requested: '1.5 s', limit: '800 ms' },
    { id: 'zero-limit', retryAfterMs: 1, maxRetryWaitMs: 0, requested: '1 ms', limit: '0 ms' },
  ])('names both waits in the reason ($id)', ({ retryAfterMs, maxRetryWaitMs, requested, limit }) => {
    const reason = reasonOf(decideRetry({ attempt: 1, retryAfterMs, policy: { ...policy, maxRetryWaitMs } }));

    expect(reason).toContain(`wait ${requested}`);
    expect(reason).toContain(`limit of ${limit}`);
  });

  it('doubles the backoff per attempt', () => {
    const delays = [1, 2, 3].map((attempt) => delayOf(decideRetry({ attempt, policy, random: () => 1 })));

    expect(delays).toEqual([100, 200, 400]);
  });

  it('caps the backoff', () => {
    const longPolicy = { ...policy, maxRetries: 20 };

    const delay = delayOf(decideRetry({ attempt: 12, policy: longPolicy, random: () => 1 }));

    expect(delay).toBe(1000);
  });

  it.each([
    { id: 'random-zero', random: 0, delay: 50 },
    { id: 'random-quarter', random: 0.25, delay: 63 },
    { id: 'random-almost-one', random: 0.999_999, delay: 100 },
  ])('bounds the jitter ($id)', ({ random, delay }) => {
    expect(delayOf(decideRetry({ attempt: 1, policy, random: () => random }))).toBe(delay);
  });

  it('never waits zero without a hint', () => {
    const tinyPolicy = { ...policy, baseDelayMs: 1 };

    const delay = delayOf(decideRetry({ attempt: 1, policy: tinyPolicy, random: () => 0 }));

    expect(delay).toBeGreaterThan(0);
  });

  it('spreads waits with the default random', () => {
    const delays = Array.from({ length: 50 }, () => delayOf(decideRetry({ attempt: 2, policy: defaultRetryPolicy })));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it('retries up to maxRetries times', () => {
    expect(decideRetry({ attempt: 3, policy }).retry).toBe(true);
    expect(reasonOf(decideRetry({ attempt: 4, policy }))).toBe('gave up after 4 attempts');
  });

  it.each([
    { id: 'no-hint', retryAfterMs: undefined },
    { id: 'zero-hint', retryAfterMs: 0 },
  ])('never retries with maxRetries 0 ($id)', ({ retryAfterMs }) => {
    const decision = decideRetry({ attempt: 1, retryAfterMs, policy: { ...policy, maxRetries: 0 } });

    expect(reasonOf(decision)).toBe('gave up after 1 attempt');
  });
});
