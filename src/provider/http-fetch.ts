import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

// One keep-alive pool per protocol, unbounded: the runner's scheduler is what limits calls.
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

const decoders: Record<string, (buffer: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/**
 * A `fetch` for the provider packages, built on `node:http` with keep-alive pools. It buffers
 * the whole response, which suits the runner's non-streamed calls. Measured against a local
 * server, it costs about half the CPU of Node 20's built-in fetch per call, which matters when
 * thousands of calls share one process.
 */
export const httpFetch: typeof globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input.toString());
  const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
  if (!transport) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol} in ${url.origin}`));
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<Response>((resolve, reject) => {
    const request = transport.request(
      url,
      { method: init?.method ?? 'GET', headers: toHeaderRecord(init?.headers), agent: agents[url.protocol as 'http:' | 'https:'], signal },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          toResponse(response, Buffer.concat(chunks)).then(resolve, reject);
        });
      },
    );
    request.on('error', (error) => reject(signal?.aborted ? signal.reason : error));
    request.end(toBody(init?.body));
  });
};

async function toResponse(response: http.IncomingMessage, raw: Buffer): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decode = encoding ? decoders[encoding] : undefined;
  const body = decode ? await decode(raw) : raw;
  if (decode) headers.delete('content-encoding');
  const status = response.statusCode ?? 502;
  // Response rejects a body with these statuses, which a misbehaving server may still send.
  const bodyless = status === 204 || status === 205 || status === 304;
  return new Response(bodyless ? null : body, { status, statusText: response.statusMessage, headers });
}

function toHeaderRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

function toBody(body: RequestInit['body']): string | Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('httpFetch sends string and byte bodies only');
}
