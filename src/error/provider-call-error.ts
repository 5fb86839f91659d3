import { ComplicityError } from './complicity-error.js';

/** What went wrong in a failed model call, as stored with the turn. */
export type CallErrorKind = 'auth' | 'rate_limit' | 'timeout' | 'server' | 'bad_request' | 'network';

/**
 * A model or judge call failed. `isRetryable` is decided once, here, from the status code
 * and error kind; the runner only reads it.
 */
export class ProviderCallError extends ComplicityError {
  /** The model spec the call was made for, such as `openai:gpt-4o`. */
  readonly model: string;
  readonly kind: CallErrorKind;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  /** The wait the server asked for (Retry-After and similar hints), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The response body with secrets masked, cut to a few kilobytes. */
  readonly responseBody: string | undefined;
  /** Environment variable holding the key used, named in messages about rejected keys. */
  readonly keyVariable: string | undefined;

  constructor(options: {
    message: string;
    model: string;
    kind: CallErrorKind;
    statusCode?: number;
    isRetryable: boolean;
    retryAfterMs?: number;
    responseBody?: string;
    keyVariable?: string;
    cause?: unknown;
  }) {
    super({ name: 'ProviderCallError', message: options.message, cause: options.cause });
    this.model = options.model;
    this.kind = options.kind;
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs;
    this.responseBody = options.responseBody;
    this.keyVariable = options.keyVariable;
  }

  static isProviderCallError(error: unknown): error is ProviderCallError {
    return ComplicityError.isInstance(error) && error.name === 'ProviderCallError';
  }
}
