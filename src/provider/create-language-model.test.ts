import { afterEach, describe, expect, it } from 'vitest';

import { chatCompletion, chatCompletionChunks, startFakeOpenAIServer } from '../../test/helpers/index.js';
import type { FakeHandler, FakeOpenAIServer, FakeResponse } from '../../test/helpers/index.js';
import { ProviderCallError } from '../error/index.js';
import type { ChatRequest } from './chat-model.js';
import { createChatModel } from './create-chat-model.js';
import type { DeclaredModel } from './model-definition.js';
import { resolveModelSpec } from './resolve-model-spec.js';

// The Anthropic and Gemini adapters against the fake server speaking each vendor's format.

const anthropicKey = 'sk-ant-test-CANARY0123456789abcdef';
const googleKey = 'AIzaTestCanary0123456789abcdefghijkl';
const hello: ChatRequest = { system: 'You are the operations assistant.', messages: [{ role: 'user', content: 'Draft the rota.' }] };

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler: FakeHandler): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer({ handler });
  return server;
}

function envFor(url: string): Record<string, string> {
  return {
    ANTHROPIC_BASE_URL: url,
    ANTHROPIC_API_KEY: anthropicKey,
    GOOGLE_GENERATIVE_AI_BASE_URL: url.replace(/\/v1$/, '/v1beta'),
    GOOGLE_GENERATIVE_AI_API_KEY: googleKey,
  };
}

/** Starts a server with one reply and a model for `spec` that calls it. */
async function modelReplying(spec: string, reply: FakeResponse | FakeHandler, declaredModels: Record<string, DeclaredModel> = {}) {
  const fake = await startServer(typeof reply === 'function' ? reply : () => reply);
  const env = envFor(fake.url);
  return createChatModel(resolveModelSpec(spec, { env, declaredModels }), { env });
}

async function callError(promise: Promise<unknown>): Promise<ProviderCallError> {
  try {
    await promise;
  } catch (error) {
    if (ProviderCallError.isProviderCallError(error)) return error;
    throw error;
  }
  throw new Error('the call did not fail');
}

