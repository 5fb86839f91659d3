import { asRecord } from './as-record.js';

/** Fields of a chat completion's message that a provider package may leave out of its result. */
export interface RawMessageFields {
  /** OpenAI's `refusal`: the text a model writes, in place of `content`, when it declines. */
  refusal: string | undefined;
  /** `reasoning_content` (most compatible servers) or `reasoning` (OpenRouter, some gpt-oss hosts). */
  reasoning: string | undefined;
}

/**
 * Reads `refusal` and the reasoning fields of the first choice's message from a chat
 * completion body as the API sent it. The OpenRouter package reads neither `refusal` nor
 * `reasoning_content`, so without this a declining model would look silent.
 */
export function readRawMessage(body: unknown): RawMessageFields {
  const message = firstMessage(body);
  return {
    refusal: nonEmptyString(message?.['refusal']),
    reasoning: nonEmptyString(message?.['reasoning_content']) ?? nonEmptyString(message?.['reasoning']),
  };
}

function firstMessage(body: unknown): Record<string, unknown> | undefined {
  const choices = asRecord(body)?.['choices'];
  if (!Array.isArray(choices)) return undefined;
  return asRecord(asRecord(choices[0])?.['message']);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined;
}
