import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

import type { SuiteProblem } from '../error/suite-validation-error.js';
import { compareProblemPositions } from './compare-problem-positions.js';
import { describeIssue } from './describe-issue.js';
import { findDeepNesting, maxYamlDepth } from './find-deep-nesting.js';
import { formatFieldPath } from './format-field-path.js';
import { locateYamlPath, type SourcePosition } from './locate-yaml-path.js';

/** The outcome of reading one YAML file against a schema. */
export interface YamlFileResult<T> {
  /** The validated value, present only when the file has no problems. */
  data?: T;
  /** The parsed value before validation, present when the YAML itself is valid. */
  parsed?: unknown;
  /** Every problem in the file, ordered by position, each with its field path and, where known, line and column. */
  problems: SuiteProblem[];
  /** Finds the line and column of a field path in the file. */
  locate: (path: PropertyKey[]) => SourcePosition | undefined;
}

/**
 * Parses YAML source and checks it against a zod schema, describing each problem in plain words
 * at its line in the file.
 *
 * Reads nothing from disk: `file` is only recorded in the problems. After a YAML syntax error
 * only the syntax errors are reported, because the tree the parser recovers is a guess and
 * schema problems found in it would mislead.
 */
export function parseYamlFile<T>({ source, file, schema }: { source: string; file: string; schema: z.ZodType<T> }): YamlFileResult<T> {
  const deepOffset = findDeepNesting(source);
  if (deepOffset !== undefined) {
    const message = `invalid YAML: collections are nested more than ${maxYamlDepth} levels deep`;
    return { problems: [{ file, path: '', ...positionOf(source, deepOffset), message }], locate: () => undefined };
  }

  const lineCounter = new LineCounter();
  // The package's default log level prints warnings to stderr, and core code never prints.
  const document = parseDocument(source, { lineCounter, prettyErrors: false, logLevel: 'error' });
  const locate = (path: PropertyKey[]) => locateYamlPath({ document, lineCounter, path });

  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', line, column: col, message: `invalid YAML: ${error.message}` };
    });
    return { problems, locate };
  }

  let parsed: unknown;
  try {
    parsed = document.toJS();
  } catch (error) {
    // For example, aliases that expand past the parser's limit.
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ file, path: '', message: `invalid YAML: ${reason}` }], locate };
  }

  const result = schema.safeParse(parsed, { reportInput: true });
  if (result.success) return { data: result.data, parsed, problems: [], locate };

  const problems = result.error.issues.flatMap((issue) =>
    describeIssue({ issue, schema }).map(({ path, target, message }) => ({
      file,
      path: formatFieldPath(path),
      ...locateYamlPath({ document, lineCounter, path, target }),
      message,
    })),
  );
  problems.sort(compareProblemPositions);
  return { parsed, problems, locate };
}

/** Converts a character offset into a 1-based line and column. */
function positionOf(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
