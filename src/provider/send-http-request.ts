import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** A whole HTTP response, its body decoded from any content encoding. */
export interface HttpReply {
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". Without `content-encoding` once decoded. */
  headers: Record<string, string>;
  body: Buffer;
}

/** A request for `sendHttpRequest`. */
export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
}

// One keep-alive pool per protocol, unbounded: the runner's scheduler is what limits calls.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: Infinity }),
  https: new https.Agent({ keepAlive: true, maxSockets: Infinity }),
};

const decoders: Record<string, (buffer: Buffer) => Promise<Buffer>> = {
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
  br: promisify(zlib.brotliDecompress),
};

/**
 * Sends one request over `node:http` or `node:https` with keep-alive pools and buffers the whole
 * response. An abort rejects with the signal's reason. Calls that are not streamed need nothing
 * more, and it costs far less CPU than building a fetch `Response`.
 */
export function sendHttpRequest(url: URL, { method, headers, body, signal }: HttpRequest): Promise<HttpReply> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return Promise.reject(new TypeError(`unsupported protocol ${url.protocol} in ${url.origin}`));
  }
  const secure = url.protocol === 'https:';
  const transport = secure ? https : http;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<HttpReply>((resolve, reject) => {
    const request = transport.request(url, { method, headers, agent: secure ? agents.https : agents.http, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        toHttpReply(response, Buffer.concat(chunks)).then(resolve, reject);
      });
    });
    request.on('error', (error) => reject(signal?.aborted ? signal.reason : error));
    request.end(body);
  });
}

async function toHttpReply(response: http.IncomingMessage, raw: Buffer): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  const decode = encoding ? decoders[encoding] : undefined;
  const body = decode ? await decode(raw) : raw;
  if (decode) delete headers['content-encoding'];
  return { status: response.statusCode ?? 502, statusText: response.statusMessage ?? '', headers, body };
}
