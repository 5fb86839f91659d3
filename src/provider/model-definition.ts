/** Generation parameters a model definition may fix. */
export interface GenerationParameters {
  temperature?: number;
  topP?: number;
  maxOutputTokens?: number;
  seed?: number;
}

/** Which adapter serves a model. */
export type ProviderName = 'openai' | 'openrouter' | 'ollama' | 'compatible' | 'gguf';

/** Everything needed to call one model, resolved from a spec and the config file. */
export interface ModelDefinition {
  /** The spec as the user wrote it (`openai:gpt-4o`, `ollama:llama3`, or a declared name). */
  spec: string;
  provider: ProviderName;
  /** The model id sent to the API. */
  modelId: string;
  baseURL: string;
  /** Environment variable holding the API key; undefined when the endpoint needs none. */
  apiKeyEnv?: string;
  /** Extra request headers; values may be secrets and are never stored. */
  headers?: Record<string, string>;
  parameters: GenerationParameters;
  /** Extra fields merged into the request body, for server-specific options. */
  extraBody?: Record<string, unknown>;
  /** Whether the endpoint accepts a JSON schema in `response_format`. */
  structuredOutputs: boolean;
  /** Context window in tokens, when declared; a judge prompt estimated above it is not sent. */
  contextTokens?: number;
}

/** A model as declared under `models:` in `complicity.config.yaml`. */
export interface DeclaredModel {
  /** Model id sent to the API; defaults to the declared name. */
  model?: string;
  baseURL: string;
  apiKeyEnv?: string;
  headers?: Record<string, string>;
  parameters?: GenerationParameters;
  extraBody?: Record<string, unknown>;
  structuredOutputs?: boolean;
  contextTokens?: number;
}
