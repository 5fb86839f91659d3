import type { RunConfig } from '../../runner/index.js';
import type { RunRecord } from '../../store/index.js';
import type { RunConfiguration } from './site-data.js';

/**
 * Gathers a run's full configuration for its pages: suites with their canaries, where each model
 * was reached, the judges and the hashes of the judge prompt templates behind the run's own
 * verdicts, and the limits stored with the run. `promptHashes` is the store's
 * `listJudgePromptHashes` of the run.
 *
 * NOTE: a run stores its limits but not the sampling parameters of declared models (temperature,
 * top-p, output limit), so `parameters` cannot show them; the request hash of each turn covers them.
 */
export function buildRunConfiguration(run: RunRecord, promptHashes: readonly { judge: string; promptHash: string }[]): RunConfiguration {
  const config = run.config as RunConfig;
  const judges = new Set(config.judges);
  const runHashes = new Set(promptHashes.filter((entry) => judges.has(entry.judge)).map((entry) => entry.promptHash));
  return {
    suiteHash: run.suiteHash,
    suites: (config.suites ?? []).map(({ name, version, canary }) => ({ name, version, canary })),
    models: config.models.map((spec) => {
      const endpoint = config.endpoints[spec];
      return endpoint ? { spec, provider: endpoint.provider, modelId: endpoint.modelId, host: endpoint.host } : { spec };
    }),
    judges: [...config.judges],
    judgePromptHashes: [...runHashes].sort(),
    mode: config.mode,
    system: config.system,
    levels: [...config.levels],
    tracks: [...config.tracks],
    replicates: config.replicates,
    parameters: { ...config.limits },
    complicityVersion: run.complicityVersion,
  };
}
