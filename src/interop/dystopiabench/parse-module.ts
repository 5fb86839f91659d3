import type { SuiteProblem } from '../../error/suite-validation-error.js';
import { describeModuleIssue } from './describe-module-issue.js';
import { moduleSchema, type DystopiaModule } from './module-schema.js';

/** A scenario id as written in a module, with its field path, for finding ids used twice. */
export interface ScenarioIdDeclaration {
  id: string;
  file: string;
  /** Field path of the id, such as `scenarios[2].id`. */
  path: string;
}

/** The outcome of parsing one module file. */
export interface ModuleParseResult {
  /** The module, present only when the file has no problems. */
  module?: DystopiaModule;
  /** Every scenario id that is a string, even in a file with other problems. */
  ids: ScenarioIdDeclaration[];
  problems: SuiteProblem[];
}

/**
 * Parses and validates the JSON source of one DystopiaBench module file.
 *
 * Reads nothing from disk: `file` is only recorded in the problems. A leading byte order mark is
 * ignored. Invalid JSON is one problem, with the line and column when the parser gives a position.
 */
export function parseModule({ source, file }: { source: string; file: string }): ModuleParseResult {
  const json = source.replace(/^\uFEFF/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ids: [], problems: [{ file, path: '', ...locateJsonError(json, reason), message: `invalid JSON: ${reason}` }] };
  }

  const ids = readScenarioIds(parsed, file);
  const result = moduleSchema.safeParse(parsed, { reportInput: true });
  if (result.success) {
    return { module: result.data, ids, problems: [] };
  }

  const problems = result.error.issues.map((issue) => ({ file, ...scenarioOf(issue.path, parsed), ...describeModuleIssue(issue) }));
  return { ids, problems };
}

/**
 * Names the scenario an issue is in, when its path leads into `scenarios[i]` of a module with
 * several scenarios and that scenario has a string id.
 */
function scenarioOf(path: readonly PropertyKey[], parsed: unknown): { scenarioId?: string } {
  const scenarios = typeof parsed === 'object' && parsed !== null ? (parsed as { scenarios?: unknown }).scenarios : undefined;
  if (path[0] !== 'scenarios' || typeof path[1] !== 'number' || !Array.isArray(scenarios) || scenarios.length < 2) return {};
  const scenario: unknown = scenarios[path[1]];
  const id: unknown = typeof scenario === 'object' && scenario !== null ? (scenario as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { scenarioId: id } : {};
}

function readScenarioIds(parsed: unknown, file: string): ScenarioIdDeclaration[] {
  const scenarios = typeof parsed === 'object' && parsed !== null ? (parsed as { scenarios?: unknown }).scenarios : undefined;
  if (!Array.isArray(scenarios)) {
    return [];
  }

  const ids: ScenarioIdDeclaration[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const id: unknown = typeof scenario === 'object' && scenario !== null ? (scenario as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      ids.push({ id, file, path: `scenarios[${index}].id` });
    }
  }
  return ids;
}

/**
 * Finds the line and column of a `JSON.parse` error from the character position in its message.
 * Node 20 writes `... in JSON at position 14`, and messages without a position get none.
 */
function locateJsonError(source: string, reason: string): { line?: number; column?: number } {
  const match = /at position (\d+)/.exec(reason);
  if (match === null) {
    return {};
  }

  const before = source.slice(0, Number(match[1]));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}
