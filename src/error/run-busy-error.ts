import { ComplicityError } from './complicity-error.js';

/** Another live process is executing the run, and a second one would send every call twice. */
export class RunBusyError extends ComplicityError {
  readonly runId: string;
  readonly pid: number;
  readonly host: string;

  constructor({ runId, pid, host }: { runId: string; pid: number; host: string }) {
    super({
      name: 'RunBusyError',
      message: `Run ${runId} is being executed by process ${pid} on ${host}. Wait for it to end, or stop it, then try again.`,
      isUserError: true,
    });
    this.runId = runId;
    this.pid = pid;
    this.host = host;
  }
}
