import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../error/index.js';
import { startSiteServer, type ServedRequest, type SiteServer } from './serve-site.js';

/** A response as received, with the body as text. */
interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Text of a file outside the site's folder, which no request may ever receive. */
const secret = 'SECRET-OUTSIDE-THE-SITE';

/**
 * Sends a request with the target exactly as given. `fetch` would resolve `..` and normalise
 * the path before sending, so it could not send the requests an attacker would.
 */
function send(port: number, target: string, method = 'GET', host = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host, port, method, path: target, agent: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Resolves with the connection error code, or `connected` when something accepts the connection. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('startSiteServer', () => {
  let workDir: string;
  let siteDir: string;
  let server: SiteServer;
  const served: ServedRequest[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'complicity-serve-'));
    siteDir = join(workDir, 'site');
    mkdirSync(join(siteDir, 'data', 'runs', 'run-1'), { recursive: true });
    mkdirSync(join(siteDir, 'empty-folder'));
    writeFileSync(join(siteDir, 'index.html'), '<!doctype html><title>site</title>');
    writeFileSync(join(siteDir, 'app.js'), 'console.log(1);');
    writeFileSync(join(siteDir, 'app.css'), 'body {}');
    writeFileSync(join(siteDir, 'data', 'index.js'), 'complicitySiteData("index", {});');
    writeFileSync(join(siteDir, 'data', 'runs', 'run-1', 'summary.js'), 'complicitySiteData("runs/run-1/summary", {});');
    writeFileSync(join(siteDir, 'chart.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(siteDir, 'notes.unknownext'), 'bytes');
    writeFileSync(join(workDir, 'secret.txt'), secret);
    // A file beside the site whose path starts with the folder's, which a prefix check would let through.
    writeFileSync(join(workDir, 'site-secret.txt'), secret);
    symlinkSync(join(workDir, 'site-secret.txt'), join(siteDir, 'link-to-sibling.txt'));
    symlinkSync(join(workDir, 'secret.txt'), join(siteDir, 'link-to-secret.txt'));
    symlinkSync(workDir, join(siteDir, 'link-to-parent'));
    server = await startSiteServer({ folder: siteDir, port: 0, onRequest: (request) => served.push(request) });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(await tryConnect('127.0.0.1', server.port)).toBe('connected');
    // Bound to 0.0.0.0, the server would accept 127.0.0.2 too, and bound to ::, both of these.
    expect(await tryConnect('127.0.0.2', server.port)).toBe('ECONNREFUSED');
    expect(await tryConnect('::1', server.port)).toMatch(/^(ECONNREFUSED|EADDRNOTAVAIL|EAFNOSUPPORT)$/);
  });

  it.each([
    ['/', 'text/html; charset=utf-8', '<!doctype html><title>site</title>'],
    ['/index.html', 'text/html; charset=utf-8', '<!doctype html><title>site</title>'],
    ['/app.js', 'text/javascript; charset=utf-8', 'console.log(1);'],
    ['/app.css', 'text/css; charset=utf-8', 'body {}'],
    ['/data/index.js', 'text/javascript; charset=utf-8', 'complicitySiteData("index", {});'],
    ['/data/runs/run-1/summary.js?cache=1', 'text/javascript; charset=utf-8', 'complicitySiteData("runs/run-1/summary", {});'],
    ['/notes.unknownext', 'application/octet-stream', 'bytes'],
  ])('serves %s as %s', async (target, contentType, body) => {
    const response = await send(server.port, target);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe(contentType);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body).toBe(body);
  });

  it('serves images by their type', async () => {
    const response = await send(server.port, '/chart.png');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['content-length']).toBe('4');
  });

  it.each([
    ['/../secret.txt', 403],
    ['/data/../../secret.txt', 403],
    ['/%2e%2e/secret.txt', 403],
    ['/%2E%2E/secret.txt', 403],
    ['/data/%2e%2e%2f%2e%2e%2fsecret.txt', 403],
    ['/..%2fsecret.txt', 403],
    ['/..%5csecret.txt', 403],
    ['/..\\secret.txt', 403],
    ['/%2e%2e%5c..%5csecret.txt', 403],
    ['/link-to-secret.txt', 403],
    ['/link-to-sibling.txt', 403],
    ['/link-to-parent/secret.txt', 403],
    ['/etc/passwd', 404],
    ['//etc/passwd', 404],
    ['/%2fetc%2fpasswd', 404],
    ['secret.txt', 400],
    ['/%zz', 400],
    ['/index.html%00.js', 400],
  ])('rejects %s with %i', async (target, status) => {
    const response = await send(server.port, target);
    expect(response.status).toBe(status);
    expect(response.body).not.toContain(secret);
    expect(response.body).not.toContain('root:');
  });

  it('looks up absolute paths inside the folder', async () => {
    // The path of the secret file, absolute, must be looked up under the site's folder, where it does not exist.
    for (const target of [join(workDir, 'secret.txt'), `/${encodeURIComponent(join(workDir, 'secret.txt'))}`]) {
      const response = await send(server.port, target);
      expect(response.status, target).toBe(404);
      expect(response.body, target).not.toContain(secret);
    }
  });

  it.each([['/missing.js'], ['/data/runs/run-2/summary.js'], ['/empty-folder/'], ['/empty-folder']])(
    'answers %s with 404',
    async (target) => {
      const response = await send(server.port, target);
      expect(response.status).toBe(404);
      expect(response.body).toBe('404 Not Found\n');
    },
  );

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await send(server.port, '/data/index.js', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.headers['content-length']).toBe(String('complicitySiteData("index", {});'.length));
    expect(response.body).toBe('');
  });

  it.each([['POST'], ['PUT'], ['DELETE'], ['PATCH'], ['OPTIONS']])('rejects %s with 405', async (method) => {
    const response = await send(server.port, '/index.html', method);
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, HEAD');
  });

  it('reports every request with its status', async () => {
    served.length = 0;
    await send(server.port, '/app.css');
    await send(server.port, '/missing.js');
    await send(server.port, '/%2e%2e/secret.txt');
    expect(served).toEqual([
      { method: 'GET', path: '/app.css', status: 200 },
      { method: 'GET', path: '/missing.js', status: 404 },
      { method: 'GET', path: '/%2e%2e/secret.txt', status: 403 },
    ]);
  });

  it('rejects a folder without index.html', async () => {
    await expect(startSiteServer({ folder: join(siteDir, 'data'), port: 0 })).rejects.toThrow(UsageError);
    await expect(startSiteServer({ folder: join(siteDir, 'data'), port: 0 })).rejects.toThrow(/index\.html was not found/);
  });

  it('points at the folder when given index.html', async () => {
    const attempt = startSiteServer({ folder: join(siteDir, 'index.html'), port: 0 });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(`Use: complicity serve --dir ${siteDir}`);
  });

  it('rejects a port in use', async () => {
    const attempt = startSiteServer({ folder: siteDir, port: server.port });
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(`Port ${server.port} on 127.0.0.1 is in use`);
  });
});
