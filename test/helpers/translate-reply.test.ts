import { afterEach, describe, expect, it } from 'vitest';

import { chatCompletion } from './chat-completion.js';
import { chatCompletionChunks } from './chat-completion-chunks.js';
import { errorBody } from './error-body.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from './fake-openai-server.js';
import { translateReply } from './translate-reply.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('translateReply', () => {
  it('leaves OpenAI replies unchanged', () => {
    const reply = { body: chatCompletion({ content: 'hi' }) };

    expect(translateReply(reply, 'openai')).toBe(reply);
  });

  it('writes a chat completion as an Anthropic message', () => {
    const body = chatCompletion({
      content: 'The rota is below.',
      reasoningContent: 'Plan first.',
      model: 'claude-test',
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    });

    const message = translateReply({ body }, 'anthropic').body as Record<string, unknown>;

    expect(message['type']).toBe('message');
    expect(message['model']).toBe('claude-test');
    expect(message['content']).toEqual([
      { type: 'thinking', thinking: 'Plan first.', signature: 'fake-signature' },
      { type: 'text', text: 'The rota is below.' },
    ]);
    expect(message['stop_reason']).toBe('end_turn');
    expect(message['usage']).toEqual({ input_tokens: 12, output_tokens: 5 });
  });

  it.each([
    { finishReason: 'length', anthropic: 'max_tokens', gemini: 'MAX_TOKENS' },
    { finishReason: 'content_filter', anthropic: 'refusal', gemini: 'SAFETY' },
    { finishReason: 'tool_calls', anthropic: 'tool_use', gemini: 'STOP' },
    { finishReason: 'weird_reason', anthropic: 'weird_reason', gemini: 'WEIRD_REASON' },
  ])('maps the finish reason $finishReason', ({ finishReason, anthropic, gemini }) => {
    const body = chatCompletion({ content: 'x', finishReason });

    expect((translateReply({ body }, 'anthropic').body as Record<string, unknown>)['stop_reason']).toBe(anthropic);
    const candidate = (translateReply({ body }, 'gemini').body as { candidates: Record<string, unknown>[] }).candidates[0]!;
    expect(candidate['finishReason']).toBe(gemini);
  });

  it('writes a chat completion as a Gemini response', () => {
    const body = chatCompletion({
      content: 'No.',
      reasoningContent: 'Think.',
      model: 'gemini-test',
      usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 20, completion_tokens_details: { reasoning_tokens: 8 } },
    });

    const response = translateReply({ body }, 'gemini').body as Record<string, unknown>;

    expect(response['candidates']).toEqual([
      { index: 0, content: { role: 'model', parts: [{ text: 'Think.', thought: true }, { text: 'No.' }] }, finishReason: 'STOP' },
    ]);
    expect(response['usageMetadata']).toEqual({ promptTokenCount: 9, candidatesTokenCount: 3, totalTokenCount: 20, thoughtsTokenCount: 8 });
    expect(response['modelVersion']).toBe('gemini-test');
  });

  it('writes a null content without parts', () => {
    const body = chatCompletion({ content: null, finishReason: 'content_filter' });

    expect((translateReply({ body }, 'anthropic').body as Record<string, unknown>)['content']).toEqual([]);
    expect((translateReply({ body }, 'gemini').body as { candidates: unknown[] }).candidates[0]).toEqual({
      index: 0,
      finishReason: 'SAFETY',
    });
  });

  it('writes error bodies in each format', () => {
    const reply = { status: 529, body: errorBody({ message: 'Overloaded', type: 'server' }) };

    expect(translateReply(reply, 'anthropic').body).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(translateReply({ ...reply, status: 429 }, 'gemini').body).toEqual({
      error: { code: 429, message: 'Overloaded', status: 'RESOURCE_EXHAUSTED' },
    });
  });

  it('leaves vendor bodies unchanged', () => {
    const anthropicError = { status: 429, body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } } };
    const geminiError = { status: 429, body: { error: { code: 429, message: 'slow', status: 'RESOURCE_EXHAUSTED' } } };
    const geminiBlock = { body: { promptFeedback: { blockReason: 'SAFETY' } } };

    expect(translateReply(anthropicError, 'anthropic').body).toEqual(anthropicError.body);
    expect(translateReply(geminiError, 'gemini').body).toEqual(geminiError.body);
    expect(translateReply(geminiBlock, 'gemini').body).toEqual(geminiBlock.body);
  });

  it('opens an Anthropic stream once and closes it', () => {
    const events = translateReply({ sse: chatCompletionChunks({ content: 'Hello' }) }, 'anthropic').sse!.map(
      (data) => (JSON.parse(data) as { type: string }).type,
    );

    expect(events[0]).toBe('message_start');
    expect(events.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(events).toContain('content_block_delta');
    expect(events.at(-2)).toBe('message_delta');
    expect(events.at(-1)).toBe('message_stop');
  });
});

describe('fake server vendor routes', () => {
  it('reads an Anthropic request into the OpenAI shape', async () => {
    server = await startFakeOpenAIServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });

    const response = await fetch(`${server.url}/messages`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'claude-test',
        system: [{ type: 'text', text: 'Be brief.' }],
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      }),
    });

    expect(((await response.json()) as { type: string }).type).toBe('message');
    expect(server.requests[0]!.wireFormat).toBe('anthropic');
    expect(server.requests[0]!.model).toBe('claude-test');
    expect(server.requests[0]!.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('reads the model of a Gemini request from its path', async () => {
    server = await startFakeOpenAIServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });

    const response = await fetch(`http://127.0.0.1:${server.port}/v1beta/models/gemini-test:generateContent`, {
      method: 'POST',
      body: JSON.stringify({
        contents: [
          { role: 'user', parts: [{ text: 'Hi' }] },
          { role: 'model', parts: [{ text: 'Hello' }] },
        ],
      }),
    });

    expect(((await response.json()) as { candidates: unknown[] }).candidates).toHaveLength(1);
    expect(server.requests[0]!.wireFormat).toBe('gemini');
    expect(server.requests[0]!.model).toBe('gemini-test');
    expect(server.requests[0]!.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
  });

  it('names every served path in a 404', async () => {
    server = await startFakeOpenAIServer({ handler: () => ({ body: chatCompletion({ content: 'ok' }) }) });

    const response = await fetch(`http://127.0.0.1:${server.port}/v1beta/models/x:countTokens`, { method: 'POST', body: '{}' });
    const body = (await response.json()) as { error: { message: string } };

    expect(response.status).toBe(404);
    expect(body.error.message).toContain('POST /v1/messages');
    expect(body.error.message).toContain(':generateContent');
  });
});
