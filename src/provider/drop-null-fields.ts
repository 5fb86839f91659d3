/**
 * Wraps a `fetch` so that successful JSON responses reach the provider package without object
 * fields set to `null`. OpenRouter's package (2.10) accepts a missing `tool_calls`, `id`, `model`
 * or `cost` but rejects the `null` that compatible upstreams send, although in a chat completion
 * the two mean the same. Error responses and bodies that are not JSON pass unchanged.
 */
export function dropNullFields(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok || !/\bjson\b/i.test(response.headers.get('content-type') ?? '')) return response;

    const text = await response.text();
    let cleaned = text;
    try {
      cleaned = JSON.stringify(withoutNulls(JSON.parse(text)));
    } catch {
      // Not JSON after all: the package reports the body as an invalid response.
    }
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(cleaned, { status: response.status, statusText: response.statusText, headers });
  };
}

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).filter(([, field]) => field !== null);
  return Object.fromEntries(entries.map(([name, field]) => [name, withoutNulls(field)]));
}
