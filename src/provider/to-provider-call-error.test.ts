import { APICallError } from 'ai';
import { describe, expect, it } from 'vitest';

import { ProviderCallError } from '../error/index.js';
import { toProviderCallError } from './to-provider-call-error.js';

const context = { model: 'openai:gpt-test', keyVariable: 'OPENAI_API_KEY', keySent: true, secrets: [] as string[] };

function apiCallError({
  statusCode,
  responseBody,
  responseHeaders,
  message = 'Bad Request',
}: {
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  message?: string;
}): APICallError {
  return new APICallError({
    message,
    url: 'http://127.0.0.1:1/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseBody,
    responseHeaders,
  });
}

function errorJson(message: string): string {
  return JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
}

describe('toProviderCallError', () => {
  it('returns a ProviderCallError unchanged', () => {
    const original = new ProviderCallError({ message: 'already converted', model: 'm', kind: 'timeout', isRetryable: true });

    expect(toProviderCallError(original, context)).toBe(original);
  });

  it.each([
    { statusCode: 400, kind: 'bad_request', isRetryable: false },
    { statusCode: 401, kind: 'auth', isRetryable: false },
    { statusCode: 403, kind: 'auth', isRetryable: false },
    { statusCode: 404, kind: 'bad_request', isRetryable: false },
    { statusCode: 408, kind: 'timeout', isRetryable: true },
    { statusCode: 409, kind: 'server', isRetryable: true },
    { statusCode: 413, kind: 'bad_request', isRetryable: false },
    { statusCode: 422, kind: 'bad_request', isRetryable: false },
    { statusCode: 429, kind: 'rate_limit', isRetryable: true },
    { statusCode: 500, kind: 'server', isRetryable: true },
    { statusCode: 502, kind: 'server', isRetryable: true },
    { statusCode: 503, kind: 'server', isRetryable: true },
    { statusCode: 529, kind: 'server', isRetryable: true },
  ])('classifies HTTP $statusCode as $kind', ({ statusCode, kind, isRetryable }) => {
    const error = toProviderCallError(apiCallError({ statusCode, responseBody: errorJson('failed') }), context);

    expect(error.kind).toBe(kind);
    expect(error.isRetryable).toBe(isRetryable);
    expect(error.statusCode).toBe(statusCode);
  });

  it('keeps the model, key variable and cause', () => {
    const cause = apiCallError({ statusCode: 500 });

    const error = toProviderCallError(cause, context);

    expect(error).toBeInstanceOf(ProviderCallError);
    expect(error.model).toBe('openai:gpt-test');
    expect(error.keyVariable).toBe('OPENAI_API_KEY');
    expect(error.cause).toBe(cause);
  });

  it.each([
    { id: 'OpenAI error', body: errorJson('Rate limit reached for requests'), summary: 'Rate limit reached for requests' },
    { id: 'string error', body: JSON.stringify({ error: 'Bad gateway' }), summary: 'Bad gateway' },
    { id: 'top-level message', body: JSON.stringify({ message: 'Quota exceeded' }), summary: 'Quota exceeded' },
    {
      id: 'Google error',
      body: JSON.stringify({ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }),
      summary: 'Quota exceeded',
    },
    { id: 'HTML page', body: '<html><body><h1>429 Too Many Requests</h1></body></html>', summary: '429 Too Many Requests' },
    { id: 'plain text', body: 'upstream connect error\n\n  reset', summary: 'upstream connect error reset' },
    { id: 'JSON without a message', body: '{"detail":"Not Found"}', summary: '{"detail":"Not Found"}' },
  ])('summarises a body written as $id', ({ body, summary }) => {
    const error = toProviderCallError(apiCallError({ statusCode: 429, responseBody: body }), context);

    expect(error.message).toBe(`openai:gpt-test: HTTP 429: ${summary}`);
  });

  it.each([
    { id: 'Anthropic', body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, statusCode: 529 },
    { id: 'Gemini', body: { error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } }, statusCode: 503 },
    { id: 'a Gemini list', body: [{ error: { code: 503, message: 'Overloaded', status: 'UNAVAILABLE' } }], statusCode: 503 },
  ])('reads the message of $id error bodies', ({ body, statusCode }) => {
    const error = toProviderCallError(apiCallError({ statusCode, responseBody: JSON.stringify(body) }), context);

    expect(error.message).toBe(`openai:gpt-test: HTTP ${statusCode}: Overloaded`);
    expect(error.kind).toBe('server');
    expect(error.isRetryable).toBe(true);
  });

  it('prefers a retry header to a RetryInfo delay', () => {
    const body = JSON.stringify({
      error: { code: 429, message: 'quota', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '9s' }] },
    });

    const withHeader = toProviderCallError(
      apiCallError({ statusCode: 429, responseBody: body, responseHeaders: { 'retry-after': '2' } }),
      context,
    );
    const withoutHeader = toProviderCallError(apiCallError({ statusCode: 429, responseBody: body }), context);

    expect(withHeader.retryAfterMs).toBe(2000);
    expect(withoutHeader.retryAfterMs).toBe(9000);
  });

  it('keeps the body as received', () => {
    const body = '<html><body><h1>429 Too Many Requests</h1></body></html>';

    expect(toProviderCallError(apiCallError({ statusCode: 429, responseBody: body }), context).responseBody).toBe(body);
  });

  it('cuts a long text summary to 200 characters', () => {
    const body = 'x'.repeat(500);

    const error = toProviderCallError(apiCallError({ statusCode: 502, responseBody: body }), context);

    expect(error.message).toBe(`openai:gpt-test: HTTP 502: ${'x'.repeat(200)}…`);
  });

  it('cuts the stored body to 2000 characters', () => {
    const body = 'y'.repeat(5000);

    expect(toProviderCallError(apiCallError({ statusCode: 502, responseBody: body }), context).responseBody).toBe('y'.repeat(2000));
  });

  it('names only the status when there is no body', () => {
    const error = toProviderCallError(apiCallError({ statusCode: 503 }), context);

    expect(error.message).toBe('openai:gpt-test: HTTP 503');
    expect(error.responseBody).toBeUndefined();
  });

  it('names the key variable on auth failures', () => {
    const error = toProviderCallError(apiCallError({ statusCode: 401, responseBody: errorJson('Invalid key') }), context);

    expect(error.message).toBe(
      'openai:gpt-test: HTTP 401: Invalid key. The API rejected the key in OPENAI_API_KEY: check that it is set to a valid key.',
    );
  });

  it('asks for the key variable when no key was sent', () => {
    const error = toProviderCallError(apiCallError({ statusCode: 401, responseBody: errorJson('Unauthorized') }), {
      ...context,
      keySent: false,
    });

    expect(error.message).toBe(
      'openai:gpt-test: HTTP 401: Unauthorized. The endpoint requires an API key and none was sent: set OPENAI_API_KEY.',
    );
  });

  it('says unauthorised when no key was used', () => {
    const error = toProviderCallError(apiCallError({ statusCode: 403, responseBody: errorJson('Forbidden') }), {
      ...context,
      keyVariable: undefined,
    });

    expect(error.message).toBe('openai:gpt-test: HTTP 403: Forbidden. The API rejected the request as unauthorised.');
  });

  it('masks an echoed key in the message and body', () => {
    const key = 'sk-test-CANARY0123456789abcdef';
    const body = errorJson(`Incorrect API key provided: ${key}`);

    const error = toProviderCallError(apiCallError({ statusCode: 401, responseBody: body }), { ...context, secrets: [key] });

    expect(error.message).not.toContain('CANARY');
    expect(error.responseBody).not.toContain('CANARY');
    expect(error.message).toContain('Incorrect API key provided: [REDACTED]');
  });

  it('masks a listed secret that has no key shape', () => {
    const secret = 'gateway-CANARY-token';
    const body = errorJson(`token ${secret} is revoked`);

    const error = toProviderCallError(apiCallError({ statusCode: 401, responseBody: body }), { ...context, secrets: [secret] });

    expect(error.message).not.toContain('CANARY');
    expect(error.responseBody).not.toContain('CANARY');
  });

  it('masks a secret before cutting the body', () => {
    const key = 'sk-test-CANARY0123456789abcdef';
    const body = `${'z'.repeat(1995)}${key}`;

    const error = toProviderCallError(apiCallError({ statusCode: 500, responseBody: body }), { ...context, secrets: [key] });

    expect(error.responseBody).not.toContain('CANARY');
    expect(error.responseBody).toHaveLength(2000);
    expect(error.responseBody?.endsWith('z[REDA')).toBe(true);
  });

  it.each<{ id: string; headers: Record<string, string>; retryAfterMs: number | undefined }>([
    { id: 'seconds', headers: { 'retry-after': '1' }, retryAfterMs: 1000 },
    { id: 'milliseconds', headers: { 'retry-after-ms': '350' }, retryAfterMs: 350 },
    { id: 'no hint', headers: {}, retryAfterMs: undefined },
  ])('reads the wait hint from $id', ({ headers, retryAfterMs }) => {
    const error = toProviderCallError(apiCallError({ statusCode: 429, responseHeaders: headers }), context);

    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  it.each([
    { id: 'cut JSON', body: '{"id":"c1","choices":[{"ind' },
    { id: 'HTML page', body: '<html><body>Service starting</body></html>' },
    { id: 'empty body', body: '' },
  ])('retries a 200 with $id', ({ body }) => {
    const error = toProviderCallError(apiCallError({ statusCode: 200, responseBody: body, message: 'Invalid JSON response' }), context);

    expect(error.kind).toBe('server');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toMatch(/^openai:gpt-test: invalid response: HTTP 200 /);
  });

  it('reads a statusless API error as network', () => {
    const error = toProviderCallError(apiCallError({ message: 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:1' }), context);

    expect(error.kind).toBe('network');
    expect(error.isRetryable).toBe(true);
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toBe('openai:gpt-test: network error: Cannot connect to API: connect ECONNREFUSED 127.0.0.1:1');
  });

  it('treats a failed fetch as a network error', () => {
    const failure = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });

    const error = toProviderCallError(failure, context);

    expect(error.kind).toBe('network');
    expect(error.isRetryable).toBe(true);
  });

  it('reads a system error code as network', () => {
    const reset = new Error('socket hang up', { cause: { code: 'ECONNRESET' } });

    expect(toProviderCallError(reset, context).kind).toBe('network');
  });

  it('retries any other failure', () => {
    const error = toProviderCallError(new Error('Type validation failed'), context);

    expect(error.kind).toBe('server');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toBe('openai:gpt-test: invalid response: Type validation failed');
  });

  it('accepts a thrown value that is not an Error', () => {
    expect(toProviderCallError('stream ended', context).message).toBe('openai:gpt-test: invalid response: stream ended');
  });

  it('masks secrets in messages without a status', () => {
    const error = toProviderCallError(new Error('GET http://user:CANARYPASS@127.0.0.1/v1 failed'), context);

    expect(error.message).not.toContain('CANARY');
  });
});
