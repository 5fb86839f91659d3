import { APICallError } from '@ai-sdk/provider';
import { ProviderCallError, type CallErrorKind } from '../error/index.js';
import { parseRetryAfter } from './parse-retry-after.js';
import { parseRetryInfo } from './parse-retry-info.js';
import { redactSecrets } from './redact-secrets.js';

const maxBodyLength = 2000;

/**
 * Converts whatever a provider call threw into a `ProviderCallError`, deciding once whether it
 * is worth retrying. Classification goes by status code, never by parsing the body, because
 * proxies answer with HTML. `keySent` tells an auth failure on a rejected key from one on a
 * request sent without a key, because the variable was left unset where the key is optional.
 */
export function toProviderCallError(
  error: unknown,
  {
    model,
    keyVariable,
    keySent,
    secrets,
  }: { model: string; keyVariable: string | undefined; keySent: boolean; secrets: readonly string[] },
): ProviderCallError {
  if (ProviderCallError.isProviderCallError(error)) return error;

  if (APICallError.isInstance(error) && error.statusCode !== undefined) {
    const statusCode = error.statusCode;
    const kind = kindOfStatus(statusCode);
    const body = error.responseBody === undefined ? undefined : redactSecrets(error.responseBody, secrets).slice(0, maxBodyLength);
    const summary = body === undefined ? '' : summariseBody(body);
    const detail = summary.length > 0 ? `: ${summary}` : '';
    // A 2xx status whose body is not a chat completion (cut JSON, a proxy's page) is a fault of
    // the response, not of the request, so the next attempt may succeed.
    if (statusCode >= 200 && statusCode < 300) {
      return new ProviderCallError({
        message: `${model}: invalid response: HTTP ${statusCode} with a body that is not a chat completion${detail}`,
        model,
        kind: 'server',
        statusCode,
        isRetryable: true,
        responseBody: body,
        keyVariable,
        cause: error,
      });
    }
    const keyHint = kind === 'auth' ? authHint(keyVariable, keySent) : '';
    return new ProviderCallError({
      message: `${model}: HTTP ${statusCode}${detail}${keyHint}`,
      model,
      kind,
      statusCode,
      isRetryable: isRetryableStatus(statusCode),
      // A header wins over Gemini's RetryInfo in the body, as the more common and explicit hint.
      retryAfterMs: parseRetryAfter(error.responseHeaders) ?? parseRetryInfo(error.responseBody),
      responseBody: body,
      keyVariable,
      cause: error,
    });
  }

  // No status code: the request never got an HTTP answer (refused, reset, DNS), or the answer
  // could not be read as a chat completion.
  const message = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
  const isNetwork = APICallError.isInstance(error) || isNetworkFailure(error);
  return new ProviderCallError({
    message: `${model}: ${isNetwork ? 'network error' : 'invalid response'}: ${message}`,
    model,
    kind: isNetwork ? 'network' : 'server',
    isRetryable: true,
    keyVariable,
    cause: error,
  });
}

function kindOfStatus(statusCode: number): CallErrorKind {
  if (statusCode === 401 || statusCode === 403) return 'auth';
  if (statusCode === 429) return 'rate_limit';
  if (statusCode === 408) return 'timeout';
  if (statusCode === 409 || statusCode >= 500) return 'server';
  return 'bad_request';
}

/** 408, 409, 429 and 5xx may succeed later; other 4xx will fail the same way every time. */
function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 409 || statusCode === 429 || statusCode >= 500;
}

function authHint(keyVariable: string | undefined, keySent: boolean): string {
  if (!keyVariable) return '. The API rejected the request as unauthorised.';
  if (!keySent) return `. The endpoint requires an API key and none was sent: set ${keyVariable}.`;
  return `. The API rejected the key in ${keyVariable}: check that it is set to a valid key.`;
}

/** The error message of a JSON error body, or the start of any other body. */
function summariseBody(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    // Some Google endpoints wrap the error object in a list of one.
    const message = findErrorMessage(Array.isArray(parsed) ? (parsed[0] as unknown) : parsed);
    if (message) return message;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function findErrorMessage(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record['message'] === 'string') return record['message'];
  if (typeof record['error'] === 'string') return record['error'];
  return findErrorMessage(record['error']);
}

function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return error.message === 'fetch failed' || typeof code === 'string';
}
