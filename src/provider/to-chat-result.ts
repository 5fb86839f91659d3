import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import type { ChatResult, FinishReason } from './chat-model.js';
import { readProvenance } from './read-provenance.js';
import { readRawMessage } from './read-raw-message.js';
import { splitReasoning } from './split-reasoning.js';

const finishReasons = new Set<FinishReason>(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'other', 'unknown']);

/**
 * Converts what a provider package returned into the runner's terms: the visible answer apart
 * from its reasoning, the finish reason, usage and unoffered tool calls.
 *
 * Fields the package leaves out are read from the response body: OpenRouter's package drops
 * `refusal` and `reasoning_content`. A refusal the model wrote is its answer and finishes as
 * `stop`, although the OpenAI-compatible package (2.0) reports it as a content filter, because
 * only a filter that stopped the reply is a block.
 */
export function toChatResult(result: LanguageModelV3GenerateResult, { secrets = [] }: { secrets?: readonly string[] } = {}): ChatResult {
  const raw = readRawMessage(result.response?.body);
  const provenance = readProvenance({ responseBody: result.response?.body, requestBody: result.request?.body, secrets });
  const text = result.content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('') || (raw.refusal ?? '');
  const reasoningParts = result.content.flatMap((part) => (part.type === 'reasoning' ? [part.text] : []));
  const reasoningText = reasoningParts.length > 0 ? reasoningParts.join('\n\n') : raw.reasoning;
  const split = splitReasoning(text);
  const reasoning = [reasoningText?.trim(), split.reasoning].filter((part): part is string => Boolean(part)).join('\n\n');
  const usage = result.usage;

  return {
    text: split.answer,
    rawText: text,
    refusal: raw.refusal,
    reasoning: reasoning.length > 0 ? reasoning : undefined,
    reasoningUnclosed: split.unclosed,
    finishReason: toFinishReason(result.finishReason.unified, result.finishReason.raw),
    rawFinishReason: result.finishReason.raw,
    usage: {
      inputTokens: usage.inputTokens.total,
      outputTokens: usage.outputTokens.total,
      reasoningTokens: usage.outputTokens.reasoning,
      cachedInputTokens: usage.inputTokens.cacheRead,
    },
    responseModelId: result.response?.modelId ?? provenance.modelVersion,
    systemFingerprint: provenance.systemFingerprint,
    upstreamProvider: provenance.upstreamProvider,
    // A getter, so the request body is parsed only for the callers that read it.
    get requestParameters() {
      return provenance.requestParameters;
    },
    toolCalls: result.content.flatMap((part) => (part.type === 'tool-call' ? [{ name: part.toolName, arguments: part.input }] : [])),
  };
}

function toFinishReason(unified: string, raw: string | undefined): FinishReason {
  // The package's content filter on a `stop` finish is a refusal the model wrote, not a block.
  if (unified === 'content-filter' && raw === 'stop') return 'stop';
  return finishReasons.has(unified as FinishReason) ? (unified as FinishReason) : 'other';
}
