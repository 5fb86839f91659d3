import { ComplicityError } from './complicity-error.js';

/** A file could not be imported: unreadable, not the expected format, or a field is invalid. */
export class ImportError extends ComplicityError {
  /** The file being imported. */
  readonly file: string;
  /** Field path of the problem inside the file, such as `results[12].response`; empty for the whole file. */
  readonly field: string;

  constructor({ file, field = '', message, cause }: { file: string; field?: string; message: string; cause?: unknown }) {
    super({ name: 'ImportError', message: `Cannot import ${file}: ${field ? `${field}: ` : ''}${message}`, isUserError: true, cause });
    this.file = file;
    this.field = field;
  }
}
