import type { FakeMessage } from './fake-openai-types.js';

export interface PostChatCompletionOptions {
  /** Defaults to `'test-model'`. */
  model?: string;
  /** Defaults to one user message, `'hi'`. */
  messages?: readonly FakeMessage[];
  signal?: AbortSignal;
}

/**
 * Sends a chat completion request with `fetch`, for tests of the fake server itself.
 *
 * @example
 * const response = await postChatCompletion(server.url, { model: 'judge' });
 */
export function postChatCompletion(
  baseUrl: string,
  { model = 'test-model', messages = [{ role: 'user', content: 'hi' }], signal }: PostChatCompletionOptions = {},
): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
    body: JSON.stringify({ model, messages }),
    ...(signal === undefined ? {} : { signal }),
  });
}
