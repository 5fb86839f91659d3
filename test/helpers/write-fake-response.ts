import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FakeResponse } from './fake-openai-types.js';

/**
 * Writes a scripted reply, honouring `hang`, `sse` and `sseIntervalMs` but not `delayMs`,
 * which the caller waits for first. Stops writing as soon as `signal` aborts or the client
 * disconnects.
 */
export async function writeFakeResponse(response: ServerResponse, reply: FakeResponse, signal: AbortSignal): Promise<void> {
  if (reply.hang === 'before-headers') {
    return;
  }

  response.statusCode = reply.status ?? 200;
  const hangsAfterHeaders = reply.hang === 'after-headers';

  if (reply.sse !== undefined) {
    setHeaders(response, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, reply.headers);
    response.flushHeaders();
    for (const [position, data] of reply.sse.entries()) {
      if (position > 0) {
        await waitMs(reply.sseIntervalMs ?? 0, signal);
      }
      if (signal.aborted || response.destroyed) {
        return;
      }
      response.write(`data: ${data}\n\n`);
    }
    if (!hangsAfterHeaders) {
      response.end();
    }
    return;
  }

  const { text, contentType } = serialiseBody(reply.body);
  setHeaders(response, contentType === undefined ? {} : { 'content-type': contentType }, reply.headers);
  if (hangsAfterHeaders) {
    // Without Content-Length the body goes out chunked, so the client keeps waiting for the end.
    response.flushHeaders();
    if (text !== '') {
      response.write(text);
    }
    return;
  }
  response.setHeader('content-length', Buffer.byteLength(text));
  response.end(text);
}

/** Waits `ms` milliseconds, or less when `signal` aborts first. Never rejects. */
export async function waitMs(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) {
    return;
  }
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    // The only rejection is the abort, which ends the wait early on purpose.
  }
}

/** Throws when a reply cannot be sent as scripted. */
export function validateFakeResponse(reply: FakeResponse): void {
  if (reply.body !== undefined && reply.sse !== undefined) {
    throw new Error('The handler returned both `body` and `sse`. Set only one of them.');
  }
  for (const field of ['delayMs', 'sseIntervalMs'] as const) {
    const value = reply[field];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new Error(`The handler returned an invalid \`${field}\`: expected a number of ms >= 0, got ${value}.`);
    }
  }
}

function serialiseBody(body: FakeResponse['body']): { text: string; contentType: string | undefined } {
  if (body === undefined) {
    return { text: '', contentType: undefined };
  }
  if (typeof body === 'string') {
    return { text: body, contentType: 'text/plain; charset=utf-8' };
  }
  return { text: JSON.stringify(body), contentType: 'application/json' };
}

/** Sets the default headers, then the scripted ones, which replace defaults of the same name in any case. */
function setHeaders(response: ServerResponse, defaults: Record<string, string>, scripted: FakeResponse['headers'] = {}): void {
  for (const [name, value] of Object.entries(defaults)) {
    response.setHeader(name, value);
  }
  for (const [name, value] of Object.entries(scripted)) {
    response.setHeader(name, value);
  }
}
