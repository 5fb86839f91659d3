import { createHash } from 'node:crypto';
import type { Estimate, ModelEstimates, ModelScores } from '../../analysis/index.js';
import { effectiveRunStatus } from '../../runner/index.js';
import { complicityVersion } from '../../version.js';
import type { RunStatus } from '../../store/index.js';
import type { RunStats } from '../run-stats.js';
import type { ExportSource } from './read-export-turns.js';

/** Fields of Inspect's `GenerateConfig`, all of which its log schema requires, null when unset. */
const generateConfigFields = [
  'max_retries', 'timeout', 'max_connections', 'system_message', 'max_tokens', 'top_p', 'temperature', 'stop_seqs',
  'best_of', 'frequency_penalty', 'presence_penalty', 'logit_bias', 'seed', 'top_k', 'num_choices', 'logprobs',
  'top_logprobs', 'parallel_tool_calls', 'internal_tools', 'max_tool_output', 'cache_prompt', 'reasoning_effort',
  'reasoning_tokens', 'reasoning_summary', 'reasoning_history', 'response_schema', 'extra_body', 'batch',
]; // prettier-ignore

/** Fields of Inspect's `EvalConfig`, all required by its log schema, null when unset. */
const evalConfigFields = [
  'limit', 'sample_id', 'sample_shuffle', 'epochs', 'epochs_reducer', 'approval', 'fail_on_error', 'continue_on_fail',
  'retry_on_error', 'message_limit', 'token_limit', 'time_limit', 'working_limit', 'max_samples', 'max_tasks',
  'max_subprocesses', 'max_sandboxes', 'sandbox_cleanup', 'log_samples', 'log_realtime', 'log_images', 'log_buffer',
  'log_shared', 'score_display',
]; // prettier-ignore

/** Inspect's log statuses for ours: a run that ended incomplete or at a budget is an `error` there. */
const inspectStatusOf: Record<RunStatus, string> = {
  complete: 'success',
  running: 'started',
  interrupted: 'cancelled',
  incomplete: 'error',
  'budget-reached': 'error',
};

const figures = {
  discernment: 'discernment',
  mean_dcs: 'meanDcs',
  refusal_rate: 'refusalRate',
  over_refusal_rate: 'overRefusalRate',
} as const;

/**
 * Builds the parts of an Inspect evaluation log that come before its samples, for one model of a
 * run: the run's configuration as the eval spec, its figures as results, its usage as stats.
 */
export function inspectLogHeader({
  source,
  model,
  stats,
  samples,
}: {
  source: ExportSource;
  model: string;
  stats: RunStats;
  samples: number;
}): Record<string, unknown> {
  const { run, config } = source;
  const status = effectiveRunStatus(run);
  const generateConfig = {
    ...Object.fromEntries(generateConfigFields.map((field) => [field, null])),
    max_retries: config.limits.maxRetries ?? null,
    timeout: config.limits.timeoutMs === undefined ? null : Math.round(config.limits.timeoutMs / 1000),
    max_connections: config.limits.perModelConcurrency ?? null,
    temperature: config.temperature ?? null,
  };
  const usage = stats.usage.models.find((row) => row.spec === model);
  return {
    version: 2,
    status: inspectStatusOf[status],
    eval: {
      eval_set_id: null,
      eval_id: createHash('sha256').update(`${run.id}\u0000${model}`).digest('hex').slice(0, 22),
      run_id: run.id,
      created: run.createdAt,
      task: 'complicity',
      task_id: run.suiteHash,
      task_version: complicityVersion,
      task_file: null,
      task_display_name: null,
      task_registry_name: null,
      task_attribs: {},
      task_args: { mode: config.mode, system: config.system, levels: config.levels, tracks: config.tracks, judges: config.judges },
      task_args_passed: {},
      solver: 'complicity_conversation',
      solver_args: { mode: config.mode, system: config.system },
      tags: null,
      dataset: {
        name: (config.suites ?? []).map((suite) => `${suite.name}@${suite.version}`).join(', ') || null,
        location: null,
        samples,
        sample_ids: null,
        shuffled: false,
      },
      sandbox: null,
      model,
      model_generate_config: generateConfig,
      model_base_url: null,
      model_args: {},
      model_roles: null,
      config: { ...Object.fromEntries(evalConfigFields.map((field) => [field, null])), epochs: config.replicates },
      revision: null,
      packages: { complicity: run.complicityVersion },
      metadata: { complicity: { runStatus: status, config } },
      scorers: [
        { name: 'complicity_judge_panel', options: { judges: config.judges, tieRule: stats.tieRule }, metrics: null, metadata: null },
      ],
      metrics: null,
    },
    plan: {
      name: 'plan',
      steps: [{ solver: 'complicity_conversation', params: { mode: config.mode, system: config.system } }],
      finish: null,
      config: generateConfig,
    },
    results: inspectResults(stats, model),
    stats: {
      started_at: run.createdAt,
      completed_at: run.updatedAt,
      model_usage: usage
        ? {
            [model]: {
              input_tokens: usage.inputTokens,
              output_tokens: usage.outputTokens,
              total_tokens: usage.inputTokens + usage.outputTokens,
              input_tokens_cache_write: null,
              input_tokens_cache_read: usage.cachedInputTokens,
              reasoning_tokens: usage.reasoningTokens,
            },
          }
        : {},
    },
    error:
      status === 'complete' || status === 'running'
        ? null
        : {
            message: `The run ended with status ${status}. Each turn without a reply has its own status in its sample's metadata.`,
            traceback: '',
            traceback_ansi: '',
          },
  };
}

/** Converts the model's figures from `complicity stats` to Inspect metrics, each with its 95 % interval in the metadata. */
function inspectResults(stats: RunStats, model: string): Record<string, unknown> | null {
  const estimates = stats.estimates.find((entry) => entry.model === model);
  const counts = stats.models.find((entry) => entry.model === model);
  if (!estimates || !counts) return null;
  return {
    total_samples: counts.dystopian.planned + counts.benign.planned,
    completed_samples: counts.dystopian.attempted + counts.benign.attempted,
    scores: [
      {
        name: 'panel',
        scorer: 'complicity_judge_panel',
        reducer: null,
        scored_samples: counts.dystopian.scored + counts.benign.scored,
        unscored_samples: unscored(counts),
        params: { judges: stats.judges },
        metrics: metricsOf(estimates, stats),
        metadata: null,
      },
    ],
    metadata: { scenarios: estimates.scenarios, fewScenarios: estimates.fewScenarios },
  };
}

function unscored(counts: ModelScores): number {
  const planned = counts.dystopian.planned + counts.benign.planned;
  return planned - counts.dystopian.scored - counts.benign.scored;
}

/** Inspect metrics need a number, so a figure without one (nothing scored) is left out. */
function metricsOf(estimates: ModelEstimates, stats: RunStats): Record<string, unknown> {
  const metrics: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(figures)) {
    const estimate: Estimate = estimates[field];
    if (estimate.value === null) continue;
    metrics[name] = {
      name,
      value: estimate.value,
      params: {},
      metadata: {
        low: estimate.low,
        high: estimate.high,
        n: estimate.n,
        level: stats.bootstrap.level,
        resamples: stats.bootstrap.resamples,
      },
    };
  }
  return metrics;
}
