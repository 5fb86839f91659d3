import { chatCompletion, errorBody, type ChatCompletionOptions, type FakeResponse } from '../../helpers/index.js';

/**
 * One provider adapter as the fault-case tests drive it: how to name a model served by the fake
 * server, which environment points the adapter at that server, and the adapter's wire format
 * for the replies every case needs.
 *
 * The Anthropic and Google adapters do not exist yet. Each will add a row here with its own fake
 * endpoint, and the cases with variants for them (BR-02 c and d, BR-06, BR-08, BR-15, and BR-17
 * for Google's `?key=`) take the new rows through `adapters`. Their variant bodies are listed in
 * docs/reliability.md under "Waiting for the Anthropic and Google adapters".
 */
export interface AdapterRow {
  /** The adapter's name in test titles. */
  name: string;
  /** The model spec that reaches `modelId` on the fake server, such as `openai:target`. */
  spec(modelId: string): string;
  /** The environment that sends this adapter's calls to the fake server, with a placeholder key. */
  env(serverUrl: string): Record<string, string>;
  /** A successful chat reply in the adapter's wire format. */
  completion(options: ChatCompletionOptions): FakeResponse;
  /** A 429 in the adapter's wire format, with the given extra headers. */
  rateLimited(headers: Record<string, string>): FakeResponse;
}

const openAIFormat = {
  completion: (options: ChatCompletionOptions): FakeResponse => ({ body: chatCompletion(options) }),
  rateLimited: (headers: Record<string, string>): FakeResponse => ({
    status: 429,
    headers: { 'content-type': 'application/json', ...headers },
    body: errorBody({ message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' }),
  }),
};

/** The adapters that exist today. Both speak OpenAI's chat completions format. */
export const adapters: readonly AdapterRow[] = [
  {
    name: 'OpenAI-compatible',
    spec: (modelId) => `openai:${modelId}`,
    env: (serverUrl) => ({ OPENAI_BASE_URL: serverUrl, OPENAI_API_KEY: 'sk-local-test-key' }),
    ...openAIFormat,
  },
  {
    name: 'OpenRouter',
    spec: (modelId) => `openrouter:${modelId}`,
    env: (serverUrl) => ({ OPENROUTER_BASE_URL: serverUrl, OPENROUTER_API_KEY: 'sk-or-local-test-key' }),
    ...openAIFormat,
  },
];
