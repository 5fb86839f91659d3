/**
 * Defaults and quirks of one OpenAI-compatible server or service, so that `groq:MODEL` or
 * `provider: groq` in the config file needs no base URL, key variable or quirk settings.
 */
export interface ProviderPreset {
  /** The default base URL, replaced by `baseURLEnv` or the config file's `baseURL`. */
  baseURL: string;
  /** Environment variable that overrides the base URL. */
  baseURLEnv: string;
  /** Environment variable holding the key. */
  apiKeyEnv: string;
  /** Local servers run without a key by default, so a missing key is sent as none. */
  apiKeyOptional: boolean;
  /** Whether `response_format` may carry a JSON schema. Without it a judge request sends `json_object`. */
  structuredOutputs: boolean;
  /** The body field that carries the seed where the server does not call it `seed`. */
  seedField?: string;
}

// Defaults and quirks from each vendor's documentation of its OpenAI-compatible endpoint.
// NOTE: they are not checked against the live services, which no test here can reach.
// Reasoning fields need no setting: `reasoning_content` (vLLM, llama.cpp, DeepSeek, LM Studio)
// and `reasoning` (Groq) are both read, and `<think>` blocks (Together) are split off the answer.
export const providerPresets = {
  // vLLM's `vllm serve` listens on port 8000 and checks a key only when started with --api-key.
  vllm: {
    baseURL: 'http://127.0.0.1:8000/v1',
    baseURLEnv: 'VLLM_BASE_URL',
    apiKeyEnv: 'VLLM_API_KEY',
    apiKeyOptional: true,
    structuredOutputs: true,
  },
  // LM Studio's local server listens on port 1234 and takes no key.
  lmstudio: {
    baseURL: 'http://127.0.0.1:1234/v1',
    baseURLEnv: 'LMSTUDIO_BASE_URL',
    apiKeyEnv: 'LMSTUDIO_API_KEY',
    apiKeyOptional: true,
    structuredOutputs: true,
  },
  // llama.cpp's `llama-server` listens on port 8080 and checks a key only when started with --api-key.
  llamacpp: {
    baseURL: 'http://127.0.0.1:8080/v1',
    baseURLEnv: 'LLAMACPP_BASE_URL',
    apiKeyEnv: 'LLAMACPP_API_KEY',
    apiKeyOptional: true,
    structuredOutputs: true,
  },
  // Together accepts a JSON schema only for some models, so a judge request sends `json_object`.
  together: {
    baseURL: 'https://api.together.xyz/v1',
    baseURLEnv: 'TOGETHER_BASE_URL',
    apiKeyEnv: 'TOGETHER_API_KEY',
    apiKeyOptional: false,
    structuredOutputs: false,
  },
  // Groq rejects `json_schema` on models without structured output support with a 400.
  groq: {
    baseURL: 'https://api.groq.com/openai/v1',
    baseURLEnv: 'GROQ_BASE_URL',
    apiKeyEnv: 'GROQ_API_KEY',
    apiKeyOptional: false,
    structuredOutputs: false,
  },
  // Mistral calls the seed `random_seed`.
  mistral: {
    baseURL: 'https://api.mistral.ai/v1',
    baseURLEnv: 'MISTRAL_BASE_URL',
    apiKeyEnv: 'MISTRAL_API_KEY',
    apiKeyOptional: false,
    structuredOutputs: true,
    seedField: 'random_seed',
  },
  // DeepSeek takes `json_object` but no JSON schema.
  deepseek: {
    baseURL: 'https://api.deepseek.com/v1',
    baseURLEnv: 'DEEPSEEK_BASE_URL',
    apiKeyEnv: 'DEEPSEEK_API_KEY',
    apiKeyOptional: false,
    structuredOutputs: false,
  },
} as const satisfies Record<string, ProviderPreset>;

export type PresetName = keyof typeof providerPresets;

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(providerPresets, name);
}
