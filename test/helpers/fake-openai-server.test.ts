import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, streamText } from 'ai';
import { createHook } from 'node:async_hooks';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { chatCompletion } from './chat-completion.js';
import { chatCompletionChunk, chatCompletionChunks } from './chat-completion-chunks.js';
import { errorBody } from './error-body.js';
import { startFakeOpenAIServer } from './fake-openai-server.js';
import type { FakeOpenAIServer, FakeOpenAIServerOptions } from './fake-openai-server.js';
import { postChatCompletion } from './post-chat-completion.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

async function startServer(options: FakeOpenAIServerOptions): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer(options);
  return server;
}

/** Counts the servers and sockets that keep the process alive. */
function countNetworkHandles(): number {
  const resources = process.getActiveResourcesInfo();
  return resources.filter((resource) => resource === 'TCPServerWrap' || resource === 'TCPSocketWrap').length;
}

/**
 * Tracks the timers created from now on. `countPending()` returns how many of them are still
 * scheduled and keep the process alive.
 */
function trackTimers(): { countPending: () => number; stop: () => void } {
  const timers = new Map<number, NodeJS.Timeout>();
  const hook = createHook({
    init(asyncId, type, _triggerAsyncId, resource) {
      if (type === 'Timeout') {
        timers.set(asyncId, resource as NodeJS.Timeout);
      }
    },
    destroy(asyncId) {
      timers.delete(asyncId);
    },
  }).enable();

  return {
    countPending: () => [...timers.values()].filter((timer) => timer.hasRef()).length,
    stop: () => hook.disable(),
  };
}

