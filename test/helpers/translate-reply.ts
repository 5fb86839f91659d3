import type { FakeResponse } from './fake-openai-types.js';
import type { WireFormat } from './vendor-wire-format.js';

/**
 * Rewrites a reply scripted in OpenAI's format (a chat completion, its stream chunks, or an
 * `{error: {...}}` body) into the Anthropic Messages or Gemini format that the request was
 * addressed to, so one script serves every adapter. Bodies already in the vendor's format,
 * and anything that is not a JSON object, pass unchanged.
 */
export function translateReply(reply: FakeResponse, format: WireFormat): FakeResponse {
  if (format === 'openai') return reply;
  const translated = { ...reply };
  if (isRecord(reply.body)) {
    const status = reply.status ?? 200;
    if (Array.isArray(reply.body['choices'])) {
      translated.body = format === 'anthropic' ? toAnthropicMessage(reply.body) : toGeminiResponse(reply.body);
    } else if (status >= 400 && isRecord(reply.body['error']) && reply.body['type'] !== 'error' && !('status' in reply.body['error'])) {
      translated.body = format === 'anthropic' ? toAnthropicError(status, reply.body['error']) : toGeminiError(status, reply.body['error']);
    }
  }
  if (reply.sse) translated.sse = translateStream(reply.sse, format);
  return translated;
}

const anthropicStopReasons: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  content_filter: 'refusal',
  tool_calls: 'tool_use',
};

const geminiFinishReasons: Record<string, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  tool_calls: 'STOP',
};

interface Completion {
  message: Record<string, unknown>;
  finishReason: string | undefined;
  model: string;
  usage: Record<string, unknown> | undefined;
}

function readCompletion(body: Record<string, unknown>): Completion {
  const choice = (body['choices'] as Record<string, unknown>[])[0] ?? {};
  return {
    message: (choice['message'] as Record<string, unknown> | undefined) ?? {},
    finishReason: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined,
    model: typeof body['model'] === 'string' ? body['model'] : 'fake-model',
    usage: isRecord(body['usage']) ? body['usage'] : undefined,
  };
}

function reasoningOf(message: Record<string, unknown>): string | undefined {
  const reasoning = message['reasoning_content'] ?? message['reasoning'];
  return typeof reasoning === 'string' && reasoning.length > 0 ? reasoning : undefined;
}

/** Returns the text a model wrote. OpenAI's `refusal` field becomes plain text in the other formats. */
function textOf(message: Record<string, unknown>): string | undefined {
  const content = typeof message['content'] === 'string' ? message['content'] : undefined;
  const refusal = typeof message['refusal'] === 'string' ? message['refusal'] : undefined;
  return content || refusal;
}

function toolCallsOf(message: Record<string, unknown>): { id: string; name: string; input: unknown }[] {
  const calls = Array.isArray(message['tool_calls']) ? (message['tool_calls'] as Record<string, unknown>[]) : [];
  return calls.map((call, position) => {
    const fn = (call['function'] ?? {}) as { name?: string; arguments?: string };
    let input: unknown = {};
    try {
      input = JSON.parse(fn.arguments ?? '{}');
    } catch {
      // Cut-off arguments have no structured form in these formats; the call itself is kept.
    }
    return { id: String(call['id'] ?? `call_${position + 1}`), name: fn.name ?? 'unknown', input };
  });
}

let messageCount = 0;

function toAnthropicMessage(body: Record<string, unknown>): Record<string, unknown> {
  const { message, finishReason, model, usage } = readCompletion(body);
  const content: Record<string, unknown>[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning) content.push({ type: 'thinking', thinking: reasoning, signature: 'fake-signature' });
  const text = textOf(message);
  if (text) content.push({ type: 'text', text });
  for (const call of toolCallsOf(message)) content.push({ type: 'tool_use', id: call.id, name: call.name, input: call.input });
  messageCount += 1;
  return {
    id: `msg_fake_${messageCount}`,
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: finishReason === undefined ? null : (anthropicStopReasons[finishReason] ?? finishReason),
    stop_sequence: null,
    usage: { input_tokens: Number(usage?.['prompt_tokens'] ?? 0), output_tokens: Number(usage?.['completion_tokens'] ?? 0) },
  };
}

