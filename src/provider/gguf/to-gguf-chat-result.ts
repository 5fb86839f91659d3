import type { LlamaChatResponse } from 'node-llama-cpp';
import type { ChatResult, FinishReason } from '../chat-model.js';
import { splitReasoning } from '../split-reasoning.js';

type StopReason = LlamaChatResponse['metadata']['stopReason'];

const finishReasons: Record<StopReason, FinishReason> = {
  eogToken: 'stop',
  stopGenerationTrigger: 'stop',
  customStopTrigger: 'stop',
  maxTokens: 'length',
  functionCalls: 'tool-calls',
  abort: 'other',
};

/**
 * Converts node-llama-cpp's response into the runner's terms. Reasoning comes from the thought
 * segments the chat template marks and from `<think>` blocks in the text, kept apart from the
 * answer as for the HTTP providers.
 */
export function toGgufChatResult({
  response,
  inputTokens,
  outputTokens,
  reasoningTokens,
  modelName,
}: {
  response: LlamaChatResponse;
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  modelName: string | undefined;
}): ChatResult {
  const thoughts = response.fullResponse.flatMap((part) => (typeof part !== 'string' && part.segmentType === 'thought' ? [part] : []));
  const split = splitReasoning(response.response);
  const reasoning = [...thoughts.map((part) => part.text.trim()), split.reasoning]
    .filter((part): part is string => Boolean(part))
    .join('\n\n');
  const stopReason = response.metadata.stopReason;

  return {
    text: split.answer,
    rawText: response.response === split.answer ? undefined : response.response,
    reasoning: reasoning.length > 0 ? reasoning : undefined,
    reasoningUnclosed: split.unclosed || thoughts.some((part) => !part.ended),
    finishReason: finishReasons[stopReason] ?? 'other',
    rawFinishReason: stopReason,
    usage: { inputTokens, outputTokens, reasoningTokens: reasoningTokens > 0 ? reasoningTokens : undefined },
    responseModelId: modelName,
    toolCalls: [],
  };
}
