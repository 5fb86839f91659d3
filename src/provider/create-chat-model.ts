import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { createOpenRouter } from '@openrouter/ai-sdk-provider';
import { generateText, jsonSchema, NoObjectGeneratedError, Output, type LanguageModel } from 'ai';
import { ConfigError, ProviderCallError } from '../error/index.js';
import type { ChatModel, ChatRequest, ChatResult, FinishReason, ToolCallRecord } from './chat-model.js';
import type { ModelDefinition } from './model-definition.js';
import { splitReasoning } from './split-reasoning.js';
import { toProviderCallError } from './to-provider-call-error.js';

// Every compatible endpoint goes through one provider name, so extra body fields are passed
// under one providerOptions key.
const compatibleProviderName = 'compatible';

/**
 * Creates the chat model for a resolved definition. Throws `ConfigError` when the key the
 * endpoint needs is not set, before any request is made.
 */
export function createChatModel(
  definition: ModelDefinition,
  { env = process.env, fetch }: { env?: Record<string, string | undefined>; fetch?: typeof globalThis.fetch } = {},
): ChatModel {
  const apiKey = definition.apiKeyEnv ? env[definition.apiKeyEnv]?.trim() : undefined;
  if (definition.apiKeyEnv && !apiKey && !isKeyOptional(definition, env)) {
    throw new ConfigError({
      message: `${definition.spec} needs an API key: ${definition.apiKeyEnv} is not set. Export it, or run with --dry-run to check the plan without calling a model.`,
    });
  }

  const secrets = [apiKey, ...Object.values(definition.headers ?? {})].filter((value): value is string => Boolean(value));
  const languageModel = createLanguageModel(definition, apiKey, fetch);

  return {
    spec: definition.spec,
    provider: definition.provider,
    modelId: definition.modelId,
    keyVariable: definition.apiKeyEnv,
    generate: (request) => generate({ definition, languageModel, request, secrets }),
  };
}

/** A compatible server at a custom OPENAI_BASE_URL often needs no key (vLLM, llama.cpp). */
function isKeyOptional(definition: ModelDefinition, env: Record<string, string | undefined>): boolean {
  return definition.provider === 'openai' && Boolean(env['OPENAI_BASE_URL']?.trim());
}

function createLanguageModel(definition: ModelDefinition, apiKey: string | undefined, fetch: typeof globalThis.fetch | undefined): LanguageModel {
  if (definition.provider === 'openrouter') {
    const openrouter = createOpenRouter({ apiKey, baseURL: definition.baseURL, headers: definition.headers, fetch, extraBody: definition.extraBody });
    return openrouter.chat(definition.modelId);
  }
  const provider = createOpenAICompatible({
    name: compatibleProviderName,
    baseURL: definition.baseURL,
    apiKey,
    headers: definition.headers,
    fetch,
    supportsStructuredOutputs: definition.structuredOutputs,
  });
  return provider.chatModel(definition.modelId);
}

async function generate({
  definition,
  languageModel,
  request,
  secrets,
}: {
  definition: ModelDefinition;
  languageModel: LanguageModel;
  request: ChatRequest;
  secrets: readonly string[];
}): Promise<ChatResult> {
  const parameters = definition.parameters;
  const extraBody = definition.provider === 'openrouter' ? undefined : definition.extraBody;
  const timeoutSignal = request.timeoutMs === undefined ? undefined : AbortSignal.timeout(request.timeoutMs);
  const signals = [request.abortSignal, timeoutSignal].filter((signal): signal is AbortSignal => signal !== undefined);
  try {
    const result = await generateText({
      model: languageModel,
      system: request.system,
      messages: request.messages,
      temperature: request.temperature ?? parameters.temperature,
      topP: parameters.topP,
      seed: parameters.seed,
      maxOutputTokens: request.maxOutputTokens ?? parameters.maxOutputTokens,
      maxRetries: 0,
      abortSignal: signals.length > 0 ? AbortSignal.any(signals) : undefined,
      providerOptions: extraBody ? { [compatibleProviderName]: extraBody as Record<string, never> } : undefined,
      ...(request.jsonSchema ? { output: Output.object({ schema: jsonSchema(request.jsonSchema) }) } : {}),
    });
    return toChatResult({
      text: result.text,
      reasoningText: result.reasoningText,
      finishReason: result.finishReason,
      rawFinishReason: result.rawFinishReason,
      usage: result.usage,
      responseModelId: result.response.modelId,
      toolCalls: result.toolCalls.map((call) => ({ name: call.toolName, arguments: stringifyArguments(call.input) })),
    });
  } catch (error) {
    // Structured output that does not parse is still a reply: the judge's own tolerant parser
    // decides what it says.
    if (NoObjectGeneratedError.isInstance(error)) {
      return toChatResult({
        text: error.text ?? '',
        reasoningText: undefined,
        finishReason: error.finishReason ?? 'unknown',
        rawFinishReason: undefined,
        usage: error.usage,
        responseModelId: error.response?.modelId,
        toolCalls: [],
      });
    }
    if (request.abortSignal?.aborted) throw request.abortSignal.reason;
    if (timeoutSignal?.aborted) {
      throw new ProviderCallError({
        message: `${definition.spec}: no complete reply within ${formatSeconds(request.timeoutMs ?? 0)}; the call timed out.`,
        model: definition.spec,
        kind: 'timeout',
        isRetryable: true,
        keyVariable: definition.apiKeyEnv,
        cause: error,
      });
    }
    throw toProviderCallError(error, { model: definition.spec, keyVariable: definition.apiKeyEnv, secrets });
  }
}

interface RawResult {
  text: string;
  reasoningText: string | undefined;
  finishReason: string;
  rawFinishReason: string | undefined;
  usage:
    | {
        inputTokens?: number;
        outputTokens?: number;
        outputTokenDetails?: { reasoningTokens?: number };
        inputTokenDetails?: { cacheReadTokens?: number };
      }
    | undefined;
  responseModelId: string | undefined;
  toolCalls: ToolCallRecord[];
}

function toChatResult(raw: RawResult): ChatResult {
  const split = splitReasoning(raw.text);
  const reasoning = [raw.reasoningText?.trim(), split.reasoning].filter((part): part is string => Boolean(part)).join('\n\n');
  return {
    text: split.answer,
    reasoning: reasoning.length > 0 ? reasoning : undefined,
    reasoningUnclosed: split.unclosed,
    finishReason: toFinishReason(raw.finishReason),
    rawFinishReason: raw.rawFinishReason,
    usage: {
      inputTokens: raw.usage?.inputTokens,
      outputTokens: raw.usage?.outputTokens,
      reasoningTokens: raw.usage?.outputTokenDetails?.reasoningTokens,
      cachedInputTokens: raw.usage?.inputTokenDetails?.cacheReadTokens,
    },
    responseModelId: raw.responseModelId,
    toolCalls: raw.toolCalls,
  };
}

const finishReasons = new Set<FinishReason>(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other', 'unknown']);

function toFinishReason(value: string): FinishReason {
  return finishReasons.has(value as FinishReason) ? (value as FinishReason) : 'other';
}

function stringifyArguments(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input);
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}
