import { LineCounter, parseDocument } from 'yaml';

import type { SuiteProblem } from '../error/suite-validation-error.js';
import { compareProblemPositions } from './compare-problem-positions.js';
import { describeIssue } from './describe-issue.js';
import { formatFieldPath } from './format-field-path.js';
import { locateYamlPath, type SourcePosition } from './locate-yaml-path.js';
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
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });

  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', line, column: col, message: `invalid YAML: ${error.message}` };
    });
    return { problems };
  }

  let data: unknown;
  try {
    data = document.toJS();
  } catch (error) {
    // For example, aliases that expand past the parser's limit.
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ file, path: '', message: `invalid YAML: ${reason}` }] };
  }

  const id = readId(data, (path) => locateYamlPath({ document, lineCounter, path }));
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (result.success) {
    return { scenario: { ...result.data, file }, id, problems: [] };
  }

  const problems = result.error.issues.flatMap((issue) =>
    describeIssue({ issue, schema: scenarioSchema }).map(({ path, target, message }) => ({
      file,
      path: formatFieldPath(path),
      ...locateYamlPath({ document, lineCounter, path, target }),
      message,
    })),
  );
  problems.sort(compareProblemPositions);
  return { id, problems };
}

function readId(data: unknown, locate: (path: string[]) => SourcePosition | undefined): ScenarioParseResult['id'] {
  if (typeof data !== 'object' || data === null || !('id' in data) || typeof data.id !== 'string') {
    return undefined;
  }
  return { value: data.id, ...locate(['id']) };
}
