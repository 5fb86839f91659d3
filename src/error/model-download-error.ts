import { ComplicityError } from './complicity-error.js';

/** Cause of a failed model download. */
export type ModelDownloadFailure = 'network' | 'http' | 'checksum' | 'file-system';

/**
 * A model file could not be downloaded or did not match its checksum. The message names the
 * URL, where the file belongs and the flag that points at a local copy instead.
 */
export class ModelDownloadError extends ComplicityError {
  readonly reason: ModelDownloadFailure;
  /** The URL the file was requested from. */
  readonly url: string;
  /** Destination of the file in the model cache. */
  readonly path: string;
  /** The HTTP status, for `http` failures. */
  readonly statusCode: number | undefined;

  constructor(options: { message: string; reason: ModelDownloadFailure; url: string; path: string; statusCode?: number; cause?: unknown }) {
    super({ name: 'ModelDownloadError', message: options.message, isUserError: true, cause: options.cause });
    this.reason = options.reason;
    this.url = options.url;
    this.path = options.path;
    this.statusCode = options.statusCode;
  }
}
