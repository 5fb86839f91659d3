import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../error/index.js';
import { findKnownGgufFile } from './default-gguf-model.js';
import { downloadModelFile, writeChecksum } from './download-model-file.js';
import type { GgufModelEvent } from './gguf-model-event.js';
import { modelCacheDir } from './model-cache-dir.js';
import type { GgufSource, HubGgufSource } from './parse-gguf-target.js';
import { sha256OfFile } from './sha256-of-file.js';

/** Environment variable with the base URL of the Hugging Face hub or a mirror, as huggingface_hub reads it. */
export const hubEndpointVariable = 'HF_ENDPOINT';
const defaultHubEndpoint = 'https://huggingface.co';

// Files checked in this process, so the CLI's preparation and the model's first call share one check.
const checkedFiles = new Map<string, Promise<string>>();

export interface EnsureGgufFileOptions {
  source: GgufSource;
  /** The spec as the user wrote it, for messages. */
  spec: string;
  env?: Record<string, string | undefined>;
  onEvent?: (event: GgufModelEvent) => void;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

/**
 * Returns the path of a model's GGUF file once it is usable. A local file must exist. A
 * Hugging Face file is taken from the model cache after its checksum matches (the known one,
 * or the one recorded when it was downloaded), and downloaded when it is missing or does not
 * match. Throws `ConfigError` for a missing local file and `ModelDownloadError` for a failed
 * download.
 */
export function ensureGgufFile(options: EnsureGgufFileOptions): Promise<string> {
  const { source } = options;
  if (source.kind === 'file') return checkLocalFile(source.path, options.spec);

  const path = hubFilePath(source, options.env);
  let checked = checkedFiles.get(path);
  if (!checked) {
    checked = ensureHubFile({ ...options, source, path });
    checkedFiles.set(path, checked);
    // A failure is not remembered, so a later call tries again.
    checked.catch(() => checkedFiles.delete(path));
  }
  return checked;
}

/** Builds the download URL of a Hugging Face file: at the pinned revision for a known file, else at `main`. */
export function hubFileUrl(source: HubGgufSource, env: Record<string, string | undefined> = process.env): string {
  const base = (env[hubEndpointVariable]?.trim() || defaultHubEndpoint).replace(/\/+$/, '');
  const revision = findKnownGgufFile(source)?.revision ?? 'main';
  const file = source.file.split('/').map(encodeURIComponent).join('/');
  return `${base}/${encodeURIComponent(source.owner)}/${encodeURIComponent(source.repository)}/resolve/${revision}/${file}`;
}

/** Returns the path a Hugging Face file is kept at: `hf/OWNER/REPO/FILE` inside the model cache. */
export function hubFilePath(source: HubGgufSource, env: Record<string, string | undefined> = process.env): string {
  return join(modelCacheDir({ env }), 'hf', source.owner, source.repository, ...source.file.split('/'));
}

async function checkLocalFile(path: string, spec: string): Promise<string> {
  const details = await stat(path).catch(() => undefined);
  if (details?.isFile()) return path;
  const problem = details ? 'is not a file' : 'does not exist';
  throw new ConfigError({
    message: `Model file ${path} of ${spec} ${problem}. Give the path of a .gguf file, or gguf:hf:OWNER/REPO/FILE.gguf to download one from Hugging Face.`,
  });
}

async function ensureHubFile(options: EnsureGgufFileOptions & { source: HubGgufSource; path: string }): Promise<string> {
  const { source, path, env = process.env, onEvent } = options;
  const known = findKnownGgufFile(source);

  if ((await stat(path).catch(() => undefined))?.isFile()) {
    const expected = known?.sha256 ?? (await readChecksum(path));
    const actual = await sha256OfFile(path);
    if (expected === undefined) {
      // A file put in the cache by hand: its checksum is recorded now and checked from then on.
      await writeChecksum(path, actual);
      return path;
    }
    if (actual === expected) return path;
    onEvent?.({ type: 'cache-mismatch', file: source.file, path, expectedSha256: expected, actualSha256: actual });
    await rm(path, { force: true });
    await rm(`${path}.sha256`, { force: true });
  }

  const token = env['HF_TOKEN']?.trim();
  await downloadModelFile({
    url: hubFileUrl(source, env),
    path,
    label: known ? `${source.file} (${known.displaySize})` : source.file,
    expectedSha256: known?.sha256,
    headers: token ? { authorization: `Bearer ${token}` } : undefined,
    onEvent,
    signal: options.signal,
    fetch: options.fetch,
  });
  return path;
}

/** Reads the checksum recorded beside a file, if there is a readable one. */
async function readChecksum(path: string): Promise<string | undefined> {
  const text = await readFile(`${path}.sha256`, 'utf8').catch(() => undefined);
  const match = text?.match(/^([0-9a-f]{64})\b/);
  return match?.[1];
}
