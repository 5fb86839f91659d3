import { describe, expect, it } from 'vitest';

import { readProvenance } from './read-provenance.js';

describe('readProvenance', () => {
  it('reads the system fingerprint of a chat completion', () => {
    const provenance = readProvenance({
      responseBody: { model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_abc123' },
      requestBody: undefined,
      secrets: [],
    });

    expect(provenance.systemFingerprint).toBe('fp_abc123');
    expect(provenance.upstreamProvider).toBeUndefined();
  });

  it("reads OpenRouter's upstream provider", () => {
    expect(
      readProvenance({ responseBody: { provider: 'Together', model: 'x' }, requestBody: undefined, secrets: [] }).upstreamProvider,
    ).toBe('Together');
  });

  it("reads Gemini's model version", () => {
    expect(
      readProvenance({ responseBody: { modelVersion: 'gemini-2.5-flash-001' }, requestBody: undefined, secrets: [] }).modelVersion,
    ).toBe('gemini-2.5-flash-001');
  });

  it.each([
    { id: 'null', body: null },
    { id: 'a string', body: 'not json' },
    { id: 'empty fields', body: { system_fingerprint: '', provider: '  ' } },
    { id: 'fields of other types', body: { system_fingerprint: 12, provider: { name: 'x' } } },
  ])('reads nothing from $id', ({ body }) => {
    const provenance = readProvenance({ responseBody: body, requestBody: undefined, secrets: [] });

    expect(provenance.systemFingerprint).toBeUndefined();
    expect(provenance.upstreamProvider).toBeUndefined();
    expect(provenance.modelVersion).toBeUndefined();
  });

  it('keeps the request settings without the conversation', () => {
    const requestBody = {
      model: 'm',
      temperature: 0,
      max_tokens: 300,
      messages: [{ role: 'user', content: 'secret scenario text' }],
      system: 'operator prompt',
      contents: [],
      systemInstruction: {},
    };

    expect(readProvenance({ responseBody: {}, requestBody, secrets: [] }).requestParameters).toEqual({
      model: 'm',
      temperature: 0,
      max_tokens: 300,
    });
  });

  it('parses a request body sent as a JSON string', () => {
    const requestBody = JSON.stringify({ model: 'm', seed: 7, messages: [] });

    expect(readProvenance({ responseBody: {}, requestBody, secrets: [] }).requestParameters).toEqual({ model: 'm', seed: 7 });
  });

  it('masks secrets in the request settings', () => {
    const requestBody = { model: 'm', user: 'token-0123456789', metadata: { note: 'sk-abcdefghijklmnop' } };

    const parameters = readProvenance({ responseBody: {}, requestBody, secrets: ['token-0123456789'] }).requestParameters;

    expect(JSON.stringify(parameters)).not.toContain('token-0123456789');
    expect(JSON.stringify(parameters)).not.toContain('sk-abcdefghijklmnop');
  });

  it('records no settings for a body that is not an object', () => {
    expect(readProvenance({ responseBody: {}, requestBody: '{cut', secrets: [] }).requestParameters).toBeUndefined();
  });
});
