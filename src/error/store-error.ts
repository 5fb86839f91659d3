import { ComplicityError } from './complicity-error.js';

/** The store cannot be opened, read or written as requested. */
export class StoreError extends ComplicityError {
  /** Path of the store file. */
  readonly path: string;

  constructor({ message, path, cause }: { message: string; path: string; cause?: unknown }) {
    super({ name: 'StoreError', message, isUserError: true, cause });
    this.path = path;
  }
}
