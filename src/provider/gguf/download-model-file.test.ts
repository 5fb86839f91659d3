import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelDownloadError } from '../../error/index.js';
import { startFakeHubServer, type FakeHubServer } from '../../../test/helpers/fake-hub-server.js';
import { downloadModelFile } from './download-model-file.js';
import type { GgufModelEvent } from './gguf-model-event.js';

const filePath = '/owner/repo/resolve/main/model.gguf';
const body = Buffer.from(Array.from({ length: 300_000 }, (_, index) => (index * 7) % 256));
const bodySha256 = createHash('sha256').update(body).digest('hex');

let server: FakeHubServer;
let folder: string;
let destination: string;

beforeEach(async () => {
  server = await startFakeHubServer();
  folder = mkdtempSync(join(tmpdir(), 'complicity-download-'));
  destination = join(folder, 'models', 'model.gguf');
});

afterEach(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Files in the destination's folder, so a leftover `.part` or checksum shows up. */
function filesBeside(): string[] {
  return existsSync(join(folder, 'models')) ? readdirSync(join(folder, 'models')).sort() : [];
}

async function downloadError(options: Partial<Parameters<typeof downloadModelFile>[0]>): Promise<ModelDownloadError> {
  const error = await downloadModelFile({ url: `${server.url}${filePath}`, path: destination, label: 'model.gguf', ...options }).catch(
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ModelDownloadError);
  return error as ModelDownloadError;
}

describe('downloadModelFile', () => {
  it('stores file and checksum', async () => {
    server.setFile(filePath, { body });
    const events: GgufModelEvent[] = [];

    const result = await downloadModelFile({
      url: `${server.url}${filePath}`,
      path: destination,
      label: 'model.gguf',
      onEvent: (event) => events.push(event),
    });

    expect(result).toEqual({ sha256: bodySha256, bytes: body.length });
    expect(readFileSync(destination).equals(body)).toBe(true);
    expect(readFileSync(`${destination}.sha256`, 'utf8')).toBe(`${bodySha256}  model.gguf\n`);
    expect(filesBeside()).toEqual(['model.gguf', 'model.gguf.sha256']);
    expect(events[0]).toEqual({
      type: 'download-start',
      file: 'model.gguf',
      url: `${server.url}${filePath}`,
      path: destination,
      totalBytes: body.length,
    });
    expect(events.at(-2)).toEqual({ type: 'download-progress', file: 'model.gguf', receivedBytes: body.length, totalBytes: body.length });
    expect(events.at(-1)).toMatchObject({ type: 'download-end', bytes: body.length, sha256: bodySha256, path: destination });
  });

  it('accepts expected checksum', async () => {
    server.setFile(filePath, { body });

    await downloadModelFile({ url: `${server.url}${filePath}`, path: destination, label: 'model.gguf', expectedSha256: bodySha256 });

    expect(readFileSync(destination).equals(body)).toBe(true);
  });

  it('keeps nothing on checksum mismatch', async () => {
    server.setFile(filePath, { body });
    const expected = 'a'.repeat(64);

    const error = await downloadError({ expectedSha256: expected });

    expect(error.reason).toBe('checksum');
    expect(error.message).toContain(`has SHA-256 ${bodySha256}, not the expected ${expected}; it was deleted`);
    expect(filesBeside()).toEqual([]);
  });

  it('keeps nothing when connection breaks', async () => {
    server.setFile(filePath, { body, breakAfterBytes: 100_000 });

    const error = await downloadError({});

    expect(error.reason).toBe('network');
    expect(filesBeside()).toEqual([]);
  });

  it('explains a 404', async () => {
    const error = await downloadError({});

    expect(error.reason).toBe('http');
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain(`${server.url}${filePath} answered 404 Not Found. Check the owner, repository and file name`);
    expect(error.message).toContain('--model gguf:PATH');
    expect(filesBeside()).toEqual([]);
  });

  it('explains a gated repository', async () => {
    server.setFile(filePath, { body, status: 401 });

    const error = await downloadError({});

    expect(error.message).toContain('set HF_TOKEN');
  });

  it('names fallbacks when unreachable', async () => {
    const closedPort = await findClosedPort();
    const url = `http://127.0.0.1:${closedPort}${filePath}`;

    const error = await downloadError({ url });

    expect(error.reason).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(`fetch ${url} on another machine and put the file at ${destination}`);
    expect(error.message).toContain('run with --model gguf:PATH');
  });

  it('keeps nothing when aborted midway', async () => {
    server.setFile(filePath, { body, stallAfterBytes: 50_000 });
    const controller = new AbortController();
    const reason = new Error('stop');
    const events: GgufModelEvent[] = [];

    const download = downloadModelFile({
      url: `${server.url}${filePath}`,
      path: destination,
      label: 'model.gguf',
      signal: controller.signal,
      onEvent: (event) => {
        events.push(event);
        if (event.type === 'download-start') setTimeout(() => controller.abort(reason), 100);
      },
    });

    await expect(download).rejects.toBe(reason);
    expect(events.map((event) => event.type)).toEqual(['download-start']);
    expect(filesBeside()).toEqual([]);
  });

  it('removes stale partial files only', async () => {
    server.setFile(filePath, { body });
    mkdirSync(join(folder, 'models'));
    writeFileSync(`${destination}.dead.part`, 'left by a killed download');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(`${destination}.dead.part`, twoHoursAgo, twoHoursAgo);
    writeFileSync(`${destination}.live.part`, 'another download in progress');

    await downloadModelFile({ url: `${server.url}${filePath}`, path: destination, label: 'model.gguf' });

    expect(filesBeside()).toEqual(['model.gguf', 'model.gguf.live.part', 'model.gguf.sha256']);
  });
});

/** Finds a loopback port nothing listens on: one the system just handed out and took back. */
async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
