import { dirname, relative, isAbsolute } from 'node:path';
import type { Scenario, SuiteMetadata } from '../../suite/index.js';

/**
 * Finds the suite a scenario came from: the one whose `suite.yaml` folder contains the scenario's
 * file, or the only suite of the run. Returns undefined when neither settles it (an imported run
 * has no suite; scenarios kept without their file name cannot be placed among several suites).
 */
export function findScenarioSuite(scenario: Scenario | undefined, suites: readonly SuiteMetadata[]): SuiteMetadata | undefined {
  if (suites.length === 1) return suites[0];
  if (scenario?.file === undefined) return undefined;
  return suites.find((suite) => suite.file !== undefined && isInside(dirname(suite.file), scenario.file!));
}

function isInside(folder: string, file: string): boolean {
  const path = relative(folder, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
}
