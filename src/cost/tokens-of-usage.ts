import type { TokenUsage } from '../provider/index.js';

/** Counts the tokens of one call as `--max-tokens` does: input plus output, cached input and reasoning included. */
export function tokensOfUsage(usage: TokenUsage): number {
  return (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
}
