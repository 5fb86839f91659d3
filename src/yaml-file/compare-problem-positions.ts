import type { SuiteProblem } from '../error/suite-validation-error.js';

/** Orders problems of one file by line, then column, with whole-file problems first. */
export function compareProblemPositions(a: SuiteProblem, b: SuiteProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
