import { chatCompletion, errorBody, translateReply, type ChatCompletionOptions, type FakeResponse } from '../../helpers/index.js';

/**
 * One provider adapter as the fault-case tests drive it: how to name a model served by the fake
 * server, which environment points the adapter at that server, and the adapter's wire format
 * for the replies every case needs.
 *
 * The fake server serves every row's format on one port: it reads Anthropic and Gemini requests
 * into OpenAI's shape for the handlers, and rewrites replies scripted as chat completions into
 * the format the request used. Cases with bodies only one vendor sends script them in that
 * vendor's format.
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
  /** A 429 asking for a 3 s wait the way only this API does, where it has a way of its own. */
  ownRetryHint?: FakeResponse;
  /** The raw finish reason with which the API reports that its filter stopped a reply. */
  filteredReason: string;
  /** Whether the API reports reasoning tokens apart; Anthropic counts them in `output_tokens`. */
  reportsReasoningTokens: boolean;
  /** Whether tool arguments arrive as text, which can be cut off; Anthropic and Gemini send a JSON object. */
  toolArgumentsAsText: boolean;
  /** Other ways the API reports a block, each as the reply body and the raw reason it should store. */
  otherBlocks: readonly { name: string; reply: FakeResponse; rawReason: string }[];
}

const openAIFormat = {
  filteredReason: 'content_filter',
  reportsReasoningTokens: true,
  toolArgumentsAsText: true,
  otherBlocks: [],
  completion: (options: ChatCompletionOptions): FakeResponse => ({ body: chatCompletion(options) }),
  rateLimited: (headers: Record<string, string>): FakeResponse => ({
    status: 429,
    headers: { 'content-type': 'application/json', ...headers },
    body: errorBody({ message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' }),
  }),
};

/** Every adapter. The Anthropic and Google rows speak their vendors' own formats. */
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
  {
    name: 'Anthropic',
    spec: (modelId) => `anthropic:${modelId}`,
    env: (serverUrl) => ({ ANTHROPIC_BASE_URL: serverUrl, ANTHROPIC_API_KEY: 'sk-ant-local-test-key' }),
    completion: (options) => translateReply({ body: chatCompletion(options) }, 'anthropic'),
    rateLimited: (headers) => ({
      status: 429,
      headers: { 'content-type': 'application/json', ...headers },
      body: {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
      },
    }),
    ownRetryHint: {
      status: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '3' },
      body: {
        type: 'error',
        error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
      },
    },
    filteredReason: 'refusal',
    reportsReasoningTokens: false,
    toolArgumentsAsText: false,
    otherBlocks: [],
  },
  {
    name: 'Google',
    spec: (modelId) => `google:${modelId}`,
    // The fake server serves Gemini's paths under /v1beta beside OpenAI's /v1.
    env: (serverUrl) => ({
      GOOGLE_GENERATIVE_AI_BASE_URL: serverUrl.replace(/\/v1$/, '/v1beta'),
      GOOGLE_GENERATIVE_AI_API_KEY: 'AIzaLocalTestKey0123456789abcdef',
    }),
    completion: (options) => translateReply({ body: chatCompletion(options) }, 'gemini'),
    rateLimited: (headers) => ({
      status: 429,
      headers: { 'content-type': 'application/json', ...headers },
      body: { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
    }),
    // Gemini gives the wait only in the body's RetryInfo, with no Retry-After header.
    ownRetryHint: {
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'You exceeded your current quota, please check your plan and billing details.',
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [{ quotaMetric: 'generate_content_free_tier_requests' }],
            },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '3s' },
          ],
        },
      },
    },
    filteredReason: 'SAFETY',
    reportsReasoningTokens: true,
    toolArgumentsAsText: false,
    otherBlocks: [
      {
        // Gemini blocks the prompt itself with feedback and no candidate at all.
        name: 'prompt blocked',
        reply: {
          body: {
            promptFeedback: {
              blockReason: 'SAFETY',
              safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH' }],
            },
            usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 },
            modelVersion: 'gemini-fake-001',
          },
        },
        rawReason: 'SAFETY',
      },
      {
        name: 'prohibited content',
        reply: { body: { candidates: [{ index: 0, finishReason: 'PROHIBITED_CONTENT' }], modelVersion: 'gemini-fake-001' } },
        rawReason: 'PROHIBITED_CONTENT',
      },
    ],
  },
];
