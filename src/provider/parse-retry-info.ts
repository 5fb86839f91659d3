const retryInfoType = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * Reads the wait, in milliseconds, that a Google API error body asks for in a `RetryInfo`
 * detail (`{"error": {"details": [{"@type": "...RetryInfo", "retryDelay": "3s"}]}}`). Gemini
 * sends its 429 wait there rather than in a Retry-After header. Returns undefined when the body
 * is not JSON or has no readable delay.
 */
export function parseRetryInfo(body: string | undefined): number | undefined {
  if (body === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  // Some Google endpoints answer with a list of one error object.
  const root = Array.isArray(parsed) ? (parsed[0] as unknown) : parsed;
  const details = (root as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return undefined;

  for (const detail of details as unknown[]) {
    const record = detail as Record<string, unknown> | null;
    if (record?.['@type'] !== retryInfoType) continue;
    return parseDuration(record['retryDelay']);
  }
  return undefined;
}

/** Converts a protobuf Duration in its JSON form (seconds with up to nine decimals and an `s`, such as `"3s"`) to milliseconds. */
function parseDuration(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d{1,9})?)s\s*$/.exec(value);
  if (!match) return undefined;
  return Math.round(Number.parseFloat(match[1]!) * 1000);
}
