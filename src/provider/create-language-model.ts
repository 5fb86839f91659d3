import type { LanguageModelV3 } from '@ai-sdk/provider';
import { createCompatibleChatModel } from './create-compatible-chat-model.js';
import type { ModelDefinition } from './model-definition.js';
import { dropNullFields } from './drop-null-fields.js';
import { httpFetch } from './http-fetch.js';
import { openRouterBody } from './request-options.js';

// Every compatible endpoint goes through one provider name, so extra body fields are passed
// under one providerOptions key.
export const compatibleProviderName = 'compatible';

/**
 * Builds the AI SDK model of the definition's API family, which then speaks its wire format.
 * Without `givenFetch`, the packages use `httpFetch` and the compatible model its own transport.
 * Each vendor's package is imported only when a model of that vendor is built. Loaded at start,
 * with `ai`, they cost every command about 0.12 s of CPU and 10 MB of memory (measured on `--version`).
 */
export async function createLanguageModel(
  definition: ModelDefinition,
  apiKey: string | undefined,
  givenFetch: typeof globalThis.fetch | undefined,
): Promise<LanguageModelV3> {
  const { baseURL, headers, modelId } = definition;
  const fetch = givenFetch ?? httpFetch;
  switch (definition.provider) {
    case 'openrouter': {
      const { createOpenRouter } = await import('@openrouter/ai-sdk-provider');
      return createOpenRouter({ apiKey, baseURL, headers, fetch: dropNullFields(fetch), extraBody: openRouterBody(definition) }).chat(
        modelId,
      );
    }
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      // The key is checked before this point, so the package never falls back to its own variable.
      // NOTE: the package drops temperature for `claude-` ids it does not know, without an error;
      // the turn's stored request parameters show what was sent.
      return createAnthropic({ apiKey, baseURL, headers, fetch }).messages(modelId);
    }
    case 'google': {
      const { createGoogleGenerativeAI } = await import('@ai-sdk/google');
      // The package sends the key in the x-goog-api-key header, never in the URL's `?key=`.
      return createGoogleGenerativeAI({ apiKey, baseURL, headers, fetch }).chat(modelId);
    }
    default:
      return createCompatibleChatModel({
        baseURL,
        modelId,
        apiKey,
        headers,
        fetch: givenFetch,
        structuredOutputs: definition.structuredOutputs,
        providerName: compatibleProviderName,
      });
  }
}
