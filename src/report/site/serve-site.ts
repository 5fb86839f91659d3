import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../../error/index.js';

/** The only address the server listens on: the site is for the machine it runs on. */
export const siteServerHost = '127.0.0.1';

/** Content types by file extension; anything else is served as bytes. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** One request the server answered, for a log line. */
export interface ServedRequest {
  method: string;
  /** The path as requested, before decoding. */
  path: string;
  status: number;
}

/** A running site server. */
export interface SiteServer {
  /** The site's address, such as `http://127.0.0.1:8000/`. */
  url: string;
  port: number;
  /** Stops accepting requests, ends open connections and resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves the files of a site folder over HTTP on 127.0.0.1 only, for GET and HEAD. A path that
 * leaves the folder, by `..`, an encoded `..` or a symbolic link, is answered 403; a missing file
 * 404. Port 0 takes a free port. Throws `UsageError` when the folder holds no `index.html` or the
 * port is taken.
 *
 * @example
 * const server = await startSiteServer({ folder: '.complicity/site', port: 0 });
 * console.log(server.url);
 */
export async function startSiteServer({
  folder,
  port,
  onRequest,
}: {
  folder: string;
  port: number;
  onRequest?: (request: ServedRequest) => void;
}): Promise<SiteServer> {
  const root = resolve(folder);
  const folderStats = statSync(root, { throwIfNoEntry: false });
  if (folderStats?.isFile()) {
    throw new UsageError({
      message: `--dir must be the site's folder, got the file ${root}. Use: complicity serve --dir ${dirname(folder) || '.'}`,
    });
  }
  if (!statSync(join(root, 'index.html'), { throwIfNoEntry: false })?.isFile()) {
    throw new UsageError({
      message: `No site in ${root}: index.html was not found. Give --dir the folder that complicity report wrote (.complicity/site by default), or write a site into a new folder with: complicity report --out NEW_FOLDER`,
    });
  }
  const realRoot = realpathSync(root);
  const server = createServer((request, response) => {
    const status = answer({ root, realRoot, request, response });
    onRequest?.({ method: request.method ?? '', path: request.url ?? '', status });
  });
  await listen(server, port);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `http://${siteServerHost}:${boundPort}/`,
    port: boundPort,
    close: () =>
      new Promise((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        // A browser keeps its connections open; without this, close() would wait for them.
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolveListen, rejectListen) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        rejectListen(
          new UsageError({
            message: `Port ${port} on ${siteServerHost} is in use. Choose another with --port N, or --port 0 for a free one.`,
          }),
        );
      } else if (error.code === 'EACCES') {
        rejectListen(new UsageError({ message: `Port ${port} needs privileges this process lacks. Choose one above 1023 with --port N.` }));
      } else {
        rejectListen(error);
      }
    });
    server.listen(port, siteServerHost, () => resolveListen());
  });
}

/** Answers one request and returns its status code. */
function answer({
  root,
  realRoot,
  request,
  response,
}: {
  root: string;
  realRoot: string;
  request: IncomingMessage;
  response: ServerResponse;
}): number {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendStatus(response, 405, { Allow: 'GET, HEAD' });

  const rawPath = (request.url ?? '/').split(/[?#]/)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return sendStatus(response, 400);
  }
  if (!path.startsWith('/') || path.includes('\0')) return sendStatus(response, 400);
  // Checked after decoding, so `%2e%2e` and `%2f` cannot hide a step out of the folder; `\` separates on Windows.
  if (path.split(/[/\\]/).includes('..')) return sendStatus(response, 403);

  let file = resolve(root, `.${path}`);
  if (!isInside(root, file)) return sendStatus(response, 403);
  let stats = statSync(file, { throwIfNoEntry: false });
  if (stats?.isDirectory()) {
    file = join(file, 'index.html');
    stats = statSync(file, { throwIfNoEntry: false });
  }
  if (!stats?.isFile()) return sendStatus(response, 404);
  // A symbolic link inside the folder may point outside it.
  if (!isInside(realRoot, realpathSync(file))) return sendStatus(response, 403);

  response.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stats.size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return 200;
  }
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
  return 200;
}

function sendStatus(response: ServerResponse, status: number, headers: Record<string, string> = {}): number {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed' }[status] ?? String(status);
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  response.end(`${status} ${text}\n`);
  return status;
}

function isInside(folder: string, path: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (fromFolder.split(sep)[0] !== '..' && !isAbsolute(fromFolder));
}
