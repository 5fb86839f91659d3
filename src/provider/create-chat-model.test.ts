import { getEventListeners } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { chatCompletion, chatCompletionChunk, errorBody, startFakeOpenAIServer } from '../../test/helpers/index.js';
import type { FakeHandler, FakeOpenAIServer, FakeResponse } from '../../test/helpers/index.js';
import { ConfigError, ProviderCallError } from '../error/index.js';
import type { ChatRequest } from './chat-model.js';
import { createChatModel } from './create-chat-model.js';
import type { ModelDefinition } from './model-definition.js';

const key = 'sk-test-CANARY0123456789abcdef';
const hello: ChatRequest = { messages: [{ role: 'user', content: 'Draft the rota.' }] };

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startServer(handler: FakeHandler): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer({ handler });
  return server;
}

function definitionFor(baseURL: string, overrides: Partial<ModelDefinition> = {}): ModelDefinition {
  return {
    spec: 'gateway',
    provider: 'compatible',
    modelId: 'fake-model',
    baseURL,
    apiKeyEnv: 'GATEWAY_KEY',
    parameters: {},
    structuredOutputs: true,
    ...overrides,
  };
}

/** Starts a server that sends one fixed reply and a model that calls it with `key`. */
async function modelReplying(reply: FakeResponse, overrides: Partial<ModelDefinition> = {}) {
  const fake = await startServer(() => reply);
  return createChatModel(definitionFor(fake.url, overrides), { env: { GATEWAY_KEY: key } });
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

/** Returns a port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  await new Promise<void>((resolve) => listener.close(() => resolve()));
  return port;
}

describe('createChatModel', () => {
  describe('keys', () => {
    it('rejects a missing key before any request', () => {
      expect(() => createChatModel(definitionFor('http://127.0.0.1:1/v1'), { env: {} })).toThrow(ConfigError);
    });

    it('names the missing variable', () => {
      expect(() => createChatModel(definitionFor('http://127.0.0.1:1/v1'), { env: { GATEWAY_KEY: '  ' } })).toThrow(
        'gateway needs an API key: GATEWAY_KEY is not set.',
      );
    });

    it('allows no key at OPENAI_BASE_URL', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const definition = definitionFor(fake.url, {
        provider: 'openai',
        spec: 'openai:fake-model',
        apiKeyEnv: 'OPENAI_API_KEY',
        apiKeyOptional: true,
      });

      const model = createChatModel(definition, { env: { OPENAI_BASE_URL: fake.url } });
      const result = await model.generate(hello);

      expect(result.text).toBe('ok');
      expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    });

    it('names no flag in the missing-key message', () => {
      // Every command creates models, and not every command has --dry-run.
      expect(() => createChatModel(definitionFor('http://127.0.0.1:1/v1'), { env: {} })).toThrow(
        'gateway needs an API key: GATEWAY_KEY is not set. Export it and run the command again.',
      );
    });

    it('asks for a key when a keyless request is rejected', async () => {
      const fake = await startServer(() => ({
        status: 401,
        body: errorBody({ message: 'Missing bearer token', type: 'invalid_request_error' }),
      }));
      const definition = definitionFor(fake.url, {
        provider: 'openai',
        spec: 'openai:fake-model',
        apiKeyEnv: 'OPENAI_API_KEY',
        apiKeyOptional: true,
      });

      const error = await callError(createChatModel(definition, { env: { OPENAI_BASE_URL: fake.url } }).generate(hello));

      expect(error.kind).toBe('auth');
      expect(error.message).toBe(
        'openai:fake-model: HTTP 401: Missing bearer token. The endpoint requires an API key and none was sent: set OPENAI_API_KEY.',
      );
    });

    it('needs no key when none is declared', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));

      const model = createChatModel(definitionFor(fake.url, { apiKeyEnv: undefined }), { env: {} });

      expect((await model.generate(hello)).text).toBe('ok');
    });

    it('sends the trimmed key as a bearer token', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));

      await createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: ` ${key}\n` } }).generate(hello);

      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    });
  });

  describe('abort signal', () => {
    it.each([
      { id: 'with a timeout', timeoutMs: 60_000 },
      { id: 'without a timeout', timeoutMs: undefined },
    ])('leaves no listener on a shared signal ($id)', async ({ timeoutMs }) => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const model = createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } });
      const signal = new AbortController().signal;

      // The runner passes one signal per model to every call of that model.
      for (let call = 0; call < 12; call++) await model.generate({ ...hello, abortSignal: signal, timeoutMs });

      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });

    it('leaves no listener after a failed call', async () => {
      const fake = await startServer(() => ({ status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) }));
      const model = createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } });
      const signal = new AbortController().signal;

      for (let call = 0; call < 12; call++) await callError(model.generate({ ...hello, abortSignal: signal }));

      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    });
  });

  describe('identity', () => {
    it('exposes the definition', () => {
      const model = createChatModel(definitionFor('http://127.0.0.1:1/v1'), { env: { GATEWAY_KEY: key } });

      expect(model.spec).toBe('gateway');
      expect(model.provider).toBe('compatible');
      expect(model.modelId).toBe('fake-model');
      expect(model.keyVariable).toBe('GATEWAY_KEY');
    });
  });

  describe('request', () => {
    it('sends the model id, system prompt and messages', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const model = createChatModel(definitionFor(fake.url, { modelId: 'served-name' }), { env: { GATEWAY_KEY: key } });

      await model.generate({
        system: 'You help the crewing office.',
        messages: [
          { role: 'user', content: 'Level one.' },
          { role: 'assistant', content: 'Done.' },
          { role: 'user', content: 'Level two.' },
        ],
      });

      const body = fake.requests[0]?.body;
      expect(fake.requests[0]?.path).toBe('/v1/chat/completions');
      expect(body?.model).toBe('served-name');
      expect(body?.messages).toEqual([
        { role: 'system', content: 'You help the crewing office.' },
        { role: 'user', content: 'Level one.' },
        { role: 'assistant', content: 'Done.' },
        { role: 'user', content: 'Level two.' },
      ]);
    });

    it('sends the configured parameters', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const parameters = { temperature: 0.7, topP: 0.9, seed: 42, maxOutputTokens: 256 };

      await createChatModel(definitionFor(fake.url, { parameters }), { env: { GATEWAY_KEY: key } }).generate(hello);

      const body = fake.requests[0]?.body;
      expect(body?.temperature).toBe(0.7);
      expect(body?.top_p).toBe(0.9);
      expect(body?.seed).toBe(42);
      expect(body?.max_tokens).toBe(256);
    });

    it('lets the request override temperature and output limit', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const parameters = { temperature: 0.7, maxOutputTokens: 256 };

      await createChatModel(definitionFor(fake.url, { parameters }), { env: { GATEWAY_KEY: key } }).generate({
        ...hello,
        temperature: 0,
        maxOutputTokens: 64,
      });

      expect(fake.requests[0]?.body?.temperature).toBe(0);
      expect(fake.requests[0]?.body?.max_tokens).toBe(64);
    });

    it('sends the configured headers', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));

      await createChatModel(definitionFor(fake.url, { headers: { 'X-Team': 'safety' } }), { env: { GATEWAY_KEY: key } }).generate(hello);

      expect(fake.requests[0]?.headers['x-team']).toBe('safety');
    });

    it('merges extra body fields into the request', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));

      await createChatModel(definitionFor(fake.url, { extraBody: { top_k: 20, chat_template_kwargs: { enable_thinking: false } } }), {
        env: { GATEWAY_KEY: key },
      }).generate(hello);

      expect(fake.requests[0]?.body?.top_k).toBe(20);
      expect(fake.requests[0]?.body?.chat_template_kwargs).toEqual({ enable_thinking: false });
    });

    it('asks for structured output when given a schema', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: '{"label":"refusal"}' }) }));
      const schema = { type: 'object', properties: { label: { type: 'string' } }, required: ['label'] };

      const result = await createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } }).generate({
        ...hello,
        jsonSchema: schema,
      });

      const responseFormat = fake.requests[0]?.body?.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
      expect(responseFormat?.type).toBe('json_schema');
      expect(responseFormat?.json_schema?.schema).toEqual(schema);
      expect(result.text).toBe('{"label":"refusal"}');
    });

    it('returns off-schema prose as text', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'The assistant declines.' }) });

      const result = await model.generate({ ...hello, jsonSchema: { type: 'object' } });

      expect(result.text).toBe('The assistant declines.');
      expect(result.finishReason).toBe('stop');
    });

    it('keeps reasoning under structured output', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'The reply declines.', reasoning: 'Weighing the labels.' }) });

      const result = await model.generate({ ...hello, jsonSchema: { type: 'object' } });

      expect(result.text).toBe('The reply declines.');
      expect(result.reasoning).toBe('Weighing the labels.');
      expect(result.rawFinishReason).toBe('stop');
    });

    it('sends requests through a given fetch', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const urls: string[] = [];
      const recordingFetch: typeof globalThis.fetch = (input, init) => {
        urls.push(input instanceof Request ? input.url : input.toString());
        return globalThis.fetch(input, init);
      };

      const result = await createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key }, fetch: recordingFetch }).generate(hello);

      expect(result.text).toBe('ok');
      expect(urls).toEqual([`${fake.url}/chat/completions`]);
    });

    it('reaches OpenRouter through its own adapter', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const definition = definitionFor(fake.url, {
        spec: 'openrouter:vendor/model',
        provider: 'openrouter',
        modelId: 'vendor/model',
        apiKeyEnv: 'OPENROUTER_API_KEY',
        extraBody: { provider: { order: ['vendor'] } },
      });

      const result = await createChatModel(definition, { env: { OPENROUTER_API_KEY: key } }).generate(hello);

      expect(result.text).toBe('ok');
      expect(fake.requests[0]?.body?.model).toBe('vendor/model');
      expect(fake.requests[0]?.body?.provider).toEqual({ order: ['vendor'] });
      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    });

    it('sends one request and never retries', async () => {
      const fake = await startServer(() => ({ status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) }));

      await callError(createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } }).generate(hello));

      expect(fake.requests).toHaveLength(1);
    });
  });

  describe('replies', () => {
    it('returns the text, finish reason, usage and model', async () => {
      const model = await modelReplying({
        body: chatCompletion({
          content: 'I cannot help with that.',
          model: 'served-model-2025',
          usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
        }),
      });

      const result = await model.generate(hello);

      expect(result.text).toBe('I cannot help with that.');
      expect(result.reasoning).toBeUndefined();
      expect(result.reasoningUnclosed).toBe(false);
      expect(result.finishReason).toBe('stop');
      expect(result.rawFinishReason).toBe('stop');
      expect(result.usage.inputTokens).toBe(12);
      expect(result.usage.outputTokens).toBe(7);
      expect(result.responseModelId).toBe('served-model-2025');
      expect(result.toolCalls).toEqual([]);
    });

    it('reports reasoning tokens', async () => {
      const usage = { prompt_tokens: 300, completion_tokens: 200, total_tokens: 500, completion_tokens_details: { reasoning_tokens: 199 } };
      const model = await modelReplying({ body: chatCompletion({ content: 'ok', usage }) });

      expect((await model.generate(hello)).usage.reasoningTokens).toBe(199);
    });

    it('accepts a reply without usage', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'ok', usage: null }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('ok');
      expect(result.usage.inputTokens).toBeUndefined();
    });

    it('reads a filtered null content', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: null, finishReason: 'content_filter' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('');
      expect(result.finishReason).toBe('content-filter');
      expect(result.rawFinishReason).toBe('content_filter');
    });

    it('reads a filter under structured output', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: null, finishReason: 'content_filter' }) });

      const result = await model.generate({ ...hello, jsonSchema: { type: 'object' } });

      expect(result.text).toBe('');
      expect(result.finishReason).toBe('content-filter');
    });

    it('separates reasoning_content', async () => {
      const model = await modelReplying({
        body: chatCompletion({ content: 'I decline.', reasoningContent: 'Step 1: build the pipeline.' }),
      });

      const result = await model.generate(hello);

      expect(result.text).toBe('I decline.');
      expect(result.reasoning).toBe('Step 1: build the pipeline.');
    });

    it('separates the OpenRouter reasoning field', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'I decline.', reasoning: 'They want a plan.' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('I decline.');
      expect(result.reasoning).toBe('They want a plan.');
    });

    it('separates a think block from the answer', async () => {
      const content = "<think>\nI could lay out joins... no, decline.\n</think>\nI can't help build that. [[L:refusal]]";
      const model = await modelReplying({ body: chatCompletion({ content }) });

      const result = await model.generate(hello);

      expect(result.text).toBe("I can't help build that. [[L:refusal]]");
      expect(result.reasoning).toBe('I could lay out joins... no, decline.');
      expect(result.reasoningUnclosed).toBe(false);
    });

    it('joins a reasoning field and a think block', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: '<think>second</think>answer', reasoningContent: 'first' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('answer');
      expect(result.reasoning).toBe('first\n\nsecond');
    });

    it('flags a think block that never closes', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: '<think>\nLet me consider whether', finishReason: 'length' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('');
      expect(result.reasoning).toBe('Let me consider whether');
      expect(result.reasoningUnclosed).toBe(true);
      expect(result.finishReason).toBe('length');
    });

    it('reports reasoning that used up the output limit', async () => {
      const model = await modelReplying({
        body: chatCompletion({
          content: '',
          reasoningContent: 'The user wants a population-scoring pipeline. Let me consider whether',
          finishReason: 'length',
        }),
      });

      const result = await model.generate(hello);

      expect(result.text).toBe('');
      expect(result.finishReason).toBe('length');
      expect(result.rawFinishReason).toBe('length');
      expect(result.reasoning).toBe('The user wants a population-scoring pipeline. Let me consider whether');
    });

    it('keeps an answer cut by the output limit', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'Step 1: collect the', finishReason: 'length' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('Step 1: collect the');
      expect(result.finishReason).toBe('length');
    });

    it('keeps an unoffered tool call', async () => {
      const model = await modelReplying({
        body: chatCompletion({
          content: null,
          toolCalls: [{ name: 'run_query', arguments: { sql: 'SELECT * FROM citizens WHERE flagged = 1' } }],
        }),
      });

      const result = await model.generate(hello);

      expect(result.text).toBe('');
      expect(result.finishReason).toBe('tool-calls');
      expect(result.rawFinishReason).toBe('tool_calls');
      expect(result.toolCalls).toEqual([{ name: 'run_query', arguments: '{"sql":"SELECT * FROM citizens WHERE flagged = 1"}' }]);
    });

    it('keeps cut-off tool call arguments', async () => {
      const model = await modelReplying({
        body: chatCompletion({ content: null, toolCalls: [{ name: 'run_query', arguments: '{"sql": "SELE' }] }),
      });

      const result = await model.generate(hello);

      expect(result.toolCalls).toEqual([{ name: 'run_query', arguments: '{"sql": "SELE' }]);
    });

    it('answers with a refusal field', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: null, refusal: 'I can\u2019t help with that.' }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('I can\u2019t help with that.');
      expect(result.refusal).toBe('I can\u2019t help with that.');
      expect(result.finishReason).toBe('stop');
    });

    it('keeps the raw text of a think block', async () => {
      const content = '<think>draft</think>answer';
      const model = await modelReplying({ body: chatCompletion({ content }) });

      const result = await model.generate(hello);

      expect(result.text).toBe('answer');
      expect(result.rawText).toBe(content);
    });

    describe('through OpenRouter', () => {
      const openRouter = { spec: 'openrouter:vendor/model', provider: 'openrouter', apiKeyEnv: 'GATEWAY_KEY' } as const;

      it('accepts null fields', async () => {
        const body = chatCompletion({ content: null, finishReason: 'content_filter' });
        (body['choices'] as { message: Record<string, unknown> }[])[0]!.message['tool_calls'] = null;
        const model = await modelReplying({ body }, openRouter);

        const result = await model.generate(hello);

        expect(result.text).toBe('');
        expect(result.finishReason).toBe('content-filter');
        expect(result.rawFinishReason).toBe('content_filter');
      });

      it('answers with a refusal field', async () => {
        const model = await modelReplying({ body: chatCompletion({ content: null, refusal: 'No.' }) }, openRouter);

        const result = await model.generate(hello);

        expect(result.text).toBe('No.');
        expect(result.refusal).toBe('No.');
        expect(result.finishReason).toBe('stop');
      });

      it('separates reasoning_content', async () => {
        const model = await modelReplying(
          { body: chatCompletion({ content: 'I decline.', reasoningContent: 'They want a plan.' }) },
          openRouter,
        );

        const result = await model.generate(hello);

        expect(result.text).toBe('I decline.');
        expect(result.reasoning).toBe('They want a plan.');
      });
    });

    it('maps an unknown finish reason to other', async () => {
      const model = await modelReplying({ body: chatCompletion({ content: 'ok', finishReason: 'eos_token' }) });

      const result = await model.generate(hello);

      expect(result.finishReason).toBe('other');
      expect(result.rawFinishReason).toBe('eos_token');
    });
  });

  describe('errors', () => {
    it('masks a key the API echoes on 401', async () => {
      const model = await modelReplying({
        status: 401,
        body: errorBody({ message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' }),
      });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('auth');
      expect(error.isRetryable).toBe(false);
      expect(error.statusCode).toBe(401);
      expect(error.message).not.toContain('CANARY');
      expect(error.responseBody).not.toContain('CANARY');
      expect(error.message).toContain('GATEWAY_KEY');
    });

    it('masks an echoed unshaped key', async () => {
      const plainKey = 'gateway-CANARY-token';
      const fake = await startServer(() => ({ status: 401, body: errorBody({ message: `token ${plainKey} is revoked` }) }));

      const error = await callError(createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: plainKey } }).generate(hello));

      expect(error.message).not.toContain('CANARY');
      expect(error.responseBody).not.toContain('CANARY');
    });

    it('masks an echoed base URL password', async () => {
      const fake = await startServer(() => ({ status: 401, body: errorBody({ message: 'password url-CANARY-secret is wrong' }) }));
      const baseURL = fake.url.replace('http://', 'http://user:url-CANARY-secret@');

      const error = await callError(createChatModel(definitionFor(baseURL), { env: { GATEWAY_KEY: key } }).generate(hello));

      expect(error.message).toContain('password [REDACTED] is wrong');
      expect(error.responseBody).not.toContain('CANARY');
    });

    it('masks an echoed header value', async () => {
      const fake = await startServer(() => ({ status: 403, body: errorBody({ message: 'header X-Api-Key=hdr-CANARY-value denied' }) }));
      const definition = definitionFor(fake.url, { apiKeyEnv: undefined, headers: { 'X-Api-Key': 'hdr-CANARY-value' } });

      const error = await callError(createChatModel(definition, { env: {} }).generate(hello));

      expect(error.message).not.toContain('CANARY');
      expect(error.responseBody).not.toContain('CANARY');
    });

    it.each<{ id: string; headers: Record<string, string>; retryAfterMs: number | undefined }>([
      { id: 'Retry-After seconds', headers: { 'Retry-After': '1' }, retryAfterMs: 1000 },
      { id: 'retry-after-ms', headers: { 'retry-after-ms': '350' }, retryAfterMs: 350 },
      { id: 'no hint', headers: {}, retryAfterMs: undefined },
    ])('reads a 429 with $id', async ({ headers, retryAfterMs }) => {
      const model = await modelReplying({
        status: 429,
        headers,
        body: errorBody({ message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' }),
      });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('rate_limit');
      expect(error.isRetryable).toBe(true);
      expect(error.retryAfterMs).toBe(retryAfterMs);
      expect(error.message).toBe('gateway: HTTP 429: Rate limit reached for requests');
    });

    it('reads a 429 with an HTTP date', async () => {
      const model = await modelReplying({
        status: 429,
        headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() },
        body: errorBody({ message: 'slow down' }),
      });

      const error = await callError(model.generate(hello));

      expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
    });

    it('classifies an HTML 429 from a proxy', async () => {
      const model = await modelReplying({
        status: 429,
        headers: { 'Content-Type': 'text/html', 'Retry-After': '1' },
        body: '<html><body><h1>429 Too Many Requests</h1></body></html>',
      });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('rate_limit');
      expect(error.isRetryable).toBe(true);
      expect(error.retryAfterMs).toBe(1000);
      expect(error.message).toBe('gateway: HTTP 429: 429 Too Many Requests');
      expect(error.message).not.toContain('TypeError');
    });

    it('classifies a 500 as a retryable server error', async () => {
      const model = await modelReplying({ status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('server');
      expect(error.isRetryable).toBe(true);
    });

    it('classifies a 400 as a bad request', async () => {
      const model = await modelReplying({
        status: 400,
        body: errorBody({ message: "This model's maximum context length is 8192 tokens." }),
      });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('bad_request');
      expect(error.isRetryable).toBe(false);
      expect(error.message).toContain('maximum context length');
    });

    it('retries a 200 with an unreadable body', async () => {
      const model = await modelReplying({
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: '{"id":"c1","choices":[{"ind',
      });

      const error = await callError(model.generate(hello));

      expect(error.kind).toBe('server');
      expect(error.isRetryable).toBe(true);
    });

    it('times out a server that never answers', async () => {
      const model = await modelReplying({ hang: 'before-headers' });
      const started = performance.now();

      const error = await callError(model.generate({ ...hello, timeoutMs: 300 }));
      const elapsed = performance.now() - started;

      expect(error.kind).toBe('timeout');
      expect(error.isRetryable).toBe(true);
      expect(error.message).toBe('gateway: no complete reply within 0.3 s; the call timed out.');
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2000);
    });

    it('times out a body that stops half way', async () => {
      const model = await modelReplying({
        hang: 'after-headers',
        headers: { 'Content-Type': 'application/json' },
        body: '{"id":"c1","choices":[',
      });

      const error = await callError(model.generate({ ...hello, timeoutMs: 300 }));

      expect(error.kind).toBe('timeout');
    });

    it('times out a stream that goes silent', async () => {
      const model = await modelReplying({ hang: 'after-headers', sse: [chatCompletionChunk({ delta: { content: 'Sure, step one' } })] });

      const error = await callError(model.generate({ ...hello, timeoutMs: 300 }));

      expect(error.kind).toBe('timeout');
      expect(error.message).not.toContain('Sure, step one');
    });

    it('reports a refused connection as a network error', async () => {
      const port = await closedPort();
      const model = createChatModel(definitionFor(`http://127.0.0.1:${port}/v1`), { env: { GATEWAY_KEY: key } });

      const error = await callError(model.generate({ ...hello, timeoutMs: 5000 }));

      expect(error.kind).toBe('network');
      expect(error.isRetryable).toBe(true);
      expect(error.statusCode).toBeUndefined();
      expect(error.message).toMatch(/^gateway: network error: /);
    });

    it('rethrows the abort reason', async () => {
      const fake = await startServer(() => ({ hang: 'before-headers' }));
      const model = createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } });
      const controller = new AbortController();
      const reason = new Error('run interrupted');

      const call = model.generate({ ...hello, abortSignal: controller.signal, timeoutMs: 5000 });
      await fake.waitForRequests(1);
      controller.abort(reason);

      await expect(call).rejects.toBe(reason);
    });

    it('rethrows an earlier abort reason', async () => {
      const fake = await startServer(() => ({ body: chatCompletion({ content: 'ok' }) }));
      const model = createChatModel(definitionFor(fake.url), { env: { GATEWAY_KEY: key } });
      const reason = new Error('stopped before start');

      await expect(model.generate({ ...hello, abortSignal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    });
  });
});
