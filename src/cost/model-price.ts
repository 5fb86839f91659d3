/**
 * Prices of one model in US dollars per million tokens, as the provider's price list gives them
 * for standard (not batch, not priority) requests.
 */
export interface ModelPrice {
  /** Input tokens that were not read from the provider's prompt cache. */
  input: number;
  /** Output tokens of the visible reply. */
  output: number;
  /** Reasoning tokens; `output` when absent, which is how OpenAI and Google bill them. */
  reasoning?: number;
  /** Input tokens read from the prompt cache; `input` when absent. */
  cachedInput?: number;
}
