import type { IncomingHttpHeaders } from 'node:http';

/** One chat message as the client sent it. The server does not validate messages. */
export interface FakeMessage {
  role: string;
  /** A string, an array of content parts such as `{ type: 'text', text }`, or null. */
  content?: unknown;
  [field: string]: unknown;
}

/** The record of one HTTP request received by the fake server. */
export interface FakeRequest {
  /** Position in `FakeOpenAIServer.requests`, starting at 0. */
  index: number;
  method: string;
  /** The request target as received, including any query string. */
  path: string;
  /** Request headers, with lower-case names. */
  headers: IncomingHttpHeaders;
  /** The request body as UTF-8 text, possibly partial if the client aborted the upload. */
  rawBody: string;
  /** The parsed body, or undefined when the body is not a JSON object. */
  body: Record<string, unknown> | undefined;
  /** `body.model` when it is a string, or the model a Gemini path names. */
  model: string | undefined;
  /**
   * `body.messages` when it is an array. For Anthropic and Gemini requests, the conversation in
   * OpenAI's shape: the system prompt first, text parts joined into one string.
   */
  messages: FakeMessage[] | undefined;
  /** The API format a non-OpenAI request used, decided by its path. */
  wireFormat?: 'anthropic' | 'gemini';
  /** Arrival time in ms since the epoch (`Date.now()`). */
  receivedAt: number;
  /** Time in ms since the epoch when the whole response was written. */
  finishedAt?: number;
  /**
   * True when the client closed the connection before the response finished. Stays false
   * when `close()` ends the response.
   */
  closedEarly: boolean;
  /** The error thrown by the handler. The server then responds with 500. */
  handlerError?: unknown;
}

/** The reply a handler scripts for one request. */
export interface FakeResponse {
  /** HTTP status code. Defaults to 200. */
  status?: number;
  /** Extra response headers. They replace the defaults, compared case-insensitively. */
  headers?: Record<string, string | number | readonly string[]>;
  /**
   * An object is sent as JSON. A string is sent unchanged as `text/plain`, unless
   * `headers` sets another Content-Type (e.g. `text/html` for a proxy's 429 page).
   */
  body?: string | object;
  /** Wait in ms before the headers are sent, added to the server's `latencyMs`. */
  delayMs?: number;
  /**
   * Never finish the response. `'before-headers'` sends nothing at all.
   * `'after-headers'` sends the headers, then `body` or the `sse` events if given, and
   * then stays silent. Both end when the client disconnects or the server closes.
   */
  hang?: 'before-headers' | 'after-headers';
  /**
   * Server-sent events for a streamed reply. Each string is the data of one event and
   * is sent as `data: <string>\n\n`. Include `'[DONE]'` where the stream should end.
   * Cannot be combined with `body`.
   */
  sse?: readonly string[];
  /** Wait in ms before each server-sent event after the first. Defaults to 0. */
  sseIntervalMs?: number;
}

/** Decides the reply to one request. A thrown error becomes a 500 response. */
export type FakeHandler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** A fixed response, or a handler that computes one per request. */
export type FakeReply = FakeResponse | FakeHandler;
