import { describe, expect, it } from 'vitest';

import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('masks a given secret everywhere it occurs', () => {
    const text = 'key plain-CANARY-value rejected; plain-CANARY-value is revoked';

    expect(redactSecrets(text, ['plain-CANARY-value'])).toBe('key [REDACTED] rejected; [REDACTED] is revoked');
  });

  it('masks every given secret', () => {
    const redacted = redactSecrets('first-CANARY-one and second-CANARY-two', ['first-CANARY-one', 'second-CANARY-two']);

    expect(redacted).toBe('[REDACTED] and [REDACTED]');
  });

  it('leaves secrets shorter than eight characters alone', () => {
    expect(redactSecrets('the key abc is short', ['abc'])).toBe('the key abc is short');
  });

  it('ignores an empty secret', () => {
    expect(redactSecrets('nothing to hide', [''])).toBe('nothing to hide');
  });

  it('treats secrets as text, not patterns', () => {
    expect(redactSecrets('a.b*c+d?e and axbxcxdxe', ['a.b*c+d?e'])).toBe('[REDACTED] and axbxcxdxe');
  });

  it.each([
    {
      id: 'OpenAI key',
      text: 'Incorrect API key provided: sk-test-CANARY0123456789abcdef.',
      expected: 'Incorrect API key provided: [REDACTED].',
    },
    { id: 'Anthropic key', text: 'key sk-ant-test-CANARY0123456789 invalid', expected: 'key [REDACTED] invalid' },
    { id: 'OpenRouter key', text: 'sk-or-v1-CANARY0123456789abcdef', expected: '[REDACTED]' },
    { id: 'Google key', text: 'key=AIzaCANARY0123456789abcdefghijklmnopq&alt=json', expected: 'key=[REDACTED]&alt=json' },
    { id: 'Bearer token', text: 'Authorization: Bearer tok.CANARY_0123-abc', expected: 'Authorization: Bearer [REDACTED]' },
    { id: 'lower-case bearer', text: 'authorization: bearer tokCANARY012345', expected: 'authorization: bearer [REDACTED]' },
    { id: 'Basic credentials', text: 'Authorization: Basic dXNlcjpDQU5BUlk=', expected: 'Authorization: Basic [REDACTED]' },
    {
      id: 'URL credentials',
      text: 'GET http://user:CANARYPASS@127.0.0.1:8080/v1 failed',
      expected: 'GET http://[REDACTED]@127.0.0.1:8080/v1 failed',
    },
  ])('masks an unlisted $id', ({ text, expected }) => {
    const redacted = redactSecrets(text);

    expect(redacted).toBe(expected);
    expect(redacted).not.toContain('CANARY');
  });

  it('masks a listed secret before the shapes', () => {
    const key = 'sk-test-CANARY0123456789abcdef';

    expect(redactSecrets(`key ${key}`, [key])).toBe('key [REDACTED]');
  });

  it('masks a header secret echoed without its scheme', () => {
    const redacted = redactSecrets('token sk-test-CANARY0123456789abcdef rejected', ['Bearer sk-test-CANARY0123456789abcdef']);

    expect(redacted).not.toContain('CANARY');
  });

  it.each([
    { id: 'short sk- word', text: 'ask sk-learn questions' },
    { id: 'URL without credentials', text: 'see https://platform.openai.com/account/api-keys' },
    { id: 'URL with a port only', text: 'http://127.0.0.1:8080/v1' },
    { id: 'plain prose', text: 'You exceeded your current quota, please check your plan.' },
  ])('keeps $id', ({ text }) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

describe('redactSecrets in query strings', () => {
  it.each(['key', 'api_key', 'apikey', 'access_token'])('masks a %s query parameter', (name) => {
    expect(redactSecrets(`GET /v1beta/models/m:generateContent?${name}=gk-unshaped-0123&alt=sse`)).toBe(
      `GET /v1beta/models/m:generateContent?${name}=[REDACTED]&alt=sse`,
    );
  });

  it('masks a key that follows another parameter', () => {
    expect(redactSecrets('https://host/path?alt=sse&key=gk-unshaped-0123 failed')).toBe('https://host/path?alt=sse&key=[REDACTED] failed');
  });

  it('keeps a parameter whose name only ends in key', () => {
    expect(redactSecrets('/search?monkey=banana')).toBe('/search?monkey=banana');
  });
});
