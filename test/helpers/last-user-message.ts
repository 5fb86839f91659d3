import type { FakeMessage, FakeRequest } from './fake-openai-types.js';

/**
 * Returns the text of the last message with role `user`, or undefined when there is none.
 * Text content parts are joined without a separator, and other parts are skipped.
 */
export function lastUserMessage(request: FakeRequest): string | undefined {
  const userMessages = (request.messages ?? []).filter((message) => message.role === 'user');
  const last = userMessages.at(-1);
  return last === undefined ? undefined : messageText(last);
}

/** Returns the text of a message whose content is a string or an array of content parts. */
export function messageText(message: FakeMessage): string {
  const { content } = message;
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }

  const texts: string[] = [];
  for (const part of content) {
    if (isTextPart(part)) {
      texts.push(part.text);
    }
  }
  return texts.join('');
}

function isTextPart(part: unknown): part is { type: 'text'; text: string } {
  if (typeof part !== 'object' || part === null) {
    return false;
  }
  const { type, text } = part as { type?: unknown; text?: unknown };
  return type === 'text' && typeof text === 'string';
}
