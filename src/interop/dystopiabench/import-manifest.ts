import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from '../../error/index.js';
import type { Store } from '../../store/index.js';
import { buildImportedRun, importedRunId, type ImportedRun } from './build-imported-run.js';
import type { Manifest } from './manifest-schema.js';
import { parseManifest } from './parse-manifest.js';

/** The outcome of importing one file. */
export interface ImportResult {
  file: string;
  runId: string;
  /** `already-imported` when the same file (by SHA-256) is in the store already; nothing was written. */
  outcome: 'imported' | 'already-imported';
  rows: number;
  models: string[];
  schemaVersion: number;
}

/** A result file read and converted, ready to store. */
export interface ResultFile {
  sha256: string;
  manifest: Manifest;
  imported: ImportedRun;
}

/**
 * Reads one DystopiaBench result manifest (schema versions 2 to 7) and converts it to a run,
 * without touching the store. Throws `ImportError` naming the file and the field, so a command
 * can check every file before it creates a store.
 */
export async function readResultFile(path: string): Promise<ResultFile> {
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
  return { sha256, manifest, imported: buildImportedRun({ manifest, file: basename(path), sha256 }) };
}

/**
 * Imports one DystopiaBench result manifest (schema versions 2 to 7) into the store as a run, in
 * one transaction: a file that fails anywhere leaves the store as it was. Throws `ImportError`
 * naming the file and the field.
 */
export async function importManifest({ store, path }: { store: Store; path: string }): Promise<ImportResult> {
  const { sha256, manifest, imported } = await readResultFile(path);
  const existing = store.getRun(importedRunId(sha256));
  if (existing) {
    return {
      file: path,
      runId: existing.id,
      outcome: 'already-imported',
      rows: manifest.results.length,
      models: [...new Set(manifest.results.map((row) => row.modelId))],
      schemaVersion: manifest.schemaVersion,
    };
  }

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
