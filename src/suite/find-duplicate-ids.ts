import type { SuiteProblem } from '../error/suite-validation-error.js';
import type { SourcePosition } from '../yaml-file/index.js';

/** A scenario id, with the file and position it was read from. */
export interface IdDeclaration extends Partial<SourcePosition> {
  id: string;
  file: string;
}

/**
 * Reports every file whose id another file also declares.
 *
 * Each file of a clash gets its own problem that names the other files, so the clash is listed
 * under every file involved.
 */
export function findDuplicateIds(declarations: IdDeclaration[]): SuiteProblem[] {
  const filesById = new Map<string, string[]>();
  for (const { id, file } of declarations) {
    filesById.set(id, [...(filesById.get(id) ?? []), file]);
  }

  const problems: SuiteProblem[] = [];
  for (const { id, file, line, column } of declarations) {
    const others = (filesById.get(id) ?? []).filter((other) => other !== file);
    if (others.length > 0) {
      problems.push({
        file,
        path: 'id',
        line,
        column,
        message: `id "${id}" is also used by ${others.join(', ')}; give each scenario a unique id`,
      });
    }
  }
  return problems;
}
