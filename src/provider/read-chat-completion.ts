import type { LanguageModelV3Content, LanguageModelV3FinishReason, LanguageModelV3Usage } from '@ai-sdk/provider';
import { asRecord } from './as-record.js';

/** The fields of a chat completion body that the runner reads. */
export interface ChatCompletion {
  content: LanguageModelV3Content[];
  finishReason: LanguageModelV3FinishReason;
  usage: LanguageModelV3Usage;
  id: string | undefined;
  modelId: string | undefined;
  timestamp: Date | undefined;
}

/** The reading of a body: a completion, the reason it is not one, or a completion without choices. */
export type ChatCompletionReading = { completion: ChatCompletion } | { invalid: string } | { noChoice: true };

/**
 * Reads a parsed chat completion body as `@ai-sdk/openai-compatible` 2.0 does: the first choice's
 * reasoning, text, refusal and tool calls, its finish reason and the usage. A field of the wrong
 * type makes the body invalid, as the package's schema does; unknown fields are ignored.
 */
export function readChatCompletion(body: unknown): ChatCompletionReading {
  const record = asRecord(body);
  if (!record) return { invalid: 'the body is not a JSON object' };
  for (const name of ['id', 'model'] as const) if (!isOptional(record[name], 'string')) return { invalid: `${name} is not a string` };
  if (!isOptional(record['created'], 'number')) return { invalid: 'created is not a number' };
  const choices = record['choices'];
  if (!Array.isArray(choices)) return { invalid: 'choices is not a list' };
  for (const choice of choices) {
    const problem = choiceProblem(choice);
    if (problem) return { invalid: problem };
  }
  const usage = readUsage(record['usage']);
  if (usage === undefined) return { invalid: 'usage is not an object of token counts' };
  if (choices.length === 0) return { noChoice: true };

  const choice = choices[0] as Record<string, unknown>;
  const message = choice['message'] as Record<string, unknown>;
  const refusal = typeof message['refusal'] === 'string' && message['refusal'].length > 0 ? message['refusal'] : undefined;
  const finish = (choice['finish_reason'] as string | null | undefined) ?? undefined;
  return {
    completion: {
      content: contentOf(message, refusal),
      finishReason: { unified: unifiedFinishReason(finish, refusal !== undefined), raw: finish },
      usage,
      id: (record['id'] as string | null | undefined) ?? undefined,
      modelId: (record['model'] as string | null | undefined) ?? undefined,
      timestamp: typeof record['created'] === 'number' ? new Date(record['created'] * 1000) : undefined,
    },
  };
}

function choiceProblem(choice: unknown): string | undefined {
  const message = asRecord(asRecord(choice)?.['message']);
  if (!message) return 'a choice has no message object';
  if (!isOptional(asRecord(choice)!['finish_reason'], 'string')) return 'finish_reason is not a string';
  const content = message['content'];
  if (
    !isOptional(content, 'string') &&
    !(Array.isArray(content) && content.every((part) => typeof asRecord(part)?.['type'] === 'string'))
  ) {
    return 'content is neither a string nor a list of typed parts';
  }
  for (const name of ['reasoning_content', 'reasoning'] as const)
    if (!isOptional(message[name], 'string')) return `${name} is not a string`;
  const toolCalls = message['tool_calls'];
  if (toolCalls !== undefined && toolCalls !== null) {
    if (!Array.isArray(toolCalls)) return 'tool_calls is not a list';
    for (const call of toolCalls) {
      const fn = asRecord(asRecord(call)?.['function']);
      if (!fn || typeof fn['name'] !== 'string' || typeof fn['arguments'] !== 'string')
        return 'a tool call has no function name and arguments';
      if (!isOptional(asRecord(call)!['id'], 'string')) return 'a tool call id is not a string';
    }
  }
  return undefined;
}

