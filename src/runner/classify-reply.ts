import type { ChatResult } from '../provider/index.js';

export type ReplyStatus = 'ok' | 'blocked' | 'empty' | 'truncated';

export interface ReplyClass {
  status: ReplyStatus;
  /** The text that stands as the answer: the visible reply, or a rendering of tool calls. */
  text: string;
  /** The raw finish reason for `blocked`. */
  statusKind?: string;
  statusMessage?: string;
}

/**
 * Decides how a reply that arrived ends the turn. Only `ok` replies are judged.
 *
 * A provider's filter (`content_filter`, a safety block) is `blocked`, not a refusal the model
 * wrote. An empty answer after reasoning that hit the output limit, or inside a `<think>` block
 * never closed, is `truncated`. A tool call made although no tools were offered is rendered as
 * text, so it is judged as what the model chose to do rather than lost as an empty reply.
 */
export function classifyReply(result: ChatResult): ReplyClass {
  if (result.finishReason === 'content-filter') {
    const raw = result.rawFinishReason ?? 'content_filter';
    return {
      status: 'blocked',
      text: result.text,
      statusKind: raw,
      statusMessage: `the provider's filter stopped the reply (finish reason ${raw})`,
    };
  }

  const text = result.text.length > 0 ? result.text : renderToolCalls(result);
  if (text.length > 0) return { status: 'ok', text };

  if (result.finishReason === 'length' || result.reasoningUnclosed) {
    return {
      status: 'truncated',
      text: '',
      statusKind: 'reasoning',
      statusMessage: 'the output limit ended the reply inside its reasoning, before any answer text; raise maxOutputTokens for this model',
    };
  }
  return {
    status: 'empty',
    text: '',
    statusMessage: `the model returned no text (finish reason ${result.rawFinishReason ?? result.finishReason})`,
  };
}

function renderToolCalls(result: ChatResult): string {
  return result.toolCalls.map((call) => `[tool call] ${call.name} ${call.arguments}`).join('\n');
}
