/** The visible answer of a reply and the reasoning written before it. */
export interface SplitReply {
  answer: string;
  reasoning: string | undefined;
  /** A `<think>` block was opened and never closed, so the reply has no answer. */
  unclosed: boolean;
}

const openTag = /^\s*<(think|thinking|reasoning)>/i;

/**
 * Separates leading `<think>` blocks from the answer that follows them.
 *
 * Only blocks at the start count as reasoning: a tag in the middle of an answer is the model
 * writing about tags. Some servers open the block in the chat template and stream only the
 * closing tag, so text before a lone `</think>` is reasoning too.
 */
export function splitReasoning(text: string): SplitReply {
  const reasoningParts: string[] = [];
  let rest = text;

  for (;;) {
    const open = openTag.exec(rest);
    if (!open) break;
    const tag = open[1]!.toLowerCase();
    const afterOpen = rest.slice(open[0].length);
    const close = new RegExp(`</${tag}>`, 'i').exec(afterOpen);
    if (!close) {
      reasoningParts.push(afterOpen.trim());
      return { answer: '', reasoning: joinReasoning(reasoningParts), unclosed: true };
    }
    reasoningParts.push(afterOpen.slice(0, close.index).trim());
    rest = afterOpen.slice(close.index + close[0].length);
  }

  if (reasoningParts.length === 0) {
    const loneClose = /<\/think>/i.exec(rest);
    if (loneClose && !/<think>/i.test(rest.slice(0, loneClose.index))) {
      reasoningParts.push(rest.slice(0, loneClose.index).trim());
      rest = rest.slice(loneClose.index + loneClose[0].length);
    }
  }

  return { answer: rest.trim(), reasoning: joinReasoning(reasoningParts), unclosed: false };
}

function joinReasoning(parts: string[]): string | undefined {
  const joined = parts.filter((part) => part.length > 0).join('\n\n');
  return joined.length > 0 ? joined : undefined;
}
