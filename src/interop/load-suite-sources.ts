import { readdirSync, statSync } from 'node:fs';
import { RunNotFoundError, SuiteValidationError, type SuiteProblem } from '../error/index.js';
import type { Store } from '../store/index.js';
import { hashSuite, validateSuite, type Scenario, type Suite, type SuiteMetadata } from '../suite/index.js';
import { loadDystopiaModules } from './dystopiabench/load-module.js';

/** The prefix of a source that names a stored run: `run:RUN_ID`. */
export const runSourcePrefix = 'run:';

/**
 * Validates a suite from any mix of sources: YAML scenario files or folders, DystopiaBench
 * scenario modules (`.json` files, or folders of them), and, with a store, `run:RUN_ID` for the
 * scenarios a stored run used. Lists every problem, including ids used by two sources.
 */
export async function validateSuiteSources(
  sources: readonly string[],
  { store }: { store?: Store } = {},
): Promise<{ scenarios: Scenario[]; problems: SuiteProblem[]; files: string[]; metadata: SuiteMetadata[] }> {
  const scenarios: Scenario[] = [];
  const problems: SuiteProblem[] = [];
  const files: string[] = [];
  const metadata: SuiteMetadata[] = [];
  const yamlPaths: string[] = [];
  // A stored scenario keeps the file it was first read from, so a run names itself as `run:RUN_ID` instead.
  const runSourceOf = new Map<Scenario, string>();

  for (const source of sources) {
    if (source.startsWith(runSourcePrefix)) {
      const runScenarios = scenariosOfRun(source.slice(runSourcePrefix.length), store);
      for (const scenario of runScenarios) runSourceOf.set(scenario, source);
      scenarios.push(...runScenarios);
      files.push(source);
    } else if (isModuleSource(source)) {
      try {
        const suite = await loadDystopiaModules([source]);
        scenarios.push(...suite.scenarios);
        files.push(...suite.files);
      } catch (error) {
        if (!(error instanceof SuiteValidationError)) throw error;
        problems.push(...error.problems);
      }
    } else {
      yamlPaths.push(source);
    }
  }
  if (yamlPaths.length > 0) {
    const yaml = await validateSuite(yamlPaths);
    scenarios.push(...yaml.scenarios);
    problems.push(...yaml.problems);
    files.push(...yaml.files);
    metadata.push(...yaml.metadata);
  }

  const sourceOf = (scenario: Scenario): string => runSourceOf.get(scenario) ?? scenario.file ?? 'an unnamed source';
  const seen = new Map<string, Scenario>();
  for (const scenario of scenarios) {
    const other = seen.get(scenario.id);
    if (other) {
      problems.push({
        file: sourceOf(scenario),
        path: 'id',
        message: `id "${scenario.id}" is also used by ${sourceOf(other)}; load only one of them`,
      });
    }
    seen.set(scenario.id, scenario);
  }
  return { scenarios, problems, files, metadata };
}

/** Loads a suite from the sources `validateSuiteSources` reads; throws `SuiteValidationError` on any problem. */
export async function loadSuiteSources(sources: readonly string[], options: { store?: Store } = {}): Promise<Suite> {
  const { scenarios, problems, files, metadata } = await validateSuiteSources(sources, options);
  if (problems.length > 0)
    throw new SuiteValidationError({ problems, paths: sources.filter((source) => !source.startsWith(runSourcePrefix)) });
  const sorted = [...scenarios].sort(compareIds);
  return { scenarios: sorted, hash: hashSuite(sorted), files, metadata };
}

function scenariosOfRun(runId: string, store: Store | undefined): Scenario[] {
  if (!store) throw new Error(`Reading the scenarios of run ${runId} needs the store.`);
  const run = store.getRun(runId);
  if (!run) throw new RunNotFoundError({ runId, storePath: store.path, knownRuns: store.listRuns().map((known) => known.id) });
  return run.scenarios as Scenario[];
}

/** A `.json` file, or a folder that holds `.json` files and no YAML: DystopiaBench modules. */
function isModuleSource(path: string): boolean {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return path.endsWith('.json');
  if (!stats.isDirectory()) return path.endsWith('.json');
  const names = readdirSync(path);
  return names.some((name) => name.endsWith('.json')) && !names.some((name) => /\.ya?ml$/.test(name));
}

/** Orders scenarios by id in code-unit order, the same on every machine and locale. */
function compareIds(a: Scenario, b: Scenario): number {
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
