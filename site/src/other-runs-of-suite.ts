import type { RunListing } from '../../src/report/site/site-data.js';
import { newestFirst, panelKey } from './run-text.js';

/** A run setting that two runs of one suite may differ in. */
export type RunSetting = 'mode' | 'system' | 'judges';

/** The reader of each setting from a run's listing. */
export const settingOf: Record<RunSetting, (run: RunListing) => string> = {
  mode: (run) => run.mode,
  system: (run) => run.system,
  judges: panelKey,
};

/** Another run of the current run's suite, and the one setting it is listed under. */
export interface OtherRun {
  setting: RunSetting;
  /** The other run's value of `setting`, which differs from the current run's. */
  value: string;
  run: RunListing;
}

/**
 * Lists the runs of the current run's suite (the same suite hash) that differ from it in one
 * setting, one run per setting value. Each is the newest run that keeps the current run's other
 * settings, or failing that the newest run with that value. Runs of other suites are left out,
 * because switching to them would change the scenarios and models too; the run picker lists them.
 */
export function otherRunsOfSuite(runs: readonly RunListing[], current: RunListing): OtherRun[] {
  const sameSuite = newestFirst(runs).filter((run) => run.suiteHash === current.suiteHash && run.runId !== current.runId);
  const found: OtherRun[] = [];
  for (const setting of Object.keys(settingOf) as RunSetting[]) {
    const others = (Object.keys(settingOf) as RunSetting[]).filter((other) => other !== setting);
    const keepsOthers = (run: RunListing) => others.every((other) => settingOf[other](run) === settingOf[other](current));
    const values = [...new Set(sameSuite.map(settingOf[setting]))].filter((value) => value !== settingOf[setting](current)).sort();
    for (const value of values) {
      const candidates = sameSuite.filter((run) => settingOf[setting](run) === value);
      found.push({ setting, value, run: candidates.find(keepsOthers) ?? candidates[0]! });
    }
  }
  return found;
}
