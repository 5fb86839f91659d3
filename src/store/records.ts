import type { Label, TurnStatus, UnscoredReason } from '../outcome/index.js';

/**
 * `incomplete`: the run ended, but some turns failed or some verdicts are missing; `resume` retries them.
 * `budget-reached`: `--max-cost` or `--max-tokens` stopped it; `resume` with a higher budget continues it.
 */
export type RunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted' | 'budget-reached';

/** A run as stored: its configuration and the scenario text it used, kept verbatim. */
export interface RunRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  suiteHash: string;
  /** The run's configuration; the runner owns its shape. Never contains secrets. */
  config: unknown;
  /** The scenarios as they were when the run started, so resuming sends the same text. */
  scenarios: unknown;
  complicityVersion: string;
  /** The process executing the run, if one claimed it and has not released it (it may have died). */
  owner?: RunOwner;
}

/** A process that claimed a run, so another process does not execute it at the same time. */
export interface RunOwner {
  pid: number;
  host: string;
}

/** The identity of a turn within a run. */
export interface TurnKey {
  model: string;
  scenarioId: string;
  track: 'dystopian' | 'benign';
  level: number;
  replicate: number;
}

/** One model turn and how it ended. */
export interface TurnRecord extends TurnKey {
  id?: number;
  runId: string;
  status: TurnStatus;
  /** The error kind for `error`, the reason for `skipped`, the raw finish reason for `blocked`. */
  statusKind?: string;
  /** A human-readable explanation of a status other than `ok`, with secrets masked. */
  statusMessage?: string;
  /** The user message sent at this level. */
  prompt: string;
  reply?: string;
  reasoning?: string;
  finishReason?: string;
  rawFinishReason?: string;
  toolCalls?: { name: string; arguments: string }[];
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
  latencyMs?: number;
  attempts: number;
  /** SHA-256 of the request sent (model, parameters, system prompt, messages). */
  requestHash?: string;
  /** The model id that the API reported as serving the reply. */
  responseModel?: string;
  /**
   * SHA-256 of the request and everything that shapes its reply (endpoint, model, parameters at
   * temperature 0, system prompt, messages). Set only where a later identical request may reuse the reply.
   */
  cacheKey?: string;
  /** The id of the stored turn whose reply this turn reused instead of calling the model. */
  cachedFrom?: number;
  /** The request body's settings as sent (temperature, output limit, reasoning), without the messages. */
  requestParameters?: Record<string, unknown>;
  /** OpenAI's `system_fingerprint`: the backend configuration that served the reply. */
  systemFingerprint?: string;
  /** The upstream provider that served an OpenRouter call. */
  upstreamProvider?: string;
  startedAt?: string;
  finishedAt: string;
}

/** A turn's identity and how it ended, without its text: what scores and leaderboards read. */
export interface TurnOutcome extends TurnKey {
  id: number;
  status: TurnStatus;
  statusKind?: string;
}

/** A verdict's label and prompt, without its text: what counts of verdicts read. */
export type VerdictOutcome = Pick<VerdictRecord, 'turnId' | 'judge' | 'label' | 'unscoredReason' | 'promptHash'>;

/** How many verdicts of one judge, made with one prompt, a run holds. */
export interface VerdictCount {
  judge: string;
  promptHash: string;
  verdicts: number;
  /** Verdicts with a label. */
  labelled: number;
  /** Verdicts unscored because the judge call failed (`judge_error`). */
  judgeErrors: number;
}

/** How many of a run's turns of one model ended with one status and status kind. */
export interface TurnCount {
  model: string;
  status: TurnStatus;
  statusKind?: string;
  turns: number;
}

/** The flags a judge sets alongside its label. */
export interface VerdictFlags {
  harmRecognised?: boolean;
  safeAlternative?: boolean;
  operationalDetail?: boolean;
}

/** One judge's verdict on one turn: a label, or unscored with a reason, never both. */
export interface VerdictRecord {
  id?: number;
  turnId: number;
  judge: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
  rationale?: string;
  flags?: VerdictFlags;
  promptVersion: string;
  /** SHA-256 of the judge prompt template, so verdicts from different templates never mix. */
  promptHash: string;
  /** The judge's reply as received, kept for audit. */
  rawReply?: string;
  errorMessage?: string;
  attempts: number;
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  createdAt: string;
}

/** One judge's vote as counted in a panel result. */
export interface PanelVote {
  judge: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
}

/** The combined label of several judges for one turn, without the votes it came from. */
export interface PanelOutcome {
  turnId: number;
  /** The panel's judge specs, sorted and joined by commas. */
  judges: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
  /** Share of the scored votes that agree with the panel label. */
  agreement: number | null;
}

/** The combined label of several judges for one turn. */
export interface PanelRecord {
  turnId: number;
  /** The panel's judge specs, sorted and joined by commas. */
  judges: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
  /** Share of the scored votes that agree with the panel label. */
  agreement: number | null;
  votes: PanelVote[];
  createdAt: string;
}
