import type { JSONObject, SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { ModelDefinition, ReasoningOptions } from './model-definition.js';

/**
 * Builds the vendor-specific options of one request: reasoning settings in each API's own
 * terms, server-specific body fields, and a seed under the server's field name. Keys are the
 * provider packages' option names (`anthropic`, `google`, and the compatible provider's name).
 */
export function providerOptionsOf(definition: ModelDefinition, compatibleName: string): SharedV3ProviderOptions | undefined {
  const { reasoning } = definition;
  switch (definition.provider) {
    case 'anthropic':
      return reasoning ? { anthropic: anthropicReasoning(reasoning) as JSONObject } : undefined;
    case 'google':
      return reasoning ? { google: { thinkingConfig: googleThinking(reasoning) as JSONObject } } : undefined;
    case 'openrouter':
      // OpenRouter's fields travel in the package's extraBody; see openRouterBody.
      return undefined;
    default: {
      const body = compatibleBody(definition);
      return Object.keys(body).length > 0 ? { [compatibleName]: body as Record<string, never> } : undefined;
    }
  }
}

/** The seed the common parameter should carry, or undefined when the server takes it under another field. */
export function seedOf(definition: ModelDefinition): number | undefined {
  return definition.seedField ? undefined : definition.parameters.seed;
}

/** OpenRouter's extra body: declared fields, then its `reasoning` and `provider` routing objects. */
export function openRouterBody(definition: ModelDefinition): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = { ...definition.extraBody };
  const { reasoning, providerRouting } = definition;
  if (reasoning) {
    body['reasoning'] = dropUndefined({ effort: reasoning.effort, max_tokens: reasoning.budgetTokens });
  }
  if (providerRouting) body['provider'] = providerRouting;
  return Object.keys(body).length > 0 ? body : undefined;
}

function compatibleBody(definition: ModelDefinition): Record<string, unknown> {
  const body: Record<string, unknown> = { ...definition.extraBody };
  if (definition.reasoning?.effort) body['reasoning_effort'] = definition.reasoning.effort;
  if (definition.seedField && definition.parameters.seed !== undefined) body[definition.seedField] = definition.parameters.seed;
  return body;
}

// Anthropic has no `minimal` effort; its lowest is `low`.
function anthropicReasoning(reasoning: ReasoningOptions): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (reasoning.budgetTokens !== undefined) options['thinking'] = { type: 'enabled', budgetTokens: reasoning.budgetTokens };
  if (reasoning.effort) options['effort'] = reasoning.effort === 'minimal' ? 'low' : reasoning.effort;
  return options;
}

// Thoughts are requested so that the reasoning is stored apart from the answer.
function googleThinking(reasoning: ReasoningOptions): Record<string, unknown> {
  return dropUndefined({ thinkingBudget: reasoning.budgetTokens, thinkingLevel: reasoning.effort, includeThoughts: true });
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
