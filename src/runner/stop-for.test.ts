import { describe, expect, it } from 'vitest';
import { ProviderCallError, type CallErrorKind } from '../error/index.js';
import { stopFor } from './stop-for.js';

const policy = { maxRetryWaitMs: 60_000 };

function callError(kind: CallErrorKind, { statusCode, retryAfterMs }: { statusCode?: number; retryAfterMs?: number } = {}) {
  return new ProviderCallError({
    message: `openai:a: HTTP ${statusCode ?? 0}`,
    model: 'openai:a',
    kind,
    statusCode,
    retryAfterMs,
    isRetryable: false,
  });
}

describe('stopFor', () => {
  it('stops a model whose key is rejected', () => {
    expect(stopFor(callError('auth', { statusCode: 401 }), policy)).toEqual({ reason: 'key-rejected', message: 'openai:a: HTTP 401' });
  });

  it('stops a model the API does not know', () => {
    expect(stopFor(callError('bad_request', { statusCode: 404 }), policy)?.reason).toBe('model-stopped');
  });

  it('stops a model rate limited for longer than the run waits', () => {
    const stop = stopFor(callError('rate_limit', { statusCode: 429, retryAfterMs: 86_400_000 }), policy);

    expect(stop?.reason).toBe('rate-limited');
    expect(stop?.message).toContain('asked to wait 1 day, more than the limit of 60 s (--max-retry-wait)');
    expect(stop?.message).toContain('Resume the run once the limit has reset.');
    expect(stop?.detail).toBe('the server asked to wait 1 day, more than the limit of 60 s (--max-retry-wait)');
  });

  it.each([
    { id: 'within-the-limit', retryAfterMs: 60_000 },
    { id: 'no-hint', retryAfterMs: undefined },
  ])('keeps a rate-limited model going ($id)', ({ retryAfterMs }) => {
    expect(stopFor(callError('rate_limit', { statusCode: 429, retryAfterMs }), policy)).toBeUndefined();
  });

  it('keeps a model going after a server error', () => {
    expect(stopFor(callError('server', { statusCode: 500 }), policy)).toBeUndefined();
  });
});
