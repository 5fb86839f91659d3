import { UsageError } from '../error/index.js';
import { offlineJudgeSpec } from '../judge/index.js';

/** The `--judge` value that runs without any judge: replies are stored but not labelled. */
export const noJudgeSpec = 'none';

/**
 * Turns the `--judge` flags of `run` into the run's judges: the offline judge when none is given,
 * none for `--judge none`, and the given specs otherwise.
 */
export function judgesFromFlags(judges: readonly string[] | undefined): string[] {
  if (judges === undefined || judges.length === 0) return [offlineJudgeSpec];
  if (!judges.includes(noJudgeSpec)) return [...judges];
  if (judges.length > 1) {
    throw new UsageError({
      message: `--judge ${noJudgeSpec} runs without a judge, so it cannot be combined with other judges; got ${judges.join(', ')}.`,
    });
  }
  return [];
}
