import { errorBody } from './error-body.js';
import type { FakeHandler, FakeReply, FakeRequest, FakeResponse } from './fake-openai-types.js';
import { lastUserMessage } from './last-user-message.js';

/** Returns the fixed response, or calls the handler with the request. */
export function resolveReply(reply: FakeReply, request: FakeRequest): FakeResponse | Promise<FakeResponse> {
  return typeof reply === 'function' ? reply(request) : reply;
}

/**
 * Creates a handler whose nth call gets the nth reply, and every later call the last one.
 * The count is per handler, so a sequence inside `routeByModel` counts only that model's requests.
 *
 * @example
 * sequence({ status: 429, headers: { 'retry-after': '2' } }, { body: chatCompletion({ content: 'ok' }) })
 */
export function sequence(...replies: FakeReply[]): FakeHandler {
  if (replies.length === 0) {
    throw new Error('sequence() needs at least one reply.');
  }

  let callCount = 0;
  return (request) => {
    const reply = replies[Math.min(callCount, replies.length - 1)] as FakeReply;
    callCount += 1;
    return resolveReply(reply, request);
  };
}

/**
 * Creates a handler that picks the reply by `body.model`. A model without a reply gets
 * `fallback`, which defaults to OpenAI's 404 `model_not_found` error.
 *
 * @example
 * routeByModel({ target: sequence(rateLimited, refusal), judge: markerJudge() })
 */
export function routeByModel(repliesByModel: Record<string, FakeReply>, fallback?: FakeReply): FakeHandler {
  const replies = new Map(Object.entries(repliesByModel));

  return (request) => {
    const reply = request.model === undefined ? undefined : replies.get(request.model);
    if (reply !== undefined) {
      return resolveReply(reply, request);
    }
    if (fallback !== undefined) {
      return resolveReply(fallback, request);
    }
    return {
      status: 404,
      body: errorBody({
        message: `The model \`${request.model ?? ''}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: null,
        code: 'model_not_found',
      }),
    };
  };
}

/** Matches the text of the last user message: a substring, a regular expression or a predicate. */
export type TextMatcher = string | RegExp | ((text: string) => boolean);

/**
 * Creates a handler that sends the reply of the first matcher that matches the last user
 * message. With no match it calls `fallback`, or, when there is none, throws, so the server
 * responds with 500 and the request record keeps the error.
 *
 * @example
 * byLastUserMessage([['level 3', { status: 500 }], [/level [45]/, compliantReply]])
 */
export function byLastUserMessage(routes: ReadonlyArray<readonly [TextMatcher, FakeReply]>, fallback?: FakeReply): FakeHandler {
  return (request) => {
    const text = lastUserMessage(request) ?? '';
    for (const [matcher, reply] of routes) {
      if (matchesText(matcher, text)) {
        return resolveReply(reply, request);
      }
    }
    if (fallback !== undefined) {
      return resolveReply(fallback, request);
    }
    throw new Error(
      `byLastUserMessage: no matcher matched request ${request.index}. ` +
        `Last user message: ${JSON.stringify(text.slice(0, 200))}. Add a route or a fallback.`,
    );
  };
}

function matchesText(matcher: TextMatcher, text: string): boolean {
  if (typeof matcher === 'string') {
    return text.includes(matcher);
  }
  if (matcher instanceof RegExp) {
    // A global or sticky RegExp keeps lastIndex between calls, so reset it for a stable match.
    matcher.lastIndex = 0;
    return matcher.test(text);
  }
  return matcher(text);
}