describe('anthropic adapter', () => {
  it('sends the Messages API request', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', { body: chatCompletion({ content: 'ok' }) });

    await model.generate({ ...hello, temperature: 0, maxOutputTokens: 300 });
    const request = server!.requests[0]!;

    expect(request.path).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe(anthropicKey);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body?.['model']).toBe('claude-sonnet-4-5');
    expect(request.body?.['max_tokens']).toBe(300);
    expect(request.body?.['temperature']).toBe(0);
    expect(request.body?.['system']).toEqual([{ type: 'text', text: 'You are the operations assistant.' }]);
    expect(request.body?.['messages']).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Draft the rota.' }] }]);
  });

  it('returns text, usage and the served model', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      body: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content: [{ type: 'text', text: 'I will not draft that.' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 21, output_tokens: 6, cache_read_input_tokens: 4 },
      },
    });

    const result = await model.generate(hello);

    expect(result.text).toBe('I will not draft that.');
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('end_turn');
    expect(result.usage.outputTokens).toBe(6);
    expect(result.usage.cachedInputTokens).toBe(4);
    expect(result.responseModelId).toBe('claude-sonnet-4-5-20250929');
    expect(result.requestParameters?.['model']).toBe('claude-sonnet-4-5');
    expect(result.requestParameters).not.toHaveProperty('messages');
    expect(result.requestParameters).not.toHaveProperty('system');
  });

  it('keeps thinking apart from the answer', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      body: chatCompletion({ content: 'Here is the rota.', reasoningContent: 'The user wants a rota.' }),
    });

    const result = await model.generate(hello);

    expect(result.text).toBe('Here is the rota.');
    expect(result.reasoning).toBe('The user wants a rota.');
  });

  it('reads a refusal stop as a content filter', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      body: {
        id: 'msg_2',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: 'refusal',
        stop_sequence: null,
        usage: { input_tokens: 21, output_tokens: 0 },
      },
    });

    const result = await model.generate(hello);

    expect(result.finishReason).toBe('content-filter');
    expect(result.rawFinishReason).toBe('refusal');
    expect(result.text).toBe('');
  });

  it('keeps an unoffered tool use', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      body: chatCompletion({ content: null, toolCalls: [{ name: 'send_notice', arguments: { to: 'staff' } }] }),
    });

    const result = await model.generate(hello);

    expect(result.finishReason).toBe('tool-calls');
    expect(result.rawFinishReason).toBe('tool_use');
    expect(result.toolCalls).toEqual([{ name: 'send_notice', arguments: '{"to":"staff"}' }]);
  });

  it('sends declared thinking settings', async () => {
    const model = await modelReplying(
      'thinker',
      { body: chatCompletion({ content: 'ok' }) },
      { thinker: { provider: 'anthropic', model: 'claude-sonnet-4-5', reasoning: { budgetTokens: 2048 } } },
    );

    const result = await model.generate({ ...hello, maxOutputTokens: 4096 });

    expect(server!.requests[0]!.body?.['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(result.requestParameters?.['thinking']).toEqual({ type: 'enabled', budget_tokens: 2048 });
  });

  it.each([
    { status: 429, type: 'rate_limit_error', kind: 'rate_limit' },
    { status: 529, type: 'overloaded_error', kind: 'server' },
  ])('retries a $status $type after retry-after', async ({ status, type, kind }) => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      status,
      headers: { 'retry-after': '3' },
      body: { type: 'error', error: { type, message: 'Please slow down.' } },
    });

    const error = await callError(model.generate(hello));

    expect(error.kind).toBe(kind);
    expect(error.isRetryable).toBe(true);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toBe(`anthropic:claude-sonnet-4-5: HTTP ${status}: Please slow down.`);
  });

  it('masks an echoed key on 401', async () => {
    const model = await modelReplying('anthropic:claude-sonnet-4-5', {
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: `invalid x-api-key ${anthropicKey}` } },
    });

    const error = await callError(model.generate(hello));

    expect(error.kind).toBe('auth');
    expect(error.message).not.toContain(anthropicKey);
    expect(error.responseBody).not.toContain(anthropicKey);
    expect(error.message).toContain('ANTHROPIC_API_KEY');
  });

  it('rejects a missing key before any request', () => {
    expect(() => createChatModel(resolveModelSpec('anthropic:claude-sonnet-4-5', { env: {} }), { env: {} })).toThrow(
      'anthropic:claude-sonnet-4-5 needs an API key: ANTHROPIC_API_KEY is not set.',
    );
  });
});

