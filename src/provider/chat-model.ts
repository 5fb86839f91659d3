/** One message of a conversation as the runner sends it; reasoning is never replayed. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Why the model stopped, in the AI SDK's unified terms. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other' | 'unknown';

/** Token counts as the API reported them; absent when it did not. */
export interface TokenUsage {
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
}

export interface ChatRequest {
  system?: string;
  messages: ChatMessage[];
  /** Overrides the model's configured temperature (judges use 0). */
  temperature?: number;
  maxOutputTokens?: number;
  /** Asks for structured output following this JSON schema, where the API supports it. */
  jsonSchema?: Record<string, unknown>;
  /** Cancels the call; the reason is rethrown as is. */
  abortSignal?: AbortSignal;
  /** Limit for the whole call in milliseconds; reaching it throws a retryable `timeout` error. */
  timeoutMs?: number;
}

/** A tool call the model made although none was offered; kept so the reply is not mistaken for empty. */
export interface ToolCallRecord {
  name: string;
  /** The arguments as the model wrote them, which may be invalid JSON. */
  arguments: string;
}

export interface ChatResult {
  /** The visible answer, with reasoning blocks removed. */
  text: string;
  /** The text as the API sent it, `<think>` blocks included; absent where it equals `text`. */
  rawText?: string;
  /** OpenAI's `refusal` field: the model declined in words, which `text` then contains. */
  refusal?: string;
  /** Reasoning from reasoning fields and `<think>` blocks, kept apart from the answer. */
  reasoning: string | undefined;
  /** True when a `<think>` block was opened and never closed, so no answer followed it. */
  reasoningUnclosed: boolean;
  finishReason: FinishReason;
  /** The finish reason exactly as the API sent it, such as `content_filter`. */
  rawFinishReason: string | undefined;
  usage: TokenUsage;
  /** The model id the API says served the request: a dated version where the API names one. */
  responseModelId: string | undefined;
  /** OpenAI's `system_fingerprint`: the backend configuration that served the request. */
  systemFingerprint?: string;
  /** The upstream provider that served an OpenRouter call, such as `Together`. */
  upstreamProvider?: string;
  /** The request body's settings as sent (temperature, output limit, reasoning), without the messages. */
  requestParameters?: Record<string, unknown>;
  toolCalls: ToolCallRecord[];
}

/** The one interface the runner and the judge call models through. */
export interface ChatModel {
  /** The spec as the user wrote it, such as `openai:gpt-4o`; the model's identity in the store. */
  readonly spec: string;
  readonly provider: string;
  /** The model id sent to the API. */
  readonly modelId: string;
  /** Environment variable that holds the key, for messages about missing or rejected keys. */
  readonly keyVariable: string | undefined;
  /** Sends one request. Throws `ProviderCallError` on failure; never retries by itself. */
  generate(request: ChatRequest): Promise<ChatResult>;
}
