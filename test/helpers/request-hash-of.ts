import { hashRequest } from '../../src/runner/index.js';
import type { FakeRequest } from './fake-openai-types.js';
import { messageText } from './last-user-message.js';

/**
 * Returns the hash the runner stores as a turn's `requestHash` for a chat completion request
 * the fake server received, so that a request can be matched with the turn it was sent for.
 * `provider` is the spec's prefix: `openai` for `openai:MODEL`.
 */
export function requestHashOf(request: FakeRequest, { provider = 'openai' }: { provider?: string } = {}): string {
  const messages = request.messages ?? [];
  const system = messages[0]?.role === 'system' ? messageText(messages[0]) : undefined;
  const conversation = messages
    .slice(system === undefined ? 0 : 1)
    .map((message) => ({ role: message.role as 'user' | 'assistant', content: messageText(message) }));
  return hashRequest({ provider, modelId: request.model ?? '', system, messages: conversation });
}
