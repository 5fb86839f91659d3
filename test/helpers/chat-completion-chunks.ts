import { toWireToolCall } from './chat-completion.js';
import type { ChatCompletionOptions, ChatCompletionUsage } from './chat-completion.js';

export interface ChatCompletionChunkOptions {
  /** Fields of `choices[0].delta`, e.g. `{ content: 'Sure, step one' }`. */
  delta?: Record<string, unknown>;
  /** Defaults to null, which means the stream goes on. */
  finishReason?: string | null;
  /** Defaults to `'fake-model'`. */
  model?: string;
  /** Defaults to `'chatcmpl-fake-stream'`. */
  id?: string;
  usage?: ChatCompletionUsage;
}

/**
 * Serialises one `chat.completion.chunk` as the data of a server-sent event.
 *
 * @example
 * sse: [chatCompletionChunk({ delta: { content: 'Sure, step one' } })]
 */
export function chatCompletionChunk({
  delta = {},
  finishReason = null,
  model = 'fake-model',
  id = 'chatcmpl-fake-stream',
  usage,
}: ChatCompletionChunkOptions = {}): string {
  const chunk: Record<string, unknown> = {
    id,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
  if (usage !== undefined) {
    chunk.usage = usage;
  }
  return JSON.stringify(chunk);
}

/**
 * Builds the server-sent event data of a whole streamed reply, ending with `'[DONE]'`.
 * It takes the same options as `chatCompletion`. The first chunk carries the role and any
 * reasoning, the next ones the content and the tool calls, and the last one the finish reason
 * and the usage.
 *
 * @example
 * sse: chatCompletionChunks({ content: 'Step one: [[L:compliant]]' })
 */
export function chatCompletionChunks({
  content,
  reasoningContent,
  reasoning,
  finishReason,
  model = 'fake-model',
  usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  toolCalls,
  refusal,
  id = 'chatcmpl-fake-stream',
}: ChatCompletionOptions): string[] {
  const firstDelta: Record<string, unknown> = { role: 'assistant' };
  if (reasoningContent !== undefined) {
    firstDelta.reasoning_content = reasoningContent;
  }
  if (reasoning !== undefined) {
    firstDelta.reasoning = reasoning;
  }
  if (refusal !== undefined) {
    firstDelta.refusal = refusal;
  }
  const chunks = [chatCompletionChunk({ delta: firstDelta, model, id })];

  if (content !== null && content !== '') {
    chunks.push(chatCompletionChunk({ delta: { content }, model, id }));
  }

  for (const [position, call] of (toolCalls ?? []).entries()) {
    const toolCallDelta = { index: position, ...toWireToolCall(call, position) };
    chunks.push(chatCompletionChunk({ delta: { tool_calls: [toolCallDelta] }, model, id }));
  }

  chunks.push(
    chatCompletionChunk({
      finishReason: finishReason ?? (toolCalls === undefined ? 'stop' : 'tool_calls'),
      model,
      id,
      ...(usage === null ? {} : { usage }),
    }),
  );
  chunks.push('[DONE]');
  return chunks;
}
