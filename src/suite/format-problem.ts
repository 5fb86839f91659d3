import type { SuiteProblem } from '../error/suite-validation-error.js';

/**
 * Formats a problem as one line, `file:line:column: path: message`, leaving out the parts it lacks.
 * A problem in a file of several scenarios names its scenario after the location:
 * `orwell.json: scenario orwell-03: levels[0].reason: ...`.
 *
 * Editors and terminals turn the leading `file:line:column` into a link to the spot.
 *
 * @example
 * formatProblem({ file: 'suites/port.yaml', path: 'levels[2].intent', line: 14, column: 13, message: '...' });
 * // 'suites/port.yaml:14:13: levels[2].intent: ...'
 */
export function formatProblem(problem: SuiteProblem): string {
  let location = problem.file;
  if (problem.line !== undefined) {
    location += `:${problem.line}`;
    if (problem.column !== undefined) {
      location += `:${problem.column}`;
    }
  }

  const scenario = problem.scenarioId === undefined ? '' : `scenario ${problem.scenarioId}`;
  return [location, scenario, problem.path, problem.message].filter((part) => part !== '').join(': ');
}