function toGeminiResponse(body: Record<string, unknown>): Record<string, unknown> {
  const { message, finishReason, model, usage } = readCompletion(body);
  const parts: Record<string, unknown>[] = [];
  const reasoning = reasoningOf(message);
  if (reasoning) parts.push({ text: reasoning, thought: true });
  const text = textOf(message);
  if (text) parts.push({ text });
  for (const call of toolCallsOf(message)) parts.push({ functionCall: { name: call.name, args: call.input } });
  const candidate: Record<string, unknown> = { index: 0 };
  if (parts.length > 0) candidate['content'] = { role: 'model', parts };
  if (finishReason !== undefined) candidate['finishReason'] = geminiFinishReasons[finishReason] ?? finishReason.toUpperCase();
  messageCount += 1;
  const reasoningTokens = (usage?.['completion_tokens_details'] as { reasoning_tokens?: number } | undefined)?.reasoning_tokens;
  return {
    candidates: [candidate],
    ...(usage
      ? {
          usageMetadata: {
            promptTokenCount: usage['prompt_tokens'],
            candidatesTokenCount: usage['completion_tokens'],
            totalTokenCount: usage['total_tokens'],
            ...(reasoningTokens === undefined ? {} : { thoughtsTokenCount: reasoningTokens }),
          },
        }
      : {}),
    modelVersion: model,
    responseId: `fake-response-${messageCount}`,
  };
}

const anthropicErrorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

const googleStatuses: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function toAnthropicError(status: number, error: Record<string, unknown>): Record<string, unknown> {
  return { type: 'error', error: { type: anthropicErrorTypes[status] ?? 'api_error', message: String(error['message'] ?? '') } };
}

function toGeminiError(status: number, error: Record<string, unknown>): Record<string, unknown> {
  return { error: { code: status, message: String(error['message'] ?? ''), status: googleStatuses[status] ?? 'UNKNOWN' } };
}

/**
 * OpenAI stream chunks as the vendor's stream events. Anthropic's stream opens with
 * `message_start` and a text block before the first delta and ends with `message_stop`.
 */
function translateStream(chunks: readonly string[], format: WireFormat): string[] {
  const events: string[] = [];
  let opened = false;
  for (const data of chunks) {
    if (data === '[DONE]') {
      if (format === 'anthropic') events.push(JSON.stringify({ type: 'message_stop' }));
      continue;
    }
    const chunk = parseChunk(data);
    if (!chunk) {
      events.push(data);
      continue;
    }
    if (format === 'gemini') {
      const candidate: Record<string, unknown> = { index: 0, content: { role: 'model', parts: [{ text: chunk.text }] } };
      if (chunk.finish) candidate['finishReason'] = geminiFinishReasons[chunk.finish] ?? chunk.finish.toUpperCase();
      events.push(JSON.stringify({ candidates: [candidate], modelVersion: chunk.model }));
      continue;
    }
    if (!opened) {
      const start = toAnthropicMessage({ model: chunk.model, choices: [{ message: {} }] });
      events.push(JSON.stringify({ type: 'message_start', message: { ...start, stop_reason: null } }));
      events.push(JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }));
      opened = true;
    }
    if (chunk.text) events.push(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: chunk.text } }));
    if (chunk.finish) {
      events.push(JSON.stringify({ type: 'content_block_stop', index: 0 }));
      const stopReason = anthropicStopReasons[chunk.finish] ?? chunk.finish;
      events.push(
        JSON.stringify({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 1 } }),
      );
    }
  }
  return events;
}

function parseChunk(data: string): { text: string; finish: string | undefined; model: string } | undefined {
  let chunk: Record<string, unknown>;
  try {
    chunk = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const choice = Array.isArray(chunk['choices']) ? (chunk['choices'][0] as Record<string, unknown> | undefined) : undefined;
  if (!choice) return undefined;
  const delta = (choice['delta'] ?? {}) as Record<string, unknown>;
  return {
    text: typeof delta['content'] === 'string' ? delta['content'] : '',
    finish: typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : undefined,
    model: typeof chunk['model'] === 'string' ? chunk['model'] : 'fake-model',
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
