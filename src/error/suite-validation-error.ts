import { ComplicityError } from './complicity-error.js';

/** One problem found in a scenario file. */
export interface SuiteProblem {
  /** Path of the file, as given or found. */
  file: string;
  /**
   * Id of the scenario the problem is in, set where the file contains several scenarios (a
   * DystopiaBench module), because the field path alone does not tell them apart.
   */
  scenarioId?: string;
  /** Field path inside the file, such as `levels[2].intent`; empty for the whole file. */
  path: string;
  /** 1-based line of the offending node, when the YAML parser gives one. */
  line?: number;
  /** 1-based column of the offending node, when the YAML parser gives one. */
  column?: number;
  message: string;
}

/** Scenario files failed validation; `problems` lists every problem found, not only the first. */
export class SuiteValidationError extends ComplicityError {
  readonly problems: SuiteProblem[];

  constructor({
    problems,
    paths = [],
    cause,
  }: {
    problems: SuiteProblem[];
    /** The paths that were loaded, for the hint. */ paths?: string[];
    cause?: unknown;
  }) {
    const first = problems[0];
    const where = first ? `${first.file}${first.line ? `:${first.line}` : ''}` : 'the suite';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'})` : '';
    super({
      name: 'SuiteValidationError',
      message: `Invalid scenario file ${where}: ${first?.scenarioId ? `scenario ${first.scenarioId}: ` : ''}${first?.path ? `${first.path}: ` : ''}${first?.message ?? 'unknown problem'}${more}. Run "complicity validate${paths.map((path) => ` ${quoteArgument(path)}`).join('')}" to list them all.`,
      isUserError: true,
      cause,
    });
    this.problems = problems;
  }
}

/** Quotes a path for a shell command line when it needs it. */
function quoteArgument(path: string): string {
  return /^[\w./:@+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}
