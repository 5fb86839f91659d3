import {
  APICallError,
  InvalidResponseDataError,
  UnsupportedFunctionalityError,
  type LanguageModelV3,
  type LanguageModelV3CallOptions,
  type LanguageModelV3GenerateResult,
  type SharedV3Warning,
} from '@ai-sdk/provider';
import { complicityVersion } from '../version.js';
import { compatibleRequestBody } from './compatible-request-body.js';
import { readChatCompletion } from './read-chat-completion.js';
import { sendHttpRequest, type HttpReply, type HttpRequest } from './send-http-request.js';

/** Settings of a compatible chat model: its endpoint, key, headers and request options. */
export interface CompatibleChatModelSettings {
  baseURL: string;
  modelId: string;
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  /** Whether the server takes a JSON schema in `response_format`; otherwise JSON mode is asked for. */
  structuredOutputs: boolean;
  /** The key of the provider options whose fields go into the request body. */
  providerName: string;
  /** Sends requests through this `fetch` instead of the built-in keep-alive pools. */
  fetch?: typeof globalThis.fetch;
}

// Error codes of a connection that failed before any response, as the AI SDK counts them.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Creates an AI SDK language model for an OpenAI-compatible chat completions endpoint, without
 * streaming or tools. It sends and reads what `@ai-sdk/openai-compatible` 2.0 does for the
 * runner's text turns and throws the same `APICallError`s, for about 40 % less CPU per call
 * (`docs/decisions/2026-12-05-compatible-chat-model.md`).
 */
export function createCompatibleChatModel(settings: CompatibleChatModelSettings): LanguageModelV3 {
  const url = new URL(`${settings.baseURL.replace(/\/$/, '')}/chat/completions`);
  const declaredHeaders = Object.fromEntries(Object.entries(settings.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
    ...declaredHeaders,
    'user-agent': [declaredHeaders['user-agent'], `complicity/${complicityVersion}`].filter(Boolean).join(' '),
  };
  const send = settings.fetch ? fetchSender(settings.fetch) : sendHttpRequest;

  return {
    specificationVersion: 'v3',
    provider: `${settings.providerName}.chat`,
    modelId: settings.modelId,
    supportedUrls: {},
    doGenerate: async (options) => {
      const body = compatibleRequestBody(options, settings);
      // Outside V8's heap, the 5-30 kB of a request in flight is not copied by each young-generation collection.
      const payload = Buffer.from(JSON.stringify(body));
      const request = { method: 'POST', headers: withCallHeaders(headers, options.headers), body: payload, signal: options.abortSignal };
      const reply = await send(url, request).catch((error: unknown) => {
        throw toConnectionError(error, { url, body });
      });
      return toGenerateResult({ reply, url, body, warnings: warningsOf(options, settings) });
    },
    doStream: () => {
      throw new UnsupportedFunctionalityError({ functionality: 'streaming on the compatible chat model' });
    },
  };
}

function toGenerateResult({
  reply,
  url,
  body,
  warnings,
}: {
  reply: HttpReply;
  url: URL;
  body: Record<string, unknown>;
  warnings: SharedV3Warning[];
}): LanguageModelV3GenerateResult {
  const responseText = reply.body.toString('utf8');
  const failure = {
    url: url.toString(),
    requestBodyValues: body,
    statusCode: reply.status,
    responseHeaders: reply.headers,
    responseBody: responseText,
  };
  if (reply.status < 200 || reply.status > 299) {
    const isRetryable = reply.status === 408 || reply.status === 409 || reply.status === 429 || reply.status >= 500;
    throw new APICallError({ ...failure, message: errorMessageOf(responseText) ?? reply.statusText, isRetryable });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(responseText);
  } catch (cause) {
    throw new APICallError({ ...failure, message: 'Invalid JSON response', cause });
  }
  const reading = readChatCompletion(parsed);
  if ('invalid' in reading) throw new APICallError({ ...failure, message: 'Invalid JSON response', cause: new TypeError(reading.invalid) });
  if ('noChoice' in reading) throw new InvalidResponseDataError({ data: parsed, message: 'Response did not contain any choices.' });
  const { content, finishReason, usage, id, modelId, timestamp } = reading.completion;
  return {
    content,
    finishReason,
    usage,
    // The object, not its text: provenance reads its parameters without parsing the conversation again.
    request: { body },
    response: { id, modelId, timestamp, headers: reply.headers, body: parsed },
    warnings,
  };
}

/** Adds the headers of one call to the model's, as the package does. The runner sends none. */
function withCallHeaders(
  headers: Record<string, string>,
  callHeaders: Record<string, string | undefined> | undefined,
): Record<string, string> {
  if (!callHeaders) return headers;
  const combined = { ...headers };
  for (const [name, value] of Object.entries(callHeaders)) if (value !== undefined) combined[name.toLowerCase()] = value;
  return combined;
}

/** Reads the `error.message` of a JSON error body, as the package does. */
function errorMessageOf(text: string): string | undefined {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } } | null)?.error?.message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Wraps a failure to connect, found by its code on the error or a cause, as the package does. */
function toConnectionError(error: unknown, { url, body }: { url: URL; body: Record<string, unknown> }): unknown {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) {
      return new APICallError({
        message: `Cannot connect to API: ${(error as Error).message}`,
        cause: error,
        url: url.toString(),
        requestBodyValues: body,
        isRetryable: true,
      });
    }
  }
  return error;
}

function warningsOf(options: LanguageModelV3CallOptions, settings: CompatibleChatModelSettings): SharedV3Warning[] {
  const warnings: SharedV3Warning[] = [];
  if (options.topK !== undefined) warnings.push({ type: 'unsupported', feature: 'topK' });
  if (options.responseFormat?.type === 'json' && options.responseFormat.schema !== undefined && !settings.structuredOutputs) {
    warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'JSON schema needs a server with structured outputs' });
  }
  return warnings;
}

/** Sends through a `fetch`, reading the whole response as `sendHttpRequest` does. */
function fetchSender(fetch: typeof globalThis.fetch): (url: URL, request: HttpRequest) => Promise<HttpReply> {
  return async (url, { method, headers, body, signal }) => {
    const response = await fetch(url, { method, headers, body, signal });
    return {
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers.entries()),
      body: Buffer.from(await response.arrayBuffer()),
    };
  };
}
