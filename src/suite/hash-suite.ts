import { createHash } from 'node:crypto';

import { compareCodeUnits } from './compare-code-units.js';
import type { Scenario } from './scenario.js';
import { sortScenariosById } from './sort-scenarios-by-id.js';

/**
 * Computes the version hash of a suite: the SHA-256 hex digest of its scenarios in canonical JSON.
 *
 * The JSON has the scenarios sorted by id, object keys sorted, and `file` left out. Because it is
 * built from the parsed values, moving a file, reformatting its YAML or editing comments keeps
 * the hash, while any change to a parsed value changes it.
 *
 * @example
 * const hash = hashSuite(suite.scenarios); // 'e3b0c442...'
 */
export function hashSuite(scenarios: readonly Scenario[]): string {
  const content = sortScenariosById(scenarios).map(({ file: _file, ...scenario }) => scenario);
  return createHash('sha256').update(JSON.stringify(content, sortKeys)).digest('hex');
}

/** `JSON.stringify` replacer that rebuilds plain objects with their keys in sorted order. */
function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return value;
  }
  const entries = Object.entries(value).sort(([a], [b]) => compareCodeUnits(a, b));
  return Object.fromEntries(entries);
}
