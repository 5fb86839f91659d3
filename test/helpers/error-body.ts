export interface ErrorBodyOptions {
  message: string;
  /** For example `'server_error'`, `'requests'` or `'invalid_request_error'`. Left out when unset. */
  type?: string;
  /** For example `'rate_limit_exceeded'`, or a number as some gateways send. Left out when unset. */
  code?: string | number | null;
  /** Left out when unset. */
  param?: string | null;
}

/**
 * Builds an OpenAI-style error body, `{ error: { message, type, param, code } }`.
 * Only the fields given are sent, so a test can copy a provider's body exactly.
 *
 * @example
 * { status: 500, body: errorBody({ message: 'internal error', type: 'server_error' }) }
 */
export function errorBody({ message, type, code, param }: ErrorBodyOptions): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { message };
  if (type !== undefined) {
    error.type = type;
  }
  if (param !== undefined) {
    error.param = param;
  }
  if (code !== undefined) {
    error.code = code;
  }
  return { error };
}
