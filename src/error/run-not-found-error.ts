import { ComplicityError } from './complicity-error.js';

/** A run id that the store does not contain. */
export class RunNotFoundError extends ComplicityError {
  readonly runId: string;

  constructor({ runId, storePath, knownRuns }: { runId: string; storePath: string; knownRuns: string[] }) {
    const hint =
      knownRuns.length > 0
        ? ` Runs in this store include ${knownRuns.slice(0, 5).join(', ')}; "complicity list runs" lists them all.`
        : ' This store has no runs yet.';
    super({ name: 'RunNotFoundError', message: `Run "${runId}" was not found in ${storePath}.${hint}`, isUserError: true });
    this.runId = runId;
  }
}