/** Lets socket close callbacks run, since destroyed sockets release their handles asynchronously. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await new Promise((resolve) => setImmediate(resolve));
}

describe('startFakeOpenAIServer', () => {
  it('listens on 127.0.0.1 under /v1', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });

    expect(fake.url).toBe(`http://127.0.0.1:${fake.port}/v1`);
    expect(fake.port).toBeGreaterThan(0);
  });

  it('records requests in order with timestamps', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });
    const before = Date.now();

    await (await postChatCompletion(fake.url, { model: 'first' })).text();
    await (await postChatCompletion(fake.url, { model: 'second', messages: [{ role: 'user', content: 'again' }] })).text();
    const after = Date.now();

    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(first?.index).toBe(0);
    expect(second?.index).toBe(1);
    expect(first?.model).toBe('first');
    expect(second?.model).toBe('second');
    expect(second?.messages).toEqual([{ role: 'user', content: 'again' }]);
    expect(first?.method).toBe('POST');
    expect(first?.path).toBe('/v1/chat/completions');
    expect(first?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(first?.rawBody ?? '')).toEqual(first?.body);
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second?.receivedAt).toBeGreaterThanOrEqual(first?.receivedAt ?? Infinity);
    expect(second?.finishedAt).toBeGreaterThanOrEqual(second?.receivedAt ?? Infinity);
    expect(second?.finishedAt).toBeLessThanOrEqual(after);
    expect(first?.closedEarly).toBe(false);
  });

  it('records a body that is not JSON as raw text only', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });

    await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: 'not json' });

    expect(fake.requests[0]?.rawBody).toBe('not json');
    expect(fake.requests[0]?.body).toBeUndefined();
    expect(fake.requests[0]?.model).toBeUndefined();
    expect(fake.requests[0]?.messages).toBeUndefined();
  });

  it('sends 429 with Retry-After', async () => {
    const rateLimit = errorBody({ message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' });
    const fake = await startServer({ handler: () => ({ status: 429, headers: { 'Retry-After': '2' }, body: rateLimit }) });

    const response = await postChatCompletion(fake.url);

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({
      error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
    });
  });

  it('sends retry-after-ms and HTTP-date hints', async () => {
    const fake = await startServer({
      handler: () => ({
        status: 429,
        headers: { 'retry-after-ms': 3500, 'retry-after': new Date(Date.now() + 4000).toUTCString() },
      }),
    });

    const response = await postChatCompletion(fake.url);
    const retryAt = Date.parse(response.headers.get('retry-after') ?? '');

    expect(response.headers.get('retry-after-ms')).toBe('3500');
    expect(retryAt).toBeGreaterThan(Date.now() + 2000);
  });

  it('sends string bodies unchanged', async () => {
    const page = '<html><body><h1>429 Too Many Requests</h1></body></html>';
    const fake = await startServer({ handler: () => ({ status: 429, headers: { 'Content-Type': 'text/html' }, body: page }) });

    const response = await postChatCompletion(fake.url);

    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe(page);
  });

  it('labels string bodies as text/plain by default', async () => {
    const fake = await startServer({ handler: () => ({ body: 'plain' }) });

    const response = await postChatCompletion(fake.url);

    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('sends a 100 KB reply whole', async () => {
    const content = 'x'.repeat(100 * 1024);
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content }) }) });

    const response = await postChatCompletion(fake.url);
    const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };

    expect(body.choices[0]?.message.content).toBe(content);
    expect(Number(response.headers.get('content-length'))).toBeGreaterThan(content.length);
  });

  it('responds 404 JSON to other paths', async () => {
    const handler = vi.fn(() => ({ body: chatCompletion({ content: 'ok' }) }));
    const fake = await startServer({ handler });

    const response = await fetch(`${fake.url}/models`);
    const body = (await response.json()) as { error: { code: string } };

    expect(response.status).toBe(404);
    expect(body.error.code).toBe('not_found');
    expect(handler).not.toHaveBeenCalled();
    expect(fake.requests[0]?.path).toBe('/v1/models');
  });

  it('responds 500 without a handler', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = await startServer({});

    const response = await postChatCompletion(fake.url);
    const body = (await response.json()) as { error: { message: string } };

    expect(response.status).toBe(500);
    expect(body.error.message).toContain('No handler is set');
    expect(fake.requests[0]?.handlerError).toBeInstanceOf(Error);
  });

  it('responds 500 when the handler throws', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = await startServer({
      handler: () => {
        throw new Error('scripted failure');
      },
    });

    const response = await postChatCompletion(fake.url);
    const body = (await response.json()) as { error: { message: string; type: string } };

    expect(response.status).toBe(500);
    expect(body.error.message).toContain('scripted failure');
    expect(body.error.type).toBe('fake_server_error');
    expect(fake.requests[0]?.handlerError).toBeInstanceOf(Error);
    expect(consoleError).toHaveBeenCalledOnce();
  });

  it('rejects a reply with both body and sse', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const fake = await startServer({ handler: () => ({ body: 'x', sse: ['[DONE]'] }) });

    const response = await postChatCompletion(fake.url);

    expect(response.status).toBe(500);
    expect(String(fake.requests[0]?.handlerError)).toContain('both `body` and `sse`');
  });

  it('replaces the handler with setHandler', async () => {
    const fake = await startServer({ handler: () => ({ status: 500 }) });

    fake.setHandler(() => ({ status: 204 }));
    const response = await postChatCompletion(fake.url);

    expect(response.status).toBe(204);
  });

  it('waits delayMs before the headers', async () => {
    const fake = await startServer({ handler: () => ({ delayMs: 300, body: chatCompletion({ content: 'late' }) }) });
    const startedAt = performance.now();

    const response = await postChatCompletion(fake.url);
    const elapsed = performance.now() - startedAt;

    expect(response.status).toBe(200);
    // libuv schedules timers in whole milliseconds, so performance.now() may measure up to 1 ms less.
    expect(elapsed).toBeGreaterThanOrEqual(299);
  });

  it('adds latencyMs to delayMs', async () => {
    const fake = await startServer({ latencyMs: 200, handler: () => ({ delayMs: 100, body: chatCompletion({ content: 'ok' }) }) });
    const startedAt = performance.now();

    await (await postChatCompletion(fake.url)).text();
    const elapsed = performance.now() - startedAt;

    expect(elapsed).toBeGreaterThanOrEqual(299);
  });

  it('streams sse events and ends them', async () => {
    const fake = await startServer({ handler: () => ({ sse: chatCompletionChunks({ content: 'streamed' }) }) });

    const response = await postChatCompletion(fake.url);
    const text = await response.text();
    const events = text.split('\n\n').filter((event) => event !== '');

    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(text).toContain('"content":"streamed"');
    expect(fake.requests[0]?.finishedAt).toBeDefined();
  });

  it('spaces sse events by sseIntervalMs', async () => {
    const fake = await startServer({ handler: () => ({ sse: ['1', '2', '3'], sseIntervalMs: 100 }) });
    const startedAt = performance.now();

    await (await postChatCompletion(fake.url)).text();
    const elapsed = performance.now() - startedAt;

    expect(elapsed).toBeGreaterThanOrEqual(199);
  });

  it('ends a hang before headers on close', async () => {
    await settle();
    const networkHandlesBefore = countNetworkHandles();
    const timers = trackTimers();
    const fake = await startServer({ handler: () => ({ hang: 'before-headers' }) });

    const pending = postChatCompletion(fake.url);
    await fake.waitForRequests(1);
    await fake.close();
    await expect(pending).rejects.toThrow();
    await settle();

    timers.stop();

    expect(countNetworkHandles()).toBe(networkHandlesBefore);
    expect(timers.countPending()).toBe(0);
    expect(fake.requests[0]?.finishedAt).toBeUndefined();
    expect(fake.requests[0]?.closedEarly).toBe(false);
  });

  it('ends a hang after headers on close', async () => {
    await settle();
    const networkHandlesBefore = countNetworkHandles();
    const timers = trackTimers();
    const firstEvent = chatCompletionChunk({ delta: { content: 'Sure, step one' } });
    const fake = await startServer({ handler: () => ({ sse: [firstEvent], hang: 'after-headers' }) });

    const response = await postChatCompletion(fake.url);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const reading = reader.read();
    await fake.close();
    await expect(reading).rejects.toThrow();
    await settle();

    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(value)).toBe(`data: ${firstEvent}\n\n`);
    timers.stop();

    expect(countNetworkHandles()).toBe(networkHandlesBefore);
    expect(timers.countPending()).toBe(0);
  });

  it('hangs after a partial JSON body', async () => {
    const fake = await startServer({ handler: () => ({ body: '{"id":"c1","choi', hang: 'after-headers' }) });

    const response = await postChatCompletion(fake.url);
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    const reading = reader.read();
    await fake.close();

    expect(new TextDecoder().decode(value)).toBe('{"id":"c1","choi');
    await expect(reading).rejects.toThrow();
  });

  it('ends a delayed reply on close', async () => {
    await settle();
    const networkHandlesBefore = countNetworkHandles();
    const timers = trackTimers();
    const fake = await startServer({ handler: () => ({ delayMs: 60_000, body: chatCompletion({ content: 'never' }) }) });

    const pending = postChatCompletion(fake.url);
    await fake.waitForRequests(1);
    const closeStart = performance.now();
    await fake.close();
    await expect(pending).rejects.toThrow();
    await settle();

    expect(performance.now() - closeStart).toBeLessThan(1000);
    timers.stop();

    expect(countNetworkHandles()).toBe(networkHandlesBefore);
    expect(timers.countPending()).toBe(0);
  });

  it('marks closedEarly when the client aborts', async () => {
    const fake = await startServer({ handler: () => ({ delayMs: 500, body: chatCompletion({ content: 'late' }) }) });
    const controller = new AbortController();

    const pending = postChatCompletion(fake.url, { signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();

    await vi.waitFor(() => expect(fake.requests[0]?.closedEarly).toBe(true));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.model).toBe('test-model');
    expect(fake.requests[0]?.finishedAt).toBeUndefined();
  });

  it('marks closedEarly when the client leaves a hang', async () => {
    const fake = await startServer({ handler: () => ({ hang: 'before-headers' }) });
    const controller = new AbortController();

    const pending = postChatCompletion(fake.url, { signal: controller.signal });
    await fake.waitForRequests(1);
    controller.abort();
    await expect(pending).rejects.toThrow();

    await vi.waitFor(() => expect(fake.requests[0]?.closedEarly).toBe(true));
  });

  it('marks closedEarly when the client leaves a stream', async () => {
    const fake = await startServer({ handler: () => ({ sse: ['1', '2', '3', '[DONE]'], sseIntervalMs: 100 }) });
    const controller = new AbortController();

    const response = await postChatCompletion(fake.url, { signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();

    await vi.waitFor(() => expect(fake.requests[0]?.closedEarly).toBe(true));
    expect(fake.requests[0]?.finishedAt).toBeUndefined();
  });

  it('rejects waitForRequests on timeout', async () => {
    const fake = await startServer({ handler: () => ({ status: 204 }) });

    await expect(fake.waitForRequests(1, { timeoutMs: 50 })).rejects.toThrow('Timed out after 50 ms');
  });

  it('rejects waitForRequests on close', async () => {
    const fake = await startServer({ handler: () => ({ status: 204 }) });

    const waiting = fake.waitForRequests(1);
    await fake.close();

    await expect(waiting).rejects.toThrow('closed');
  });

  it('closes twice without error', async () => {
    const fake = await startServer({ handler: () => ({ status: 204 }) });

    await fake.close();

    await expect(fake.close()).resolves.toBeUndefined();
  });
});

describe('AI SDK against the fake server', () => {
  it('generateText returns the scripted text', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: 'scripted text' }) }) });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = await generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(result.text).toBe('scripted text');
    expect(result.reasoningText).toBeUndefined();
    expect(fake.requests[0]?.model).toBe('a');
    expect(fake.requests[0]?.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('generateText returns reasoningContent as reasoningText', async () => {
    const fake = await startServer({
      handler: () => ({ body: chatCompletion({ content: 'answer', reasoningContent: 'thinking it over' }) }),
    });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = await generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(result.text).toBe('answer');
    expect(result.reasoningText).toBe('thinking it over');
  });

  it('generateText returns reasoning as reasoningText', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: 'answer', reasoning: 'via reasoning' }) }) });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = await generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(result.reasoningText).toBe('via reasoning');
  });

  it('generateText reports a content filter with null content', async () => {
    const fake = await startServer({ handler: () => ({ body: chatCompletion({ content: null, finishReason: 'content_filter' }) }) });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = await generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(result.text).toBe('');
    expect(result.finishReason).toBe('content-filter');
  });

  it('generateText returns scripted tool calls', async () => {
    const fake = await startServer({
      handler: () => ({
        body: chatCompletion({ content: null, toolCalls: [{ name: 'run_query', arguments: { sql: 'SELECT 1' } }] }),
      }),
    });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = await generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(result.finishReason).toBe('tool-calls');
    expect(result.toolCalls[0]?.toolName).toBe('run_query');
  });

  it('generateText raises the status of an error reply', async () => {
    const fake = await startServer({
      handler: () => ({ status: 401, body: errorBody({ message: 'Incorrect API key provided: k', code: 'invalid_api_key' }) }),
    });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const call = generateText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    await expect(call).rejects.toMatchObject({ statusCode: 401 });
  });

  it('streamText reads the scripted sse events', async () => {
    const fake = await startServer({
      handler: () => ({ sse: chatCompletionChunks({ content: 'streamed text', reasoningContent: 'streamed thought' }) }),
    });
    const provider = createOpenAICompatible({ name: 'test', baseURL: fake.url, apiKey: 'k' });

    const result = streamText({ model: provider.chatModel('a'), prompt: 'hi', maxRetries: 0 });

    expect(await result.text).toBe('streamed text');
    expect(await result.reasoningText).toBe('streamed thought');
    expect(fake.requests[0]?.body?.stream).toBe(true);
  });
});
