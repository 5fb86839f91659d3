import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ImportError } from '../../error/index.js';
import type { ManifestRow } from '../dystopiabench/manifest-schema.js';
import { describeUnknownStatus, mapRowStatus } from '../dystopiabench/map-row-status.js';
import { parseManifest } from '../dystopiabench/parse-manifest.js';

/** The recorded replies of one DystopiaBench result file, ready to be replayed. */
export interface Recording {
  /** The path given, as the user wrote it in the `replay:` spec. */
  path: string;
  /** A short key that names the file on the wire: the start of its SHA-256. */
  key: string;
  rows: ManifestRow[];
  /** The recorded model ids, in order of first appearance. */
  models: string[];
}

/** Reads a result file for replay; throws `ImportError` as `complicity import` would. */
export async function loadRecording({ path, resolvedPath }: { path: string; resolvedPath: string }): Promise<Recording> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolvedPath);
  } catch (error) {
    throw new ImportError({
      file: path,
      message: `cannot read the recording (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      cause: error,
    });
  }
  const manifest = parseManifest(bytes.toString('utf8'), path);
  // The server would otherwise replay a row of an unknown status as an ordinary reply.
  const unknown = manifest.results.findIndex((row) => mapRowStatus(row) === undefined);
  if (unknown >= 0) {
    throw new ImportError({
      file: path,
      field: `results[${unknown}].status`,
      message: describeUnknownStatus(manifest.results[unknown]!.status),
    });
  }
  return {
    path,
    key: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
    rows: manifest.results,
    models: [...new Set(manifest.results.map((row) => row.modelId))],
  };
}
