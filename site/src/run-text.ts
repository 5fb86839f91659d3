import type { OfflineAgreement, RunListing } from '../../src/report/site/site-data.js';
import { fixed, formatTimestamp } from './format.js';

/** The suites of a run in words, `complicity-v1 1.0.0`, or its hash when the run names none. */
export function suitesOf(run: RunListing): string {
  const hash = run.suiteHash.slice(0, 12);
  return run.suites.length > 0 ? `${run.suites.join(', ')} (hash ${hash})` : `hash ${hash}`;
}

/** The judges of a run in words: `judge X`, `judges X, Y`, or the offline judge's agreement with an LLM judge. */
export function judgesOf(run: RunListing): string {
  if (run.judgedOffline) return offlineJudgingOf(run.judgedOffline);
  if (run.judges.length === 0) return 'no judge';
  return `${run.judges.length === 1 ? 'judge' : 'judges'} ${run.judges.join(', ')}`;
}

/** States that the offline judge alone labelled a run, with its measured agreement with an LLM judge. */
export function offlineJudgingOf(agreement: OfflineAgreement): string {
  const exact = `${fixed(agreement.exactAgreement * 100, 1)} %`;
  return `judged offline; agreement with an LLM judge: ${exact} exact, quadratic-weighted kappa ${fixed(agreement.quadraticKappa, 3)} (${agreement.evaluation})`;
}

/** The caption of every chart of a run: the run, its suite version and its judges. */
export function captionOf(run: RunListing): string {
  return `Complicity run ${run.runId} (${formatTimestamp(run.createdAt)}), ${run.mode}, system prompt ${run.system} · suite ${suitesOf(run)} · ${judgesOf(run)}.`;
}

/** A short name of a run for pickers: id, date and mode. */
export function runLabel(run: RunListing): string {
  return `${run.runId} · ${formatTimestamp(run.createdAt).slice(0, 10)} · ${run.mode}`;
}

/** The runs newest first. */
export function newestFirst(runs: readonly RunListing[]): RunListing[] {
  return [...runs].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.runId.localeCompare(b.runId));
}

/** The key of a run's panel of judges, for the judge filter. */
export function panelKey(run: RunListing): string {
  return run.judges.length === 0 ? 'no judge' : [...run.judges].sort().join(', ');
}