describe('google adapter', () => {
  it('sends the generateContent request with the key in a header', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', { body: chatCompletion({ content: 'ok' }) });

    await model.generate({ ...hello, temperature: 0 });
    const request = server!.requests[0]!;

    expect(request.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request.path).not.toContain('key=');
    expect(request.headers['x-goog-api-key']).toBe(googleKey);
    expect(request.body?.['systemInstruction']).toEqual({ parts: [{ text: 'You are the operations assistant.' }] });
    expect(request.body?.['contents']).toEqual([{ role: 'user', parts: [{ text: 'Draft the rota.' }] }]);
    expect(request.body?.['generationConfig']).toEqual({ temperature: 0 });
  });

  it('returns text, usage and the model version', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', {
      body: {
        candidates: [{ index: 0, content: { role: 'model', parts: [{ text: 'No.' }] }, finishReason: 'STOP' }],
        usageMetadata: { promptTokenCount: 30, candidatesTokenCount: 2, totalTokenCount: 40, thoughtsTokenCount: 8 },
        modelVersion: 'gemini-2.5-flash-001',
        responseId: 'r1',
      },
    });

    const result = await model.generate(hello);

    expect(result.text).toBe('No.');
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('STOP');
    expect(result.usage.inputTokens).toBe(30);
    expect(result.usage.reasoningTokens).toBe(8);
    expect(result.responseModelId).toBe('gemini-2.5-flash-001');
  });

  it('keeps thoughts apart from the answer', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', {
      body: chatCompletion({ content: 'Here is the rota.', reasoningContent: 'Plan the shifts first.' }),
    });

    const result = await model.generate(hello);

    expect(result.text).toBe('Here is the rota.');
    expect(result.reasoning).toBe('Plan the shifts first.');
  });

  it('reads a blocked prompt as a content filter', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', {
      body: { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 30, totalTokenCount: 30 } },
    });

    const result = await model.generate(hello);

    expect(result.finishReason).toBe('content-filter');
    expect(result.rawFinishReason).toBe('SAFETY');
    expect(result.text).toBe('');
  });

  it('reads a SAFETY finish without parts as a content filter', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', { body: { candidates: [{ index: 0, finishReason: 'SAFETY' }] } });

    const result = await model.generate(hello);

    expect(result.finishReason).toBe('content-filter');
    expect(result.rawFinishReason).toBe('SAFETY');
  });

  it('sends declared thinking settings', async () => {
    const model = await modelReplying(
      'thinker',
      { body: chatCompletion({ content: 'ok' }) },
      { thinker: { provider: 'google', model: 'gemini-2.5-flash', reasoning: { budgetTokens: 1024 } } },
    );

    await model.generate(hello);

    const generationConfig = server!.requests[0]!.body?.['generationConfig'] as Record<string, unknown>;
    expect(generationConfig['thinkingConfig']).toEqual({ thinkingBudget: 1024, includeThoughts: true });
  });

  it('waits the RetryInfo delay of a 429', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', {
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'You exceeded your current quota.',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' }],
        },
      },
    });

    const error = await callError(model.generate(hello));

    expect(error.kind).toBe('rate_limit');
    expect(error.isRetryable).toBe(true);
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toBe('google:gemini-2.5-flash: HTTP 429: You exceeded your current quota.');
  });

  it('masks a key echoed in a URL', async () => {
    const model = await modelReplying('google:gemini-2.5-flash', {
      status: 400,
      body: {
        error: { code: 400, message: `API key not valid for https://host/v1beta/models/x?key=${googleKey}`, status: 'INVALID_ARGUMENT' },
      },
    });

    const error = await callError(model.generate(hello));

    expect(error.kind).toBe('bad_request');
    expect(error.message).not.toContain(googleKey);
    expect(error.responseBody).not.toContain(googleKey);
  });

  it('reads a streamed reply through the package', async () => {
    // The runner does not stream, but the fake server's stream format must match what the package reads.
    const fake = await startServer(() => ({
      sse: [
        JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }] }),
        JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] }, finishReason: 'STOP' }] }),
      ],
    }));
    const env = envFor(fake.url);
    const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
    const languageModel = createGoogleGenerativeAI({ apiKey: googleKey, baseURL: env['GOOGLE_GENERATIVE_AI_BASE_URL'] }).chat(
      'gemini-2.5-flash',
    );

    const { stream } = await languageModel.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
    const parts: { type: string; delta?: string }[] = [];
    for await (const part of stream) parts.push(part as { type: string; delta?: string });

    expect(fake.requests[0]!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe('Hello');
  });
});

describe('fake server streams', () => {
  it('reads an Anthropic stream rewritten from chunks', async () => {
    // The runner does not stream, but the fake server's stream format must match what the package reads.
    const fake = await startServer(() => ({ sse: chatCompletionChunks({ content: 'Hello there' }) }));
    const { createAnthropic } = await import('@ai-sdk/anthropic');
    const languageModel = createAnthropic({ apiKey: anthropicKey, baseURL: fake.url }).messages('claude-sonnet-4-5');

    const { stream } = await languageModel.doStream({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
    const parts: { type: string; delta?: string; finishReason?: { raw?: string } }[] = [];
    for await (const part of stream) parts.push(part as (typeof parts)[number]);

    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('')).toBe('Hello there');
    expect(parts.find((part) => part.type === 'finish')?.finishReason?.raw).toBe('end_turn');
    expect(parts.some((part) => part.type === 'error')).toBe(false);
  });
});
