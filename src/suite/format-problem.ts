import type { SuiteProblem } from '../error/suite-validation-error.js';

/**
 * Formats a problem as one line, `file:line:column: path: message`, leaving out the parts it lacks.
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

  return [location, problem.path, problem.message].filter((part) => part !== '').join(': ');
}
