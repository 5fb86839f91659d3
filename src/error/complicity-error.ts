const marker = Symbol.for('complicity.error');

/**
 * Base class of every error Complicity throws on purpose.
 *
 * `isUserError` separates problems the user can fix (a bad flag, a missing key, an unreadable
 * file), which the CLI prints as one line and exits 2 on, from bugs, which keep their stack.
 */
export class ComplicityError extends Error {
  readonly [marker] = true;
  readonly isUserError: boolean;

  constructor({ name, message, isUserError = false, cause }: { name: string; message: string; isUserError?: boolean; cause?: unknown }) {
    super(message, { cause });
    this.name = name;
    this.isUserError = isUserError;
  }

  /** Checks by marker rather than `instanceof`, so errors from another copy of the package match too. */
  static isInstance(error: unknown): error is ComplicityError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
