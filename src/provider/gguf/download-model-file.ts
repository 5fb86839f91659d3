import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ModelDownloadError } from '../../error/index.js';
import type { GgufModelEvent } from './gguf-model-event.js';

const progressIntervalMs = 200;
// A partial file untouched for this long belongs to a download that was killed, not one running.
const stalePartMs = 60 * 60 * 1000;

export interface DownloadModelFileOptions {
  url: string;
  /** Destination of the complete file. Nothing is written there until the download passed its checksum. */
  path: string;
  /** The file's name and size for messages, such as `Model-Q4_K_M.gguf (398 MB)`. */
  label: string;
  /** The checksum the file must have; without one, the checksum of what arrived is recorded. */
  expectedSha256?: string;
  headers?: Record<string, string>;
  onEvent?: (event: GgufModelEvent) => void;
  signal?: AbortSignal;
  fetch?: typeof globalThis.fetch;
}

/**
 * Downloads a model file into a temporary `.part` file beside its destination and checks its
 * SHA-256. Only then is the checksum written to `PATH.sha256` and the file renamed into place,
 * so a download that is killed or fails never leaves a file that a later run would use.
 * Throws `ModelDownloadError`, and rethrows the signal's reason on an abort.
 */
export async function downloadModelFile(options: DownloadModelFileOptions): Promise<{ sha256: string; bytes: number }> {
  const { url, path, label, signal } = options;
  const fail = failureBuilder(options);
  const file = basename(path);

  await createFolder(path, fail);
  await removeStaleParts(path);

  const started = performance.now();
  const response = await (options.fetch ?? globalThis.fetch)(url, { headers: options.headers, signal, redirect: 'follow' }).catch(
    (error: unknown) => {
      if (signal?.aborted) throw signal.reason;
      throw fail('network', `Could not download the model file ${label}: ${describeNetworkError(error)}.`, error);
    },
  );
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => {});
    throw fail(
      'http',
      httpFailureMessage({ label, url, status: response.status, statusText: response.statusText }),
      undefined,
      response.status,
    );
  }

  const totalBytes = parseLength(response.headers.get('content-length'));
  options.onEvent?.({ type: 'download-start', file, url, path, totalBytes });

  const partPath = `${path}.${randomBytes(4).toString('hex')}.part`;
  try {
    const { sha256, bytes } = await writeBody({ body: response.body, partPath, file, totalBytes, onEvent: options.onEvent, signal, fail });
    if (totalBytes !== undefined && bytes !== totalBytes) {
      throw fail(
        'network',
        `The download of ${label} from ${url} ended after ${bytes} of ${totalBytes} bytes; the partial file was deleted.`,
      );
    }
    if (options.expectedSha256 !== undefined && sha256 !== options.expectedSha256) {
      throw fail(
        'checksum',
        `The model file ${label} downloaded from ${url} has SHA-256 ${sha256}, not the expected ${options.expectedSha256}; it was deleted. The file on the server changed or was altered on the way.`,
      );
    }
    // The checksum goes first, so a file in place always has its checksum beside it.
    await writeChecksum(path, sha256).catch((error: unknown) => {
      throw fail('file-system', `Could not write ${path}.sha256: ${errorText(error)}.`, error);
    });
    await rename(partPath, path).catch((error: unknown) => {
      throw fail('file-system', `Could not move the downloaded file to ${path}: ${errorText(error)}.`, error);
    });
    options.onEvent?.({ type: 'download-end', file, path, bytes, sha256, durationMs: Math.round(performance.now() - started) });
    return { sha256, bytes };
  } finally {
    await rm(partPath, { force: true });
  }
}

/** Writes `HASH  FILE` beside the file, the format `sha256sum -c` reads. */
export async function writeChecksum(path: string, sha256: string): Promise<void> {
  const checksumPath = `${path}.sha256`;
  const temporary = `${checksumPath}.${randomBytes(4).toString('hex')}.part`;
  await writeFile(temporary, `${sha256}  ${basename(path)}\n`);
  await rename(temporary, checksumPath);
}

