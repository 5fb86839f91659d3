import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../error/index.js';

/** A GGUF file on this machine. */
export interface LocalGgufSource {
  kind: 'file';
  /** Absolute path of the file. */
  path: string;
}

/** A GGUF file in a Hugging Face model repository, downloaded into the model cache on first use. */
export interface HubGgufSource {
  kind: 'hub';
  owner: string;
  repository: string;
  /** Path of the file inside the repository, such as `Model-Q4_K_M.gguf` or `quants/Model.gguf`. */
  file: string;
}

export type GgufSource = LocalGgufSource | HubGgufSource;

const hubPrefix = 'hf:';
const hubForm = 'hf:OWNER/REPO/FILE.gguf';
// Hugging Face's own rule for user, organisation and repository names.
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Reads what follows `gguf:` in a model spec: `hf:OWNER/REPO/FILE.gguf` for a file on Hugging
 * Face, anything else for a path on this machine, relative to `cwd`. Throws `ConfigError` for a
 * Hugging Face reference that is incomplete or could write outside the model cache.
 */
export function parseGgufTarget(target: string, { cwd = process.cwd() }: { cwd?: string } = {}): GgufSource {
  if (!target.startsWith(hubPrefix)) return { kind: 'file', path: isAbsolute(target) ? target : resolve(cwd, target) };

  const reference = target.slice(hubPrefix.length);
  const [owner = '', repository = '', ...fileSegments] = reference.split('/');
  const file = fileSegments.join('/');
  const problem = !namePattern.test(owner)
    ? `"${owner}" is not a Hugging Face user or organisation name`
    : !namePattern.test(repository)
      ? `"${repository}" is not a repository name`
      : fileSegments.length === 0
        ? 'it names no file'
        : !fileSegments.every(isSafeSegment)
          ? `"${file}" is not a file path inside the repository`
          : !file.toLowerCase().endsWith('.gguf')
            ? `"${file}" is not a .gguf file`
            : undefined;
  if (problem) {
    throw new ConfigError({ message: `Invalid model spec "gguf:${target}": ${problem}. Use gguf:${hubForm} or gguf:PATH.` });
  }
  return { kind: 'hub', owner, repository, file };
}

/** Formats the reference of a Hugging Face file as a spec writes it, without the `gguf:` prefix. */
export function formatHubReference(source: HubGgufSource): string {
  return `${hubPrefix}${source.owner}/${source.repository}/${source.file}`;
}

/** Checks that a path segment stays inside its folder: not empty, not `.` or `..`, no separator or control character. */
function isSafeSegment(segment: string): boolean {
  // eslint-disable-next-line no-control-regex
  return segment.length > 0 && segment !== '.' && segment !== '..' && !/[\\\u0000-\u001f]/.test(segment);
}
