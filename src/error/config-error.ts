import { ComplicityError } from './complicity-error.js';

/** The configuration file, a model spec or the environment cannot be used as given. */
export class ConfigError extends ComplicityError {
  /** The file the problem is in, when there is one. */
  readonly file: string | undefined;

  constructor({ message, file, cause }: { message: string; file?: string; cause?: unknown }) {
    super({ name: 'ConfigError', message, isUserError: true, cause });
    this.file = file;
  }
}