async function writeBody({
  body,
  partPath,
  file,
  totalBytes,
  onEvent,
  signal,
  fail,
}: {
  body: ReadableStream<Uint8Array>;
  partPath: string;
  file: string;
  totalBytes: number | undefined;
  onEvent: DownloadModelFileOptions['onEvent'];
  signal: AbortSignal | undefined;
  fail: FailureBuilder;
}): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let receivedBytes = 0;
  let lastReport = performance.now();
  const count = async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      hash.update(chunk);
      receivedBytes += chunk.length;
      if (performance.now() - lastReport >= progressIntervalMs) {
        lastReport = performance.now();
        onEvent?.({ type: 'download-progress', file, receivedBytes, totalBytes });
      }
      yield chunk;
    }
  };

  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  const target = createWriteStream(partPath, { flags: 'wx' });
  try {
    await pipeline(source, count, target, { signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    // A failure of the write stream (ENOSPC, EACCES) is the disk's; any other is the connection's.
    if (target.errored)
      throw fail('file-system', `Could not write the model file at ${partPath}: ${errorText(target.errored)}.`, target.errored);
    throw fail('network', `The download of ${file} broke off after ${receivedBytes} bytes: ${describeNetworkError(error)}.`, error);
  }
  onEvent?.({ type: 'download-progress', file, receivedBytes, totalBytes });
  return { sha256: hash.digest('hex'), bytes: receivedBytes };
}

type FailureBuilder = (reason: ModelDownloadError['reason'], message: string, cause?: unknown, statusCode?: number) => ModelDownloadError;

/** Builds errors that end with what the user can do instead, which depends on the reason. */
function failureBuilder({ url, path }: DownloadModelFileOptions): FailureBuilder {
  const elsewhere = `To use a copy you have, run with --model gguf:PATH.`;
  return (reason, message, cause, statusCode) => {
    const next =
      reason === 'network'
        ? `Without network access, fetch ${url} on another machine and put the file at ${path}, or run with --model gguf:PATH to use a copy you have.`
        : reason === 'file-system'
          ? `Set COMPLICITY_CACHE_DIR to a writable folder with enough space. ${elsewhere}`
          : reason === 'checksum'
            ? `Run the command again to retry. ${elsewhere}`
            : elsewhere;
    return new ModelDownloadError({ message: `${message} ${next}`, reason, url, path, statusCode, cause });
  };
}

function httpFailureMessage({
  label,
  url,
  status,
  statusText,
}: {
  label: string;
  url: string;
  status: number;
  statusText: string;
}): string {
  const answered = `Could not download the model file ${label}: ${url} answered ${status}${statusText ? ` ${statusText}` : ''}.`;
  if (status === 404) return `${answered} Check the owner, repository and file name in the model spec.`;
  if (status === 401 || status === 403) {
    return `${answered} The repository may be gated or private: accept its terms on Hugging Face and set HF_TOKEN to an access token.`;
  }
  return `${answered} Try again later.`;
}

async function createFolder(path: string, fail: FailureBuilder): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw fail('file-system', `Could not create the model cache folder ${dirname(path)}: ${errorText(error)}.`, error);
  }
}

/** Deletes `.part` files of this destination left by downloads that were killed. */
async function removeStaleParts(path: string): Promise<void> {
  const folder = dirname(path);
  const prefix = `${basename(path)}.`;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.part')) continue;
    const partPath = join(folder, name);
    const details = await stat(partPath).catch(() => undefined);
    if (details && Date.now() - details.mtimeMs > stalePartMs) await rm(partPath, { force: true });
  }
}

/** Names the network failure the way the system reported it, such as `getaddrinfo ENOTFOUND huggingface.co`. */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  return errorText(cause ?? error);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseLength(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
