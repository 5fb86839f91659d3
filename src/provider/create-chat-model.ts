import type { JSONSchema7, LanguageModelV3, LanguageModelV3Prompt } from '@ai-sdk/provider';
import { ConfigError, ProviderCallError } from '../error/index.js';
import type { ChatModel, ChatRequest, ChatResult } from './chat-model.js';
import { createCallSignal } from './create-call-signal.js';
import type { ModelDefinition } from './model-definition.js';
import { createGgufChatModel } from './gguf/index.js';
import { compatibleProviderName, createLanguageModel } from './create-language-model.js';
import { providerOptionsOf, seedOf } from './request-options.js';
import { toChatResult } from './to-chat-result.js';
import { toProviderCallError } from './to-provider-call-error.js';

/**
 * Creates the chat model for a resolved definition. Throws `ConfigError` when the key the
 * endpoint needs is not set, before any request is made.
 */
export function createChatModel(
  definition: ModelDefinition,
  { env = process.env, fetch }: { env?: Record<string, string | undefined>; fetch?: typeof globalThis.fetch } = {},
): ChatModel {
  // An embedded model runs in this process, with no endpoint or key.
  if (definition.provider === 'gguf') return createGgufChatModel(definition, { env });

  // A variable set to white space counts as unset, and no key is sent.
  const apiKey = (definition.apiKeyEnv ? env[definition.apiKeyEnv]?.trim() : undefined) || undefined;
  if (definition.apiKeyEnv && !apiKey && !definition.apiKeyOptional) {
    throw new ConfigError({ message: missingKeyMessage(definition.spec, definition.apiKeyEnv) });
  }

  // Everything sent that grants access, so an API that echoes it back in an error is masked.
  const secrets = [apiKey, ...Object.values(definition.headers ?? {}), ...credentialsOf(definition.baseURL)].filter(
    (value): value is string => Boolean(value),
  );
  // Built on the first call, which imports the vendor's package only when a run uses it.
  let languageModel: Promise<LanguageModelV3> | undefined;
  const loadLanguageModel = () => (languageModel ??= createLanguageModel(definition, apiKey, fetch));

  return {
    spec: definition.spec,
    provider: definition.provider,
    modelId: definition.modelId,
    keyVariable: definition.apiKeyEnv,
    generate: async (request) =>
      generate({ definition, languageModel: await loadLanguageModel(), request, keySent: apiKey !== undefined, secrets }),
  };
}

/**
 * Builds the message for a model whose key variable is not set, shared with checks made before a
 * run. `alternative` is another way forward that the caller offers, such as a flag of its command.
 */
export function missingKeyMessage(spec: string, variable: string, { alternative }: { alternative?: string } = {}): string {
  const next = alternative ? `Export it, or ${alternative}.` : 'Export it and run the command again.';
  return `${spec} needs an API key: ${variable} is not set. ${next}`;
}

/** The user name and password of a base URL such as `http://user:secret@host/v1`, as the server receives them. */
function credentialsOf(baseURL: string): string[] {
  try {
    const url = new URL(baseURL);
    return [url.username, url.password].filter((part) => part.length > 0).map((part) => decodeURIComponent(part));
  } catch {
    return [];
  }
}

/**
 * Sends one request through the provider's model, as the AI SDK's LanguageModelV3 specifies.
 *
 * This calls `doGenerate` rather than `generateText`: measured against a local server,
 * `generateText` added about 1.3 ms of CPU to each call (prompt validation, telemetry, the
 * step loop), which the runner does not use and which made the harness, not the API, the limit.
 */
async function generate({
  definition,
  languageModel,
  request,
  keySent,
  secrets,
}: {
  definition: ModelDefinition;
  languageModel: LanguageModelV3;
  request: ChatRequest;
  /** Whether the request carries a key. An auth failure without one means the endpoint needs a key. */
  keySent: boolean;
  secrets: readonly string[];
}): Promise<ChatResult> {
  const parameters = definition.parameters;
  const call = createCallSignal({ signal: request.abortSignal, timeoutMs: request.timeoutMs });
  try {
    const result = await languageModel.doGenerate({
      prompt: toPrompt(request),
      temperature: request.temperature ?? parameters.temperature,
      topP: parameters.topP,
      seed: seedOf(definition),
      maxOutputTokens: request.maxOutputTokens ?? parameters.maxOutputTokens,
      abortSignal: call.signal,
      providerOptions: providerOptionsOf(definition, compatibleProviderName),
      responseFormat: request.jsonSchema ? { type: 'json', schema: request.jsonSchema as JSONSchema7, name: 'verdict' } : undefined,
    });
    return toChatResult(result, { secrets });
  } catch (error) {
    if (request.abortSignal?.aborted) throw request.abortSignal.reason;
    if (call.timedOut()) {
      throw new ProviderCallError({
        message: `${definition.spec}: no complete reply within ${formatSeconds(request.timeoutMs ?? 0)}; the call timed out.`,
        model: definition.spec,
        kind: 'timeout',
        isRetryable: true,
        keyVariable: definition.apiKeyEnv,
        cause: error,
      });
    }
    throw toProviderCallError(error, { model: definition.spec, keyVariable: definition.apiKeyEnv, keySent, secrets });
  } finally {
    call.dispose();
  }
}

/** Builds the provider-level prompt: the system message, then plain text turns. */
function toPrompt(request: ChatRequest): LanguageModelV3Prompt {
  const prompt: LanguageModelV3Prompt = [];
  if (request.system !== undefined) prompt.push({ role: 'system', content: request.system });
  for (const message of request.messages) prompt.push({ role: message.role, content: [{ type: 'text', text: message.content }] });
  return prompt;
}

function formatSeconds(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(1))} s`;
}
