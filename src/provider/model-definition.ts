/** Generation parameters a model definition may fix. */
export interface GenerationParameters {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  seed?: number;
}

/**
 * Reasoning (thinking) settings for a model that supports them, translated to each API's own
 * field: Anthropic's `thinking`, Gemini's `thinkingConfig`, OpenRouter's `reasoning`, and
 * `reasoning_effort` on OpenAI-compatible servers.
 */
export interface ReasoningOptions {
  /** Effort level, where the API takes one (OpenAI-compatible, OpenRouter, Gemini 3's `thinkingLevel`). */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Token budget for reasoning, where the API takes one (Anthropic, Gemini 2.5, OpenRouter). */
  budgetTokens?: number;
}

/** Which adapter serves a model. */
export type ProviderName = 'openai' | 'openrouter' | 'ollama' | 'anthropic' | 'google' | 'compatible' | 'gguf';

/** Everything needed to call one model, resolved from a spec and the config file. */
export interface ModelDefinition {
  /** The spec as the user wrote it (`openai:gpt-4o`, `ollama:llama3`, or a declared name). */
  spec: string;
  provider: ProviderName;
  /** The preset an OpenAI-compatible endpoint came from, such as `groq`; absent for the others. */
  preset?: string;
  /** The model id sent to the API. */
  modelId: string;
  baseURL: string;
  /** Environment variable holding the API key; undefined when the endpoint needs none. */
  apiKeyEnv?: string;
  /** True when a request may go out without a key although `apiKeyEnv` names one (local servers). */
  apiKeyOptional?: boolean;
  /** Extra request headers; values may be secrets and are never stored. */
  headers?: Record<string, string>;
  parameters: GenerationParameters;
  reasoning?: ReasoningOptions;
  /** OpenRouter's provider routing preferences (`order`, `allow_fallbacks` and so on), sent as its `provider` field. */
  providerRouting?: Record<string, unknown>;
  /** Extra fields merged into the request body, for server-specific options. */
  extraBody?: Record<string, unknown>;
  /** Whether the endpoint accepts a JSON schema in `response_format`. */
  structuredOutputs: boolean;
  /** Context window in tokens, when declared; a judge prompt estimated above it is not sent. */
  contextTokens?: number;
  /** The body field that carries `parameters.seed` where the server does not call it `seed`. */
  seedField?: string;
}

/** A model as declared under `models:` in `complicity.config.yaml`. */
export interface DeclaredModel {
  /**
   * A native adapter (`anthropic`, `google`, `openrouter`, `openai`, `ollama`) or a preset
   * (`groq`, `vllm` and so on) whose base URL and key variable apply unless given here.
   * Without it the model is an OpenAI-compatible server at `baseURL`.
   */
  provider?: string;
  /** Model id sent to the API; defaults to the declared name. */
  model?: string;
  baseURL?: string;
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  parameters?: GenerationParameters;
  reasoning?: ReasoningOptions;
  /** OpenRouter only: its provider routing preferences, sent unchanged. */
  providerRouting?: Record<string, unknown>;
  extraBody?: Record<string, unknown>;
  structuredOutputs?: boolean;
  contextTokens?: number;
}
