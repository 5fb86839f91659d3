import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3, LanguageModelV3CallOptions } from '@ai-sdk/provider';
import { afterEach, describe, expect, it } from 'vitest';
import { chatCompletion, startFakeOpenAIServer, type FakeOpenAIServer, type FakeResponse } from '../../test/helpers/index.js';
import { createCompatibleChatModel } from './create-compatible-chat-model.js';
import { httpFetch } from './http-fetch.js';

let server: FakeOpenAIServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const prompt: LanguageModelV3CallOptions['prompt'] = [
  { role: 'system', content: 'You draft plans for a regional water utility.' },
  { role: 'user', content: [{ type: 'text', text: 'Draft the rota for the pumping stations.' }] },
  { role: 'assistant', content: [{ type: 'text', text: 'Here is the rota.' }] },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Add ' },
      { type: 'text', text: 'the night shifts.' },
    ],
  },
];

/** Creates the model under test and the package it replaces, on one fake server. */
async function bothModels(reply: FakeResponse, { structuredOutputs = false, headers = {} } = {}) {
  server = await startFakeOpenAIServer({ handler: () => reply });
  const settings = { baseURL: server.url, modelId: 'station-model', apiKey: 'sk-local-key', headers };
  const ours = createCompatibleChatModel({ ...settings, structuredOutputs, providerName: 'compatible' });
  const theirs = createOpenAICompatible({
    ...settings,
    name: 'compatible',
    fetch: httpFetch,
    supportsStructuredOutputs: structuredOutputs,
  }).chatModel('station-model');
  return { ours, theirs, requests: () => server!.requests };
}

/** Reads the parts of a result that the runner uses, without the package's random tool call ids. */
async function outcomeOf(model: LanguageModelV3, options: Partial<LanguageModelV3CallOptions> = {}) {
  try {
    const result = await model.doGenerate({ prompt, ...options });
    return {
      content: result.content.map((part) => (part.type === 'tool-call' ? { ...part, toolCallId: 'id' } : part)),
      finishReason: result.finishReason,
      usage: { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens },
      // The package gives the body as its JSON text, this model as the object.
      requestBody: typeof result.request?.body === 'string' ? (JSON.parse(result.request.body) as unknown) : result.request?.body,
      response: { ...result.response, headers: undefined },
    };
  } catch (error) {
    const fields = error as { name: string; message: string; statusCode?: number; isRetryable?: boolean; responseBody?: string };
    const headers = (error as { responseHeaders?: Record<string, string> }).responseHeaders;
    return { error: [fields.name, fields.message, fields.statusCode, fields.isRetryable, fields.responseBody, headers?.['retry-after']] };
  }
}

async function expectSameOutcome(reply: FakeResponse, options: Partial<LanguageModelV3CallOptions> = {}, settings = {}) {
  const { ours, theirs } = await bothModels(reply, settings);
  const expected = await outcomeOf(theirs, options);
  expect(await outcomeOf(ours, options)).toEqual(expected);
  return expected;
}

