import type { TokenUsage } from '../provider/index.js';
import type { ModelPrice } from './model-price.js';

/**
 * Computes the cost of one call in US dollars. Cached input and reasoning are priced apart when
 * the price gives them a rate of their own, so they are taken out of the input and output totals
 * they are part of (the AI SDK reports totals that include them).
 */
export function costOfUsage(usage: TokenUsage, price: ModelPrice): number {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  // A provider that reports more cached than total input tokens is read as all cached.
  const cached = Math.min(usage.cachedInputTokens ?? 0, input);
  const reasoning = Math.min(usage.reasoningTokens ?? 0, output);
  const dollars =
    (input - cached) * price.input +
    cached * (price.cachedInput ?? price.input) +
    (output - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  return dollars / 1_000_000;
}
