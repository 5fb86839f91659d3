import { UnsupportedFunctionalityError, type LanguageModelV3CallOptions, type LanguageModelV3Prompt } from '@ai-sdk/provider';

/** The body of a chat completion request, in the order its fields are sent. */
export type CompatibleRequestBody = Record<string, unknown>;

// Keys of the provider options that are settings rather than body fields, as the AI SDK's
// OpenAI-compatible package reads them.
const settingKeys = new Set(['user', 'reasoningEffort', 'textVerbosity', 'strictJsonSchema']);

/**
 * Builds the body of a chat completion request with the same fields, values and order as
 * `@ai-sdk/openai-compatible` 2.0 sends for text-only prompts, so that replacing that package on
 * the runner's path changes nothing on the wire. `providerName` is the key of the options object
 * whose fields go into the body unchanged.
 */
export function compatibleRequestBody(
  options: LanguageModelV3CallOptions,
  { modelId, providerName, structuredOutputs }: { modelId: string; providerName: string; structuredOutputs: boolean },
): CompatibleRequestBody {
  if (options.tools !== undefined && options.tools.length > 0) {
    throw new UnsupportedFunctionalityError({ functionality: 'tools on the compatible chat model' });
  }
  const compatibleOptions = options.providerOptions?.[providerName] ?? {};
  const extra = Object.fromEntries(Object.entries(compatibleOptions).filter(([key]) => !settingKeys.has(key)));
  const user = optionalSetting(compatibleOptions, 'user', 'string');
  const strict = optionalSetting(compatibleOptions, 'strictJsonSchema', 'boolean') ?? true;
  const { responseFormat } = options;

  return {
    model: modelId,
    user,
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature,
    top_p: options.topP,
    frequency_penalty: options.frequencyPenalty,
    presence_penalty: options.presencePenalty,
    response_format:
      responseFormat?.type === 'json'
        ? structuredOutputs && responseFormat.schema !== undefined
          ? {
              type: 'json_schema',
              json_schema: {
                schema: responseFormat.schema,
                strict,
                name: responseFormat.name ?? 'response',
                description: responseFormat.description,
              },
            }
          : { type: 'json_object' }
        : undefined,
    stop: options.stopSequences,
    seed: options.seed,
    ...extra,
    // An explicit null is sent as null: some servers treat it apart from an absent field.
    ...(compatibleOptions['reasoningEffort'] !== undefined
      ? { reasoning_effort: reasoningEffortOf(compatibleOptions['reasoningEffort']) }
      : {}),
    verbosity: optionalSetting(compatibleOptions, 'textVerbosity', 'string'),
    messages: toCompatibleMessages(options.prompt),
  };
}

function optionalSetting<T extends 'string' | 'boolean'>(
  compatibleOptions: Record<string, unknown>,
  key: string,
  type: T,
): (T extends 'string' ? string : boolean) | undefined {
  const value = compatibleOptions[key];
  if (value === undefined) return undefined;
  if (typeof value !== type) throw new TypeError(`provider option ${key} must be a ${type}, got ${JSON.stringify(value)}`);
  return value as T extends 'string' ? string : boolean;
}

function reasoningEffortOf(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new TypeError(`provider option reasoningEffort must be a string or null, got ${JSON.stringify(value)}`);
}

/** Converts a prompt of text turns into chat messages; any other part is unsupported. */
function toCompatibleMessages(prompt: LanguageModelV3Prompt): Record<string, unknown>[] {
  return prompt.map((message) => {
    if (message.role === 'system') return { role: 'system', content: message.content };
    if (message.role === 'tool') throw new UnsupportedFunctionalityError({ functionality: 'tool messages on the compatible chat model' });
    const texts = message.content.map((part) => {
      if (part.type !== 'text')
        throw new UnsupportedFunctionalityError({ functionality: `${part.type} parts on the compatible chat model` });
      return part.text;
    });
    if (message.role === 'assistant') return { role: 'assistant', content: texts.join('') };
    // One text part is sent as a plain string, more as a list of parts, as the package does.
    return texts.length === 1
      ? { role: 'user', content: texts[0] }
      : { role: 'user', content: texts.map((text) => ({ type: 'text', text })) };
  });
}
