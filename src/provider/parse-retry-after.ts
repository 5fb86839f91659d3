// The three HTTP-date forms (IMF-fixdate, RFC 850, asctime) all start with a day name and carry
// an hh:mm:ss time. Date.parse alone also reads "-5" or "1 2" as dates in 2001, which would turn
// a malformed hint into a zero wait.
const httpDatePattern = /^[A-Za-z]{3,9},?\s.*\b\d{2}:\d{2}:\d{2}\b/;

/**
 * Reads the wait a server asked for before the next attempt, in milliseconds.
 *
 * `retry-after-ms` is read first because it is more precise (OpenAI sends it); then `retry-after`
 * as seconds or as an HTTP date. Returns undefined when no hint is present or it cannot be read,
 * so the caller falls back to its own backoff.
 */
export function parseRetryAfter(
  headers: Record<string, string | undefined> | undefined,
  { now = Date.now() }: { now?: number } = {},
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

  const milliseconds = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;

  const retryAfter = lower['retry-after']?.trim();
  if (!retryAfter) return undefined;

  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number.parseFloat(retryAfter) * 1000;

  if (!httpDatePattern.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
