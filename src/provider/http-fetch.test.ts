import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { httpFetch } from './http-fetch.js';

interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
  remotePort: number | undefined;
}

let server: Server | undefined;

afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** Starts a plain HTTP server on 127.0.0.1 and returns its origin and the requests it received. */
async function startServer(
  respond: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ origin: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: request.socket.remotePort,
      });
      respond(request, response);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, received };
}

function replyText(text: string, headers: Record<string, string> = {}) {
  return (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, headers);
    response.end(text);
  };
}

describe('httpFetch', () => {
  describe('requests', () => {
    it('sends the method, path, headers and body', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(`${origin}/v1/chat/completions?x=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
        body: '{"model":"m"}',
      });

      expect(received[0]?.method).toBe('POST');
      expect(received[0]?.url).toBe('/v1/chat/completions?x=1');
      expect(received[0]?.headers['content-type']).toBe('application/json');
      expect(received[0]?.headers.authorization).toBe('Bearer test-key');
      expect(received[0]?.body).toBe('{"model":"m"}');
    });

    it('sends a string body with its length', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(origin, { method: 'POST', body: 'héllo' });

      expect(received[0]?.headers['content-length']).toBe('6');
      expect(received[0]?.headers['transfer-encoding']).toBeUndefined();
    });

    it('defaults to GET', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(origin);

      expect(received[0]?.method).toBe('GET');
    });

    it.each([
      { id: 'Headers object', headers: new Headers({ 'X-Team': 'safety' }) },
      { id: 'list of pairs', headers: [['X-Team', 'safety']] as [string, string][] },
    ])('reads headers given as a $id', async ({ headers }) => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(origin, { headers });

      expect(received[0]?.headers['x-team']).toBe('safety');
    });

    it.each([
      { id: 'Uint8Array', body: new TextEncoder().encode('bytes') },
      { id: 'ArrayBuffer', body: new TextEncoder().encode('bytes').buffer },
      { id: 'view into a larger buffer', body: new Uint8Array(new TextEncoder().encode('xxbytesxx').buffer, 2, 5) },
    ])('sends a $id body', async ({ body }) => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(origin, { method: 'POST', body });

      expect(received[0]?.body).toBe('bytes');
    });

    it('rejects a body it cannot send', async () => {
      const { origin } = await startServer(replyText('ok'));

      await expect(httpFetch(origin, { method: 'POST', body: new Blob(['x']) })).rejects.toThrow(
        'httpFetch sends string and byte bodies only',
      );
    });

    it('accepts a URL object', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(new URL('/from-url', origin));

      expect(received[0]?.url).toBe('/from-url');
    });

    it('accepts a Request object', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await httpFetch(new Request(`${origin}/from-request`));

      expect(received[0]?.url).toBe('/from-request');
    });

    it('reuses the connection for the next request', async () => {
      const { origin, received } = await startServer(replyText('ok'));

      await (await httpFetch(origin)).text();
      await (await httpFetch(origin)).text();

      expect(received).toHaveLength(2);
      expect(received[1]?.remotePort).toBe(received[0]?.remotePort);
    });

    it('rejects a protocol other than HTTP', async () => {
      await expect(httpFetch('ftp://127.0.0.1/file')).rejects.toThrow('unsupported protocol ftp: in ftp://127.0.0.1');
    });
  });

  describe('responses', () => {
    it('returns the status, status text, headers and body', async () => {
      const { origin } = await startServer((_request, response) => {
        response.writeHead(429, 'Too Many Requests', { 'retry-after': '1', 'content-type': 'application/json' });
        response.end('{"error":{"message":"slow down"}}');
      });

      const response = await httpFetch(origin);

      expect(response.status).toBe(429);
      expect(response.statusText).toBe('Too Many Requests');
      expect(response.headers.get('retry-after')).toBe('1');
      expect(await response.json()).toEqual({ error: { message: 'slow down' } });
    });

    it('joins repeated response headers', async () => {
      const { origin } = await startServer((_request, response) => {
        response.setHeader('x-trace', ['a', 'b']);
        response.end('ok');
      });

      expect((await httpFetch(origin)).headers.get('x-trace')).toBe('a, b');
    });

    it.each([
      { encoding: 'gzip', encode: gzipSync },
      { encoding: 'deflate', encode: deflateSync },
      { encoding: 'br', encode: brotliCompressSync },
    ])('decodes a $encoding body', async ({ encoding, encode }) => {
      const { origin } = await startServer((_request, response) => {
        response.writeHead(200, { 'content-encoding': encoding });
        response.end(encode('{"id":"c1"}'));
      });

      const response = await httpFetch(origin);

      expect(await response.text()).toBe('{"id":"c1"}');
      expect(response.headers.get('content-encoding')).toBeNull();
    });

    it('keeps a body in an unknown encoding as is', async () => {
      const { origin } = await startServer(replyText('raw', { 'content-encoding': 'identity' }));

      expect(await (await httpFetch(origin)).text()).toBe('raw');
    });

    it.each([204, 304])('returns no body with status %i', async (status) => {
      const { origin } = await startServer((_request, response) => {
        response.writeHead(status);
        response.end();
      });

      const response = await httpFetch(origin);

      expect(response.status).toBe(status);
      expect(response.body).toBeNull();
    });
  });

  describe('failures', () => {
    it('rejects an earlier abort with its reason', async () => {
      const { origin, received } = await startServer(replyText('ok'));
      const reason = new Error('stopped before start');

      await expect(httpFetch(origin, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
      expect(received).toHaveLength(0);
    });

    it('rejects an abort before the headers', async () => {
      const { origin } = await startServer(() => {
        // Never answers.
      });
      const controller = new AbortController();
      const reason = new Error('run interrupted');

      const call = httpFetch(origin, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);

      await expect(call).rejects.toBe(reason);
    });

    it('rejects an abort during the body', async () => {
      const { origin } = await startServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"id":');
      });
      const controller = new AbortController();
      const reason = new Error('run interrupted');

      const call = httpFetch(origin, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);

      await expect(call).rejects.toBe(reason);
    });

    it('rejects when the server cuts the body short', async () => {
      const { origin } = await startServer((_request, response) => {
        response.writeHead(200, { 'content-length': '100' });
        response.write('{"id":');
        setTimeout(() => response.socket?.destroy(), 20);
      });

      await expect(httpFetch(origin)).rejects.toThrow();
    });

    it('rejects a refused connection', async () => {
      const { origin } = await startServer(replyText('ok'));
      server?.close();
      server?.closeAllConnections();
      server = undefined;

      await expect(httpFetch(origin)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    });
  });
});
