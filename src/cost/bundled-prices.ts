import type { ModelPrice } from './model-price.js';

/**
 * Where the bundled prices come from. They are estimates: providers change prices without
 * notice, and a provider may bill a request differently (a long-context surcharge, a batch or
 * priority tier, a minimum) from what these per-token rates give.
 */
export const bundledPricesSource = {
  description: "LiteLLM's model_prices_and_context_window.json (BerriAI/litellm), standard-tier rates",
  url: 'https://github.com/BerriAI/litellm/blob/19a1f629eb6fafde70968ef4815463eb08143aac/model_prices_and_context_window.json',
  copiedOn: '2026-12-05',
} as const;

/**
 * Prices per model spec, in US dollars per million tokens. A key ending in `*` covers every spec
 * that starts with the rest of it. The config file's `prices:` entries take precedence.
 */
export const bundledPrices: Readonly<Record<string, ModelPrice>> = {
  'openai:gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
  'openai:gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'openai:gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
  'openrouter:openai/gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
  'openrouter:openai/gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
  'openrouter:google/gemini-2.5-flash': { input: 0.3, output: 2.5 },
  'openrouter:google/gemini-2.5-pro': { input: 1.25, output: 10 },
  'openrouter:deepseek/deepseek-chat-v3.1': { input: 0.2, cachedInput: 0.02, output: 0.8 },
  'openrouter:deepseek/deepseek-r1-0528': { input: 0.5, cachedInput: 0.14, output: 2.15 },
  // Calls that send nothing to a paid API: Ollama and embedded GGUF models on this machine,
  // replayed recordings, the recorded labels and the offline judge.
  'ollama:*': { input: 0, output: 0 },
  'gguf:*': { input: 0, output: 0 },
  'replay:*': { input: 0, output: 0 },
  recorded: { input: 0, output: 0 },
  offline: { input: 0, output: 0 },
};
