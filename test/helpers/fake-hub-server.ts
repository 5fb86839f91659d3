import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How the fake hub responds to a request for one file. */
export interface FakeHubFile {
  body: Buffer;
  /** Respond with this status and a short text body instead. */
  status?: number;
  /** Send only this many bytes of the body, then close the connection although Content-Length promised more. */
  breakAfterBytes?: number;
  /** Send this many bytes of the body, then stop sending and keep the connection open. */
  stallAfterBytes?: number;
}

export interface FakeHubServer {
  /** Base URL for `HF_ENDPOINT`, without a trailing slash. */
  readonly url: string;
  /** Paths and headers of every request received, in order. */
  readonly requests: ReadonlyArray<{ path: string; headers: IncomingHttpHeaders }>;
  /** Serves `file` at `/OWNER/REPO/resolve/REVISION/FILE`. */
  setFile(path: string, file: FakeHubFile): void;
  close(): Promise<void>;
}

/**
 * Starts a stand-in for Hugging Face's file downloads on 127.0.0.1 with an ephemeral port. It
 * responds to a path set with `setFile` with that file, in chunks so progress can be seen, and
 * to any other path with 404.
 */
export async function startFakeHubServer(): Promise<FakeHubServer> {
  const files = new Map<string, FakeHubFile>();
  const requests: Array<{ path: string; headers: IncomingHttpHeaders }> = [];
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    requests.push({ path, headers: request.headers });
    const file = files.get(path);
    if (!file || file.status !== undefined) {
      response.writeHead(file?.status ?? 404, { 'content-type': 'text/plain' }).end(file ? 'refused' : 'Entry not found');
      return;
    }

    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.body.length) });
    const limit = file.breakAfterBytes ?? file.stallAfterBytes ?? file.body.length;
    const chunkSize = 16 * 1024;
    for (let offset = 0; offset < limit; offset += chunkSize)
      response.write(file.body.subarray(offset, Math.min(offset + chunkSize, limit)));
    if (file.breakAfterBytes !== undefined) response.socket?.destroy();
    else if (file.stallAfterBytes === undefined) response.end();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFile: (path, file) => files.set(path, file),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
