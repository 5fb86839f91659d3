import { readFile } from 'node:fs/promises';

import { SuiteValidationError, type SuiteProblem } from '../../error/suite-validation-error.js';
import { hashSuite, type Scenario, type Suite } from '../../suite/index.js';
import { findModuleFiles } from './find-module-files.js';
import { parseModule, type ModuleParseResult, type ScenarioIdDeclaration } from './parse-module.js';
import { toScenario } from './to-scenario.js';

/**
 * Reads DystopiaBench scenario modules into a suite of our scenarios, with its version hash.
 *
 * Each path is a module JSON file or a directory whose `*.json` files, directly inside it, are
 * read in name order. Every scenario keeps its id and title, takes its family from its category
 * (or its module), and gets the tags `dystopiabench` and the module id. Scenario ids must be
 * unique across all the modules read together. Throws a `SuiteValidationError` that lists every
 * problem of every file when any is invalid, so a run never starts on part of the modules.
 *
 * @example
 * const suite = await loadDystopiaModules(['dystopiabench/scenarios']);
 * console.log(`${suite.scenarios.length} scenarios, version ${suite.hash.slice(0, 12)}`);
 */
export async function loadDystopiaModules(paths: string[]): Promise<Suite> {
  const { files, problems } = await findModuleFiles(paths);

  const results = new Map<string, ModuleParseResult>();
  for (const file of files) {
    results.set(file, await readModule(file));
  }

  for (const duplicate of findDuplicateScenarioIds([...results.values()].flatMap((result) => result.ids))) {
    results.get(duplicate.file)?.problems.push(duplicate);
  }

  const scenarios: Scenario[] = [];
  for (const [file, { module, problems: fileProblems }] of results) {
    if (module !== undefined) {
      for (const [index, scenario] of module.scenarios.entries()) {
        const converted = toScenario({ module, scenario, index, file });
        if ('problem' in converted) {
          fileProblems.push(converted.problem);
        } else {
          scenarios.push(converted.scenario);
        }
      }
    }
    problems.push(...fileProblems);
  }

  if (problems.length > 0) {
    throw new SuiteValidationError({ problems, paths });
  }

  const sorted = scenarios.sort(compareIds);
  return { scenarios: sorted, hash: hashSuite(sorted), files };
}

async function readModule(file: string): Promise<ModuleParseResult> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ids: [], problems: [{ file, path: '', message: `cannot be read: ${reason}` }] };
  }
  return parseModule({ source, file });
}

/**
 * Reports every declaration of a scenario id that another declaration also uses, in the same
 * module or another one. Each declaration of a clash gets its own problem naming the others.
 */
function findDuplicateScenarioIds(declarations: ScenarioIdDeclaration[]): SuiteProblem[] {
  const declarationsById = new Map<string, ScenarioIdDeclaration[]>();
  for (const declaration of declarations) {
    declarationsById.set(declaration.id, [...(declarationsById.get(declaration.id) ?? []), declaration]);
  }

  const problems: SuiteProblem[] = [];
  for (const declaration of declarations) {
    const others = (declarationsById.get(declaration.id) ?? []).filter((other) => other !== declaration);
    if (others.length > 0) {
      problems.push({
        file: declaration.file,
        path: declaration.path,
        message: `id "${declaration.id}" is also used by ${others.map((other) => describeDeclaration(other, declaration.file)).join(', ')}; give each scenario a unique id`,
      });
    }
  }
  return problems;
}

/** Names where an id is declared, leaving out the file when it is `currentFile`. */
function describeDeclaration(declaration: ScenarioIdDeclaration, currentFile: string): string {
  return declaration.file === currentFile ? declaration.path : `${declaration.path} of ${declaration.file}`;
}

/** Orders scenarios by id in UTF-16 code-unit order, as the suite loader does. */
function compareIds(a: Scenario, b: Scenario): number {
  if (a.id < b.id) {
    return -1;
  }
  if (a.id > b.id) {
    return 1;
  }
  return 0;
}
