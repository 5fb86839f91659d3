import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { ScenarioParseResult } from './parse-scenario.js';
import type { Scenario } from './scenario.js';

/** A valid scenario file's parse result, without the path it was read from. */
export interface SnapshotEntry {
  scenario: Omit<Scenario, 'file'>;
  id: NonNullable<ScenarioParseResult['id']>;
}

/** The parse results of the bundled suite's files, keyed by the SHA-256 of each file's text. */
export interface ScenarioSnapshot {
  format: 1;
  entries: Record<string, SnapshotEntry>;
}

/**
 * The path `npm run build` writes the snapshot to, beside this module in `dist/suite/`. Run from
 * the sources (`src/suite/`, as the unit tests do), the file is missing and every file is parsed.
 */
export const scenarioSnapshotPath = fileURLToPath(new URL('./scenario-snapshot.json', import.meta.url));

/** Computes the key of a file's text in the snapshot. */
export function hashScenarioSource(source: string): string {
  return createHash('sha256').update(source).digest('hex');
}

/**
 * Creates a lookup that returns the parse result a snapshot file contains for this exact text, or
 * undefined. The file is read on the first lookup, and a missing or unreadable one matches nothing.
 */
export function createSnapshotLookup(path: string): (input: { source: string; file: string }) => ScenarioParseResult | undefined {
  let entries: Map<string, SnapshotEntry> | null | undefined;
  return ({ source, file }) => {
    entries ??= readSnapshot(path);
    const entry = entries?.get(hashScenarioSource(source));
    if (!entry) return undefined;
    return { scenario: { ...structuredClone(entry.scenario), file }, id: { ...entry.id }, problems: [] };
  };
}

/**
 * Returns the bundled snapshot's parse result for this exact text, or undefined. Parsing and
 * validating the bundled suite's YAML took about 0.4 s of CPU at each start of `run`. With the
 * snapshot it takes a few milliseconds, and a file whose text is not in it is parsed as before.
 */
export const findSnapshotResult = createSnapshotLookup(scenarioSnapshotPath);

/** Builds a snapshot from parse results, leaving out the files with problems. */
export function buildScenarioSnapshot(files: readonly { source: string; result: ScenarioParseResult }[]): ScenarioSnapshot {
  const entries: Record<string, SnapshotEntry> = {};
  for (const { source, result } of files) {
    if (!result.scenario || !result.id || result.problems.length > 0) continue;
    const { file: _file, ...scenario } = result.scenario;
    entries[hashScenarioSource(source)] = { scenario, id: result.id };
  }
  return { format: 1, entries };
}

/** Reads a snapshot file, or returns null for a missing or unreadable one, so every file is parsed. */
function readSnapshot(path: string): Map<string, SnapshotEntry> | null {
  try {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as Partial<ScenarioSnapshot>;
    return snapshot.format === 1 && snapshot.entries ? new Map(Object.entries(snapshot.entries)) : null;
  } catch {
    return null;
  }
}