/** Lists the message's parts: reasoning, text, a refusal as text, then tool calls, as the package orders them. */
function contentOf(message: Record<string, unknown>, refusal: string | undefined): LanguageModelV3Content[] {
  const content: LanguageModelV3Content[] = [];
  const reasoning = (message['reasoning_content'] as string | null | undefined) ?? (message['reasoning'] as string | null | undefined);
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const body = message['content'];
  if (typeof body === 'string') {
    if (body.length > 0) content.push({ type: 'text', text: body });
  } else if (Array.isArray(body)) {
    for (const part of body as Record<string, unknown>[]) content.push(...partContent(part));
  }
  if (refusal !== undefined) content.push({ type: 'text', text: refusal });
  const toolCalls = (message['tool_calls'] as Record<string, unknown>[] | null | undefined) ?? [];
  toolCalls.forEach((call, index) => {
    const fn = call['function'] as { name: string; arguments: string };
    content.push({
      type: 'tool-call',
      toolCallId: (call['id'] as string | null | undefined) ?? `call-${index}`,
      toolName: fn.name,
      input: fn.arguments,
    });
  });
  return content;
}

/** Reads a text part, or a `thinking` part's text chunks as reasoning. Other parts carry nothing the runner reads. */
function partContent(part: Record<string, unknown>): LanguageModelV3Content[] {
  if (part['type'] === 'text' && typeof part['text'] === 'string')
    return part['text'].length > 0 ? [{ type: 'text', text: part['text'] }] : [];
  if (part['type'] !== 'thinking' || !Array.isArray(part['thinking'])) return [];
  const text = (part['thinking'] as unknown[])
    .map((chunk) => asRecord(chunk))
    .filter((chunk) => chunk?.['type'] === 'text' && typeof chunk['text'] === 'string')
    .map((chunk) => chunk!['text'] as string)
    .join('');
  return text.length > 0 ? [{ type: 'reasoning', text }] : [];
}

function unifiedFinishReason(raw: string | undefined, hasRefusal: boolean): LanguageModelV3FinishReason['unified'] {
  switch (raw) {
    case 'stop':
      return hasRefusal ? 'content-filter' : 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'function_call':
    case 'tool_calls':
      return 'tool-calls';
    default:
      return 'other';
  }
}

const tokenFields = {
  top: ['prompt_tokens', 'completion_tokens', 'total_tokens'],
  prompt_tokens_details: ['cached_tokens'],
  completion_tokens_details: ['reasoning_tokens', 'accepted_prediction_tokens', 'rejected_prediction_tokens'],
} as const;

/** Converts the usage to the SDK's terms. Returns undefined when a count has the wrong type. */
function readUsage(value: unknown): LanguageModelV3Usage | undefined {
  if (value === undefined || value === null) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const usage = asRecord(value);
  if (!usage || !tokenFields.top.every((name) => isOptional(usage[name], 'number'))) return undefined;
  const prompt = detailsOf(usage, 'prompt_tokens_details');
  const completion = detailsOf(usage, 'completion_tokens_details');
  if (prompt === undefined || completion === undefined) return undefined;

  const promptTokens = (usage['prompt_tokens'] as number | null | undefined) ?? 0;
  const completionTokens = (usage['completion_tokens'] as number | null | undefined) ?? 0;
  const cached = (prompt['cached_tokens'] as number | null | undefined) ?? 0;
  const reasoning = (completion['reasoning_tokens'] as number | null | undefined) ?? 0;
  return {
    inputTokens: { total: promptTokens, noCache: promptTokens - cached, cacheRead: cached, cacheWrite: undefined },
    outputTokens: { total: completionTokens, text: Math.max(0, completionTokens - reasoning), reasoning },
  };
}

/** Returns a details object whose counts are numbers (empty when absent), or undefined when one is not. */
function detailsOf(
  usage: Record<string, unknown>,
  name: 'prompt_tokens_details' | 'completion_tokens_details',
): Record<string, unknown> | undefined {
  const value = usage[name];
  if (value === undefined || value === null) return {};
  const details = asRecord(value);
  return details && tokenFields[name].every((field) => isOptional(details[field], 'number')) ? details : undefined;
}

function isOptional(value: unknown, type: 'string' | 'number'): boolean {
  return value === undefined || value === null || typeof value === type;
}
