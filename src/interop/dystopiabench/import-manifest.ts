import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { z } from 'zod';
import { ImportError } from '../../error/index.js';
import type { Store } from '../../store/index.js';
import { buildImportedRun, importedRunId } from './build-imported-run.js';
import { manifestSchema, supportedSchemaVersions, type Manifest } from './manifest-schema.js';

/** What importing one file did. */
export interface ImportResult {
  file: string;
  runId: string;
  /** `already-imported` when the same file (by SHA-256) is in the store already; nothing was written. */
  outcome: 'imported' | 'already-imported';
  rows: number;
  models: string[];
  schemaVersion: number;
}

/**
 * Imports one DystopiaBench result manifest (schema versions 2 to 7) into the store as a run, in
 * one transaction: a file that fails anywhere leaves the store as it was. Throws `ImportError`
 * naming the file and the field.
 */
export async function importManifest({ store, path }: { store: Store; path: string }): Promise<ImportResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ImportError({
      file: path,
      message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      cause: error,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const manifest = parseManifest(bytes.toString('utf8'), path);

  const existing = store.getRun(importedRunId(sha256));
  if (existing) {
    return {
      file: path,
      runId: existing.id,
      outcome: 'already-imported',
      rows: manifest.results.length,
      models: [],
      schemaVersion: manifest.schemaVersion,
    };
  }

  const imported = buildImportedRun({ manifest, file: basename(path), sha256 });
  store.transaction(() => {
    store.createRun(imported.run);
    for (const { turn, verdicts, panel } of imported.turns) {
      const turnId = store.saveTurn({ ...turn, runId: imported.run.id });
      const createdAt = turn.finishedAt;
      for (const verdict of verdicts) {
        store.saveVerdict({
          ...verdict,
          turnId,
          promptVersion: imported.promptVersion,
          promptHash: imported.promptHash,
          attempts: 1,
          createdAt,
        });
      }
      if (panel) {
        const scored = panel.votes.filter((vote) => vote.label !== null);
        const agreement =
          panel.label === null || scored.length === 0 ? null : scored.filter((vote) => vote.label === panel.label).length / scored.length;
        store.savePanel({ turnId, judges: imported.config.judges.slice().sort().join(','), ...panel, agreement, createdAt });
      }
    }
  });
  const config = imported.config;
  return {
    file: path,
    runId: imported.run.id,
    outcome: 'imported',
    rows: imported.turns.length,
    models: config.models,
    schemaVersion: manifest.schemaVersion,
  };
}

function parseManifest(text: string, file: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportError({ file, message: `not valid JSON (${(error as Error).message})`, cause: error });
  }
  if (typeof data === 'object' && data !== null && 'scenarios' in data && !('results' in data)) {
    throw new ImportError({ file, message: 'this is a DystopiaBench scenario module, not a result file; run it with --suite instead' });
  }

  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  const numericVersion = typeof version === 'string' ? Number(version) : version;
  if (typeof numericVersion !== 'number' || numericVersion < supportedSchemaVersions.min || numericVersion > supportedSchemaVersions.max) {
    throw new ImportError({
      file,
      field: 'schemaVersion',
      message: `${version === undefined ? 'missing' : `version ${JSON.stringify(version)} is not supported`}; Complicity reads DystopiaBench result files of schema versions ${supportedSchemaVersions.min} to ${supportedSchemaVersions.max}`,
    });
  }

  const parsed = manifestSchema.safeParse(data);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues;
    const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})` : '';
    throw new ImportError({ file, field: formatPath(first!.path), message: `${describe(first!)}${more}` });
  }
  return parsed.data;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) return `missing; expected ${issue.expected}`;
  return issue.message;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, segment) => (typeof segment === 'number' ? `${text}[${segment}]` : text ? `${text}.${String(segment)}` : String(segment)),
    '',
  );
}
