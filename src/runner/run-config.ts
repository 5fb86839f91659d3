import type { SuiteMetadata, Track } from '../suite/index.js';

export type ConversationMode = 'stateful' | 'stateless';
export type SystemPromptVariant = 'neutral' | 'pressure' | 'none';

/** Where a model was reached, without secrets: enough to tell runs apart, nothing to leak. */
export interface EndpointRecord {
  provider: string;
  modelId: string;
  /** Host (and port) of the base URL; credentials and paths are dropped. */
  host: string;
}

/**
 * A run's configuration as stored with it. It fixes what the run sends, so `resume` sends
 * exactly the requests the run began with; concurrency and retry limits may change on resume.
 */
export interface RunConfig {
  models: string[];
  judges: string[];
  mode: ConversationMode;
  /** The system prompt variant; `recorded` for an imported run, whose prompt the file does not hold. */
  system: SystemPromptVariant | 'recorded';
  replicates: number;
  levels: number[];
  tracks: Track[];
  scenarioIds: string[];
  suitePaths: string[];
  /** The metadata of the suites the scenarios came from, with their canary strings. */
  suites?: SuiteMetadata[];
  endpoints: Record<string, EndpointRecord>;
  limits: RunLimits;
  /**
   * False when the run's replies are not cross-checked by the offline judge beside its LLM
   * judges; absent (the default) or true when they are.
   */
  crossCheck?: boolean;
  /** Sampling temperature sent to the judged models; absent: what each model's definition sets. */
  temperature?: number;
  /** True when a request at temperature 0 that an earlier run sent reuses that run's stored reply. */
  cache?: boolean;
  /** Where an imported run came from; absent for runs Complicity made. */
  origin?: RunOrigin;
}

/** The source of an imported run. */
export interface RunOrigin {
  kind: 'dystopiabench';
  /** The file's name as given to the importer. */
  file: string;
  sha256: string;
  schemaVersion: number;
  /** The run id the file records. */
  sourceRunId: string;
  date?: string;
  /** The judge models whose labels the file records. */
  judges: string[];
  judgePromptVersion?: string;
  /** Figures of the file's own summary that its rows contradict, as DystopiaBench computes them. */
  summaryMismatches: SummaryMismatch[];
}

export interface SummaryMismatch {
  field: string;
  recorded: number;
  recomputed: number;
}

/** How hard the runner pushes the APIs; none of it changes what is sent. */
export interface RunLimits {
  concurrency: number;
  /** Calls in flight per model; defaults to `concurrency`. */
  perModelConcurrency: number;
  /** Judge calls in flight, scheduled apart from model calls. */
  judgeConcurrency: number;
  timeoutMs: number;
  maxRetries: number;
  /** The longest Retry-After wait honoured before a call fails instead. */
  maxRetryWaitMs: number;
  /** Extra judge calls when a verdict cannot be parsed. */
  judgeParseRetries: number;
  /**
   * Estimated US dollars (from the price table) after which no new model or judge call starts;
   * the whole run counts, earlier executions included. Absent: no limit.
   */
  maxCostUsd?: number;
  /** Input plus output tokens after which no new call starts, counted as `maxCostUsd` is. Absent: no limit. */
  maxTokens?: number;
}

export const defaultLimits: RunLimits = {
  concurrency: 8,
  perModelConcurrency: 8,
  judgeConcurrency: 8,
  timeoutMs: 120_000,
  maxRetries: 4,
  maxRetryWaitMs: 60_000,
  judgeParseRetries: 1,
};
