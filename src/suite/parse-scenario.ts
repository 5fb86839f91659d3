import type { SuiteProblem } from '../error/suite-validation-error.js';
import { parseYamlFile, type SourcePosition } from '../yaml-file/index.js';
import type { Scenario } from './scenario.js';
import { scenarioSchema } from './scenario-schema.js';

/** The outcome of parsing one scenario file. */
export interface ScenarioParseResult {
  /** The scenario, present only when the file has no problems. */
  scenario?: Scenario;
  /**
   * The `id` field and its position when it is a string, even if the file has other problems,
   * so that duplicate ids across files can still be found.
   */
  id?: { value: string } & Partial<SourcePosition>;
  /** Every problem in the file, ordered by position. */
  problems: SuiteProblem[];
}

/**
 * Parses and validates the YAML source of one scenario file.
 *
 * Reads nothing from disk: `file` is only recorded in the problems and on the scenario. After a
 * YAML syntax error only the syntax errors are reported, because the tree the parser recovers is
 * a guess and schema problems found in it would mislead.
 */
export function parseScenario({ source, file }: { source: string; file: string }): ScenarioParseResult {
  const { data, parsed, problems, locate } = parseYamlFile({ source, file, schema: scenarioSchema });
  const id = readId(parsed, (path) => locate(path));
  return data ? { scenario: { ...data, file }, id, problems } : { id, problems };
}

function readId(data: unknown, locate: (path: string[]) => SourcePosition | undefined): ScenarioParseResult['id'] {
  if (typeof data !== 'object' || data === null || !('id' in data) || typeof data.id !== 'string') {
    return undefined;
  }
  return { value: data.id, ...locate(['id']) };
}
