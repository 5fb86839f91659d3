import { describe, expect, it } from 'vitest';

import { parseRetryInfo } from './parse-retry-info.js';

const retryInfo = (retryDelay: unknown) =>
  JSON.stringify({
    error: {
      code: 429,
      message: 'Resource has been exhausted.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
      ],
    },
  });

describe('parseRetryInfo', () => {
  it.each([
    { retryDelay: '3s', milliseconds: 3000 },
    { retryDelay: '0.250s', milliseconds: 250 },
    { retryDelay: '41.118123s', milliseconds: 41118 },
    { retryDelay: '0s', milliseconds: 0 },
  ])('reads a retryDelay of $retryDelay', ({ retryDelay, milliseconds }) => {
    expect(parseRetryInfo(retryInfo(retryDelay))).toBe(milliseconds);
  });

  it('reads a body that is a list of one error', () => {
    expect(parseRetryInfo(`[${retryInfo('2s')}]`)).toBe(2000);
  });

  it.each([
    { id: 'no body', body: undefined },
    { id: 'a body that is not JSON', body: '<html>429</html>' },
    { id: 'an OpenAI error body', body: JSON.stringify({ error: { message: 'slow down', type: 'requests' } }) },
    { id: 'details without RetryInfo', body: JSON.stringify({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.Help' }] } }) },
    { id: 'a delay without unit', body: retryInfo('3') },
    { id: 'a negative delay', body: retryInfo('-3s') },
    { id: 'a numeric delay', body: retryInfo(3) },
    { id: 'null', body: 'null' },
  ])('returns undefined for $id', ({ body }) => {
    expect(parseRetryInfo(body)).toBeUndefined();
  });
});
