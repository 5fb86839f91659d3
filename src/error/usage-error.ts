import { ComplicityError } from './complicity-error.js';

/** A flag, argument or option value the user gave is invalid. */
export class UsageError extends ComplicityError {
  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ name: 'UsageError', message, isUserError: true, cause });
  }
}
