import { SuiteValidationError } from '../error/suite-validation-error.js';
import { hashSuite } from './hash-suite.js';
import type { Suite } from './scenario.js';
import { sortScenariosById } from './sort-scenarios-by-id.js';
import { validateSuite } from './validate-suite.js';

/**
 * Reads the scenario files at `paths` into a suite with its version hash.
 *
 * Paths are read as by {@link validateSuite}. Throws a `SuiteValidationError` that lists every
 * problem when any file is invalid, so a run never starts on part of a suite.
 *
 * @example
 * const suite = await loadSuite(['suites']);
 * console.log(`${suite.scenarios.length} scenarios, version ${suite.hash.slice(0, 12)}`);
 */
export async function loadSuite(paths: string[]): Promise<Suite> {
  const { scenarios, problems, files, metadata } = await validateSuite(paths);
  if (problems.length > 0) {
    throw new SuiteValidationError({ problems, paths });
  }

  const sorted = sortScenariosById(scenarios);
  return { scenarios: sorted, hash: hashSuite(sorted), files, metadata };
}
