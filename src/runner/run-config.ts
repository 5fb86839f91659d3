import type { Track } from '../suite/index.js';

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
  system: SystemPromptVariant;
  replicates: number;
  levels: number[];
  tracks: Track[];
  scenarioIds: string[];
  suitePaths: string[];
  endpoints: Record<string, EndpointRecord>;
  limits: RunLimits;
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
