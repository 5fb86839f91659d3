// Substrings of model ids that identify who trained the model, checked in order.
const familyPatterns: ReadonlyArray<[family: string, pattern: RegExp]> = [
  ['openai', /(^|[/:-])(gpt|o[1-9](-|$)|chatgpt|davinci|text-embedding)|openai/i],
  ['anthropic', /claude|anthropic/i],
  ['google', /gemini|gemma|palm|bison|google/i],
  ['meta', /llama|meta-/i],
  ['mistral', /mistral|mixtral|magistral|codestral|ministral|pixtral|devstral/i],
  ['deepseek', /deepseek/i],
  ['qwen', /qwen|qwq/i],
  ['xai', /grok|x-ai|xai/i],
  ['moonshot', /kimi|moonshot/i],
  ['zhipu', /glm|zhipu|z-ai/i],
  ['minimax', /minimax/i],
  ['microsoft', /phi-|microsoft/i],
  ['cohere', /command-r|cohere/i],
];

/**
 * Guesses which developer trained a model from its id, to warn when a judge grades its own
 * family. Returns undefined when no known family matches.
 */
export function modelFamily(modelId: string): string | undefined {
  for (const [family, pattern] of familyPatterns) {
    if (pattern.test(modelId)) return family;
  }
  return undefined;
}
