import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConfigError, ModelDownloadError } from '../../error/index.js';
import { startFakeHubServer, type FakeHubServer } from '../../../test/helpers/fake-hub-server.js';
import { defaultGgufModel } from './default-gguf-model.js';
import type { ensureGgufFile } from './ensure-gguf-file.js';
import type { GgufModelEvent } from './gguf-model-event.js';
import type { HubGgufSource } from './parse-gguf-target.js';

const source: HubGgufSource = { kind: 'hub', owner: 'owner', repository: 'repo', file: 'quants/model.gguf' };
const servedPath = '/owner/repo/resolve/main/quants/model.gguf';
const body = Buffer.from('GGUF and then some bytes that stand for weights');
const bodySha256 = createHash('sha256').update(body).digest('hex');

let server: FakeHubServer;
let cacheDir: string;
let env: Record<string, string>;

beforeEach(async () => {
  server = await startFakeHubServer();
  cacheDir = mkdtempSync(join(tmpdir(), 'complicity-cache-'));
  env = { COMPLICITY_CACHE_DIR: cacheDir, HF_ENDPOINT: `${server.url}/` };
});

afterEach(async () => {
  await server.close();
  rmSync(cacheDir, { recursive: true, force: true });
});

/**
 * Imports the module afresh, as a new process would: the files it checked before are forgotten,
 * so the cache on disk is all that carries over.
 */
async function freshEnsure(): Promise<typeof ensureGgufFile> {
  vi.resetModules();
  return (await import('./ensure-gguf-file.js')).ensureGgufFile;
}

const cachedPath = () => join(cacheDir, 'models', 'hf', 'owner', 'repo', 'quants', 'model.gguf');

describe('ensureGgufFile', () => {
  it('downloads into model cache', async () => {
    server.setFile(servedPath, { body });
    const ensure = await freshEnsure();

    const path = await ensure({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env: { ...env, HF_TOKEN: 'hf_secret' } });

    expect(path).toBe(cachedPath());
    expect(readFileSync(path).equals(body)).toBe(true);
    expect(readFileSync(`${path}.sha256`, 'utf8')).toBe(`${bodySha256}  model.gguf\n`);
    expect(server.requests.map((request) => request.path)).toEqual([servedPath]);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer hf_secret');
  });

  it('reuses cached file', async () => {
    server.setFile(servedPath, { body });
    await (
      await freshEnsure()
    )({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env });

    const events: GgufModelEvent[] = [];
    const path = await (
      await freshEnsure()
    )({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env, onEvent: (event) => events.push(event) });

    expect(path).toBe(cachedPath());
    expect(server.requests).toHaveLength(1);
    expect(events).toEqual([]);
  });

  it('downloads again after cache mismatch', async () => {
    server.setFile(servedPath, { body });
    await (
      await freshEnsure()
    )({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env });
    writeFileSync(cachedPath(), 'damaged on disk');

    const events: GgufModelEvent[] = [];
    await (
      await freshEnsure()
    )({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env, onEvent: (event) => events.push(event) });

    expect(events[0]).toMatchObject({ type: 'cache-mismatch', path: cachedPath(), expectedSha256: bodySha256 });
    expect(events.at(-1)).toMatchObject({ type: 'download-end', sha256: bodySha256 });
    expect(readFileSync(cachedPath()).equals(body)).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it('records checksum of placed file', async () => {
    mkdirSync(dirname(cachedPath()), { recursive: true });
    writeFileSync(cachedPath(), body);

    await (
      await freshEnsure()
    )({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env });

    expect(readFileSync(`${cachedPath()}.sha256`, 'utf8')).toBe(`${bodySha256}  model.gguf\n`);
    expect(server.requests).toHaveLength(0);
  });

  it('shares one download between callers', async () => {
    server.setFile(servedPath, { body });
    const ensure = await freshEnsure();

    const paths = await Promise.all([1, 2, 3].map(() => ensure({ source, spec: 'gguf:hf:owner/repo/quants/model.gguf', env })));

    expect(new Set(paths)).toEqual(new Set([cachedPath()]));
    expect(server.requests).toHaveLength(1);
  });

  it('checks default model against known checksum', async () => {
    const pinnedPath = `/${defaultGgufModel.owner}/${defaultGgufModel.repository}/resolve/${defaultGgufModel.revision}/${defaultGgufModel.file}`;
    server.setFile(pinnedPath, { body });

    const error = await (await freshEnsure())({ source: defaultGgufModel, spec: 'gguf:default', env }).catch((caught: unknown) => caught);

    // A fresh import has its own error classes, so the name is checked rather than the class.
    expect(error).toMatchObject({ name: 'ModelDownloadError', reason: 'checksum' });
    expect((error as ModelDownloadError).message).toContain(`not the expected ${defaultGgufModel.sha256}`);
    expect(server.requests.map((request) => request.path)).toEqual([pinnedPath]);
    const folder = join(cacheDir, 'models', 'hf', defaultGgufModel.owner, defaultGgufModel.repository);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('rejects missing local file', async () => {
    const missing = join(cacheDir, 'nowhere.gguf');

    const error = await (
      await freshEnsure()
    )({ source: { kind: 'file', path: missing }, spec: `gguf:${missing}`, env }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ name: 'ConfigError', isUserError: true });
    expect((error as ConfigError).message).toBe(
      `Model file ${missing} of gguf:${missing} does not exist. Give the path of a .gguf file, or gguf:hf:OWNER/REPO/FILE.gguf to download one from Hugging Face.`,
    );
    expect(existsSync(missing)).toBe(false);
  });
});