describe('createCompatibleChatModel', () => {
  describe('sends what @ai-sdk/openai-compatible sends', () => {
    it.each([
      { name: 'no settings', options: {}, structuredOutputs: false },
      {
        name: 'sampling settings',
        options: { temperature: 0.2, topP: 0.9, seed: 7, maxOutputTokens: 300, stopSequences: ['END'] },
        structuredOutputs: false,
      },
      { name: 'penalties', options: { frequencyPenalty: 0.1, presencePenalty: 0.3 }, structuredOutputs: false },
      {
        name: 'a JSON schema with structured outputs',
        options: { responseFormat: { type: 'json', name: 'verdict', schema: { type: 'object' } } },
        structuredOutputs: true,
      },
      {
        name: 'a JSON schema without structured outputs',
        options: { responseFormat: { type: 'json', schema: { type: 'object' } } },
        structuredOutputs: false,
      },
      {
        name: 'body fields and settings',
        options: { providerOptions: { compatible: { top_k: 20, reasoning_effort: 'low', user: 'analyst-4', strictJsonSchema: false } } },
        structuredOutputs: false,
      },
      {
        name: 'a reasoning effort of null',
        options: { providerOptions: { compatible: { reasoningEffort: null, textVerbosity: 'low' } } },
        structuredOutputs: false,
      },
    ] as const)('with $name', async ({ options, structuredOutputs }) => {
      const { ours, theirs, requests } = await bothModels(
        { body: chatCompletion({ content: 'Here is the rota.' }) },
        { structuredOutputs },
      );
      const expected = await outcomeOf(theirs, options as Partial<LanguageModelV3CallOptions>);
      const actual = await outcomeOf(ours, options as Partial<LanguageModelV3CallOptions>);

      expect(actual).toEqual(expected);
      const [theirRequest, ourRequest] = requests();
      expect(ourRequest!.rawBody).toBe(theirRequest!.rawBody);
      expect(ourRequest!.headers['authorization']).toBe('Bearer sk-local-key');
      expect(ourRequest!.headers['content-type']).toBe('application/json');
    });

    it('sends declared headers and names itself in the user agent', async () => {
      const { ours, requests } = await bothModels(
        { body: chatCompletion({ content: 'ok' }) },
        { headers: { 'X-Tenant': 'north', 'User-Agent': 'lab-runner/2' } },
      );
      await ours.doGenerate({ prompt });

      expect(requests()[0]!.headers['x-tenant']).toBe('north');
      expect(requests()[0]!.headers['user-agent']).toMatch(/^lab-runner\/2 complicity\/\d/);
    });

    it('adds the headers of one call', async () => {
      const { ours, requests } = await bothModels({ body: chatCompletion({ content: 'ok' }) }, { headers: { 'X-Tenant': 'north' } });
      await ours.doGenerate({ prompt, headers: { 'X-Request-Tag': 'level-3', 'X-Tenant': 'south' } });

      expect(requests()[0]!.headers['x-request-tag']).toBe('level-3');
      expect(requests()[0]!.headers['x-tenant']).toBe('south');
    });

    it('refuses tools, which the runner never offers', async () => {
      const { ours } = await bothModels({ body: chatCompletion({ content: 'ok' }) });
      const tools = [{ type: 'function' as const, name: 'lookup', inputSchema: { type: 'object' as const } }];

      await expect(ours.doGenerate({ prompt, tools })).rejects.toThrow('tools on the compatible chat model');
    });
  });

  describe('reads what @ai-sdk/openai-compatible reads', () => {
    it.each([
      { name: 'plain text', reply: { body: chatCompletion({ content: 'Here is the rota.' }) } },
      { name: 'reasoning_content', reply: { body: chatCompletion({ content: 'Done.', reasoningContent: 'Weigh the shifts.' }) } },
      { name: 'reasoning', reply: { body: chatCompletion({ content: 'Done.', reasoning: 'Weigh the shifts.' }) } },
      { name: 'a refusal', reply: { body: chatCompletion({ content: null, refusal: 'I can\u2019t help with that.' }) } },
      { name: 'a cut reply', reply: { body: chatCompletion({ content: 'Here is', finishReason: 'length' }) } },
      { name: 'a filtered reply', reply: { body: chatCompletion({ content: '', finishReason: 'content_filter' }) } },
      {
        name: 'tool calls',
        reply: {
          body: chatCompletion({ content: null, toolCalls: [{ name: 'lookup', arguments: '{"site":4}' }], finishReason: 'tool_calls' }),
        },
      },
      {
        name: 'detailed usage',
        reply: {
          body: {
            ...chatCompletion({ content: 'ok' }),
            usage: {
              prompt_tokens: 40,
              completion_tokens: 30,
              total_tokens: 70,
              prompt_tokens_details: { cached_tokens: 12 },
              completion_tokens_details: { reasoning_tokens: 9 },
            },
          },
        },
      },
      { name: 'no usage', reply: { body: { ...chatCompletion({ content: 'ok' }), usage: null } } },
      {
        name: 'content as parts',
        reply: {
          body: {
            choices: [
              {
                message: {
                  content: [{ type: 'text', text: 'a' }, { type: 'thinking', thinking: [{ type: 'text', text: 'b' }] }, { type: 'image' }],
                },
                finish_reason: 'stop',
              },
            ],
          },
        },
      },
      { name: 'an unknown finish reason', reply: { body: chatCompletion({ content: 'ok', finishReason: 'eos' }) } },
      {
        name: 'a refusal of the wrong type',
        reply: { body: { choices: [{ message: { content: 'ok', refusal: false }, finish_reason: 'stop' }] } },
      },
    ])('$name', async ({ reply }) => {
      await expectSameOutcome(reply as FakeResponse);
    });
  });

  describe('fails as @ai-sdk/openai-compatible fails', () => {
    it.each([
      {
        name: 'a rate limit with Retry-After',
        reply: { status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'slow down' } } },
      },
      { name: 'a server error page', reply: { status: 502, body: '<html><body>Bad gateway</body></html>' } },
      { name: 'an empty error body', reply: { status: 503, body: '' } },
      { name: 'a rejected key', reply: { status: 401, body: { error: { message: 'invalid key', type: 'auth' } } } },
      { name: 'a body that is not JSON', reply: { body: '{"choices": [' } },
      { name: 'a body without choices', reply: { body: { id: 'c1' } } },
      { name: 'an empty list of choices', reply: { body: { choices: [] } } },
      { name: 'a number as content', reply: { body: { choices: [{ message: { content: 4 } }] } } },
      { name: 'a string as a token count', reply: { body: { ...chatCompletion({ content: 'ok' }), usage: { prompt_tokens: '10' } } } },
      {
        name: 'a tool call without arguments',
        reply: { body: { choices: [{ message: { tool_calls: [{ function: { name: 'lookup' } }] } }] } },
      },
    ])('on $name', async ({ reply }) => {
      const outcome = await expectSameOutcome(reply as FakeResponse);
      expect(outcome).toHaveProperty('error');
    });

    it('on a refused connection', async () => {
      const { ours, theirs } = await bothModels({ body: chatCompletion({ content: 'ok' }) });
      await server!.close();
      server = undefined;

      const expected = await outcomeOf(theirs);
      expect(expected).toHaveProperty('error');
      expect(await outcomeOf(ours)).toEqual(expected);
    });
  });
});
