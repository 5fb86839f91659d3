import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import type { SuiteProblem } from '../error/suite-validation-error.js';
import { compareProblemPositions, parseYamlFile } from '../yaml-file/index.js';
import { findDuplicateIds, type IdDeclaration } from './find-duplicate-ids.js';
import { findScenarioFiles } from './find-scenario-files.js';
import { parseScenario, type ScenarioParseResult } from './parse-scenario.js';
import { findSnapshotResult } from './scenario-snapshot.js';
import type { Scenario, SuiteMetadata } from './scenario.js';
import { suiteMetadataFileName, suiteMetadataSchema } from './suite-metadata-schema.js';

/**
 * Reads and validates the scenario files at `paths`, collecting every problem of every file.
 *
 * Each path is a scenario file or a directory searched recursively for `*.yaml` and `*.yml`
 * files. `scenarios` contains only the scenarios of files without problems, in file order.
 * `files` lists every scenario file found, including invalid ones. Problems are grouped by file
 * and ordered by position within a file, after the problems with the paths themselves. A
 * `suite.yaml` with the suite's metadata is read into `metadata` and not counted in `files`.
 *
 * @example
 * const { problems } = await validateSuite(['suites']);
 * for (const problem of problems) console.error(formatProblem(problem));
 */
export async function validateSuite(
  paths: string[],
): Promise<{ scenarios: Scenario[]; problems: SuiteProblem[]; files: string[]; metadata: SuiteMetadata[] }> {
  const { files: found, problems } = await findScenarioFiles(paths);
  const files = found.filter((file) => basename(file) !== suiteMetadataFileName);

  const results = new Map<string, ScenarioParseResult>();
  const metadata: SuiteMetadata[] = [];
  for (const file of found) {
    if (basename(file) === suiteMetadataFileName) {
      const read = await readMetadata(file);
      problems.push(...read.problems);
      if (read.data) metadata.push({ ...read.data, file });
      continue;
    }
    results.set(file, await readScenario(file));
  }

  const declarations: IdDeclaration[] = [];
  for (const [file, result] of results) {
    if (result.id !== undefined) {
      declarations.push({ file, id: result.id.value, line: result.id.line, column: result.id.column });
    }
  }
  for (const duplicate of findDuplicateIds(declarations)) {
    const fileProblems = results.get(duplicate.file)?.problems;
    fileProblems?.push(duplicate);
    fileProblems?.sort(compareProblemPositions);
  }

  const scenarios: Scenario[] = [];
  for (const result of results.values()) {
    problems.push(...result.problems);
    if (result.scenario !== undefined && result.problems.length === 0) {
      scenarios.push(result.scenario);
    }
  }

  return { scenarios, problems, files, metadata };
}

async function readMetadata(file: string): Promise<{ data?: Omit<SuiteMetadata, 'file'>; problems: SuiteProblem[] }> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    return { problems: [{ file, path: '', message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const { data, problems } = parseYamlFile({ source, file, schema: suiteMetadataSchema });
  return { data, problems };
}

async function readScenario(file: string): Promise<ScenarioParseResult> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ file, path: '', message: `cannot be read: ${reason}` }] };
  }
  return findSnapshotResult({ source, file }) ?? parseScenario({ source, file });
}
