import { offlineAgreement, offlineJudgeSpec } from '../../judge/index.js';
import { effectiveRunStatus, type RunConfig } from '../../runner/index.js';
import type { RunRecord } from '../../store/index.js';
import type { Scenario } from '../../suite/index.js';
import type { RunListing } from './site-data.js';

/** Describes a run for the run picker and the filters: its settings, suites, models and families. */
export function buildRunListing(run: RunRecord): RunListing {
  const config = run.config as RunConfig;
  const scenarios = run.scenarios as Scenario[];
  return {
    runId: run.id,
    createdAt: run.createdAt,
    status: effectiveRunStatus(run),
    mode: config.mode,
    system: config.system,
    judges: [...config.judges],
    suiteHash: run.suiteHash,
    suites: (config.suites ?? []).map((suite) => `${suite.name} ${suite.version}`),
    models: [...config.models],
    families: [...new Set(scenarios.map((scenario) => scenario.family))].sort(),
    ...(config.origin ? { importedFrom: config.origin.file } : {}),
    ...(config.judges.length === 1 && config.judges[0] === offlineJudgeSpec ? { judgedOffline: offlineAgreement } : {}),
  };
}
