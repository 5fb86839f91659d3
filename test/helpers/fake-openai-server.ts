import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { errorBody } from './error-body.js';
import type { FakeHandler, FakeRequest, FakeResponse } from './fake-openai-types.js';
import { readFakeRequestBody } from './read-fake-request-body.js';
import { translateReply } from './translate-reply.js';
import { messagesOf, wireFormatOf } from './vendor-wire-format.js';
import { validateFakeResponse, waitMs, writeFakeResponse } from './write-fake-response.js';

const servedPaths = 'POST /v1/chat/completions, POST /v1/messages and POST /v1beta/models/MODEL:generateContent';

export interface FakeOpenAIServerOptions {
  /** Decides each reply. Without one, every chat completion request gets a 500 naming the missing handler. */
  handler?: FakeHandler;
  /** Wait in ms added before the headers of every reply, 404s included. Defaults to 0. */
  latencyMs?: number;
}

export interface FakeOpenAIServer {
  /** Base URL ending in `/v1`, for `OPENAI_BASE_URL` or a provider's `baseURL`. */
  readonly url: string;
  readonly port: number;
  /**
   * Every request received, 404s and aborted requests included. A request is added once its
   * body has arrived or its client aborted the upload, so concurrent uploads may be recorded
   * in a different order than their connections opened.
   */
  readonly requests: readonly FakeRequest[];
  /** Replaces the handler for requests whose body arrives from now on. */
  setHandler(handler: FakeHandler): void;
  /**
   * Resolves with `requests` once it contains at least `count` requests. Rejects after
   * `timeoutMs` (default 5,000) or when the server closes first.
   */
  waitForRequests(count: number, options?: { timeoutMs?: number }): Promise<readonly FakeRequest[]>;
  /**
   * Stops the server and destroys every open connection, so hanging and delayed replies end
   * at once. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

interface RequestWaiter {
  count: number;
  resolve: (requests: readonly FakeRequest[]) => void;
  reject: (error: Error) => void;
}

/**
 * Starts a chat server on 127.0.0.1 with an ephemeral port. It serves OpenAI's
 * `POST /v1/chat/completions`, Anthropic's `POST /v1/messages` and Gemini's
 * `POST /v1beta/models/MODEL:generateContent` (and `:streamGenerateContent`) by calling the
 * handler, and responds to anything else with a 404 JSON error.
 *
 * Handlers see every request in OpenAI's shape (`model`, `messages`) and may script replies in
 * OpenAI's format: for an Anthropic or Gemini request, the reply is rewritten into that API's
 * format (see translateReply). A reply already in the vendor's format passes unchanged.
 *
 * @example
 * const server = await startFakeOpenAIServer({ handler: () => ({ body: chatCompletion({ content: 'hi' }) }) });
 * afterEach(() => server.close());
 */
export async function startFakeOpenAIServer({
  handler: initialHandler,
  latencyMs = 0,
}: FakeOpenAIServerOptions = {}): Promise<FakeOpenAIServer> {
  let handler = initialHandler ?? missingHandler;
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<RequestWaiter>();
  // Aborted by close(), which cuts every pending wait short and stops all writes.
  const closing = new AbortController();
  // Every request in flight waits on this one signal; more than ten at once is normal, not a leak.
  setMaxListeners(0, closing.signal);
  let closePromise: Promise<void> | undefined;

  const server = createServer((incoming, response) => {
    serveRequest(incoming, response).catch((error: unknown) => {
      console.error('fake OpenAI server: failed to serve a request:', error);
      response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serveRequest(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    // The record exists from arrival so that the listeners below can update it. It joins
    // `requests` once its body has been read.
    const request: FakeRequest = {
      index: -1,
      method: incoming.method ?? '',
      path: incoming.url ?? '',
      headers: incoming.headers,
      rawBody: '',
      body: undefined,
      model: undefined,
      messages: undefined,
      receivedAt: Date.now(),
      closedEarly: false,
    };
    response.on('close', () => {
      if (!response.writableFinished && !closing.signal.aborted) {
        request.closedEarly = true;
      }
    });
    response.on('finish', () => {
      request.finishedAt = Date.now();
    });

    const { complete, ...bodyFields } = await readFakeRequestBody(incoming);
    Object.assign(request, bodyFields, { index: requests.length });
    const route = wireFormatOf(request.method, new URL(request.path, 'http://127.0.0.1').pathname);
    if (route && route.format !== 'openai') {
      request.wireFormat = route.format;
      request.model = route.model ?? request.model;
      request.messages = messagesOf(route.format, request.body);
    }
    if (!complete) {
      request.closedEarly = true;
    }
    requests.push(request);
    notifyWaiters();
    if (!complete) {
      return;
    }

    // The handler runs even if the client has left by now, as a real server would not notice
    // until it writes, and a `sequence` should count the request.
    const reply = await decideReply(request);
    await waitMs(latencyMs + (reply.delayMs ?? 0), closing.signal);
    if (closing.signal.aborted || request.closedEarly) {
      return;
    }
    await writeFakeResponse(response, reply, closing.signal);
  }

  async function decideReply(request: FakeRequest): Promise<FakeResponse> {
    const route = wireFormatOf(request.method, new URL(request.path, 'http://127.0.0.1').pathname);
    if (!route) {
      return notFound(request);
    }

    try {
      const reply = await handler(request);
      validateFakeResponse(reply);
      return translateReply(reply, route.format);
    } catch (error) {
      request.handlerError = error;
      console.error(`fake OpenAI server: the handler failed on request ${request.index}:`, error);
      const message = error instanceof Error ? error.message : String(error);
      const failed = {
        status: 500,
        body: errorBody({ message: `The fake server's handler failed: ${message}`, type: 'fake_server_error' }),
      };
      return translateReply(failed, route.format);
    }
  }

  function notifyWaiters(): void {
    for (const waiter of waiters) {
      if (requests.length >= waiter.count) {
        waiter.resolve(requests);
      }
    }
  }

  function waitForRequests(count: number, { timeoutMs = 5_000 } = {}): Promise<readonly FakeRequest[]> {
    if (requests.length >= count) {
      return Promise.resolve(requests);
    }
    if (closing.signal.aborted) {
      return Promise.reject(new Error(`The fake server is closed. It received ${requests.length} of ${count} requests.`));
    }

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter.reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${count} requests. Only ${requests.length} arrived.`));
      }, timeoutMs);
      const waiter: RequestWaiter = {
        count,
        resolve: (received) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(received);
        },
        reject: (error) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  function close(): Promise<void> {
    closePromise ??= new Promise<void>((resolve, reject) => {
      closing.abort();
      for (const waiter of waiters) {
        waiter.reject(new Error(`The fake server closed. It received ${requests.length} of ${waiter.count} requests.`));
      }
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      for (const socket of sockets) {
        socket.destroy();
      }
    });
    return closePromise;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    setHandler: (next) => {
      handler = next;
    },
    waitForRequests,
    close,
  };
}

function missingHandler(): FakeResponse {
  throw new Error('No handler is set. Pass `handler` to startFakeOpenAIServer() or call setHandler().');
}

function notFound(request: FakeRequest): FakeResponse {
  return {
    status: 404,
    body: errorBody({
      message: `Not found: ${request.method} ${request.path}. The fake server serves only ${servedPaths}.`,
      type: 'invalid_request_error',
      code: 'not_found',
    }),
  };
}
