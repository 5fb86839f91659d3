/** Token usage as OpenAI reports it on a chat completion. */
export interface ChatCompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens?: number };
}

/** A tool call to script. `arguments` may be cut-off JSON text to simulate a broken call. */
export interface FakeToolCall {
  /** Defaults to `call_<n>`, where n counts from 1 within the message. */
  id?: string;
  name: string;
  /** JSON text sent as is, or an object that is serialised. */
  arguments: string | object;
}

export interface ChatCompletionOptions {
  /** The visible reply text. Null is what providers send for a filtered reply or a pure tool call. */
  content: string | null;
  /** Sent as `message.reasoning_content`, the field most OpenAI-compatible servers use. */
  reasoningContent?: string;
  /** Sent as `message.reasoning`, the field OpenRouter and some gpt-oss hosts use. */
  reasoning?: string;
  /** Defaults to `'tool_calls'` when `toolCalls` is set, otherwise `'stop'`. */
  finishReason?: string;
  /** Defaults to `'fake-model'`. */
  model?: string;
  /** Defaults to 10 prompt and 10 completion tokens. Null leaves `usage` out. */
  usage?: ChatCompletionUsage | null;
  toolCalls?: readonly FakeToolCall[];
  /** Sent as `message.refusal`, the field OpenAI sets when the model declines. */
  refusal?: string;
  /** Defaults to a fresh `chatcmpl-fake-<n>`. */
  id?: string;
}

let completionCount = 0;

/**
 * Builds an OpenAI `chat.completion` response body with one choice.
 *
 * @example
 * chatCompletion({ content: 'I cannot help with that. [[L:refusal]]' })
 */
export function chatCompletion({
  content,
  reasoningContent,
  reasoning,
  finishReason,
  model = 'fake-model',
  usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  toolCalls,
  refusal,
  id,
}: ChatCompletionOptions): Record<string, unknown> {
  completionCount += 1;

  const message: Record<string, unknown> = {
    role: 'assistant',
    content,
    refusal: refusal ?? null,
  };
  if (reasoningContent !== undefined) {
    message.reasoning_content = reasoningContent;
  }
  if (reasoning !== undefined) {
    message.reasoning = reasoning;
  }
  if (toolCalls !== undefined) {
    message.tool_calls = toolCalls.map(toWireToolCall);
  }

  const body: Record<string, unknown> = {
    id: id ?? `chatcmpl-fake-${completionCount}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: finishReason ?? (toolCalls === undefined ? 'stop' : 'tool_calls'),
      },
    ],
  };
  if (usage !== null) {
    body.usage = usage;
  }
  return body;
}

/** Converts a scripted tool call to its wire form. `position` is its index in the message. */
export function toWireToolCall(call: FakeToolCall, position: number): Record<string, unknown> {
  return {
    id: call.id ?? `call_${position + 1}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  };
}
