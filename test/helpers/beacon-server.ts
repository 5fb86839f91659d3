import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A 1×1 transparent PNG, so that an image the page should never load would load fine if it did. */
const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** A stand-in for a tracking server: it responds to every request and records it. */
export interface BeaconServer {
  /** Base URL without a trailing slash, such as `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The method and path of every request received, such as `GET /reply.png`. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 with an ephemeral port that responds to every request with a
 * 1×1 PNG and records it. Untrusted text under test points its images and links here, so a page
 * that loads any of them leaves a trace.
 *
 * @example
 * const beacon = await startBeaconServer();
 * const payload = `![](${beacon.url}/reply.png)`;
 */
export async function startBeaconServer(): Promise<BeaconServer> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': pixel.length });
    response.end(pixel);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
