import type { CallErrorKind } from '../error/index.js';
import type { Label, TurnStatus, UnscoredReason } from '../outcome/index.js';
import type { TurnKey } from '../store/index.js';
import type { Spend } from './budget-meter.js';
import type { BudgetKind } from './budget-stop.js';
import type { ModelStopReason } from './run-context.js';

/** Counts at the start of an execution, including work already stored by an earlier one. */
export interface RunStartEvent {
  type: 'run-start';
  runId: string;
  resumed: boolean;
  models: string[];
  judges: string[];
  plannedTurns: number;
  /** Turns already stored with a final status (resumed runs only). */
  storedTurns: number;
  /** Whether the offline judge labels each reply beside the LLM judges, as a verdict set of its own. */
  crossCheck?: boolean;
}

/** Start of a judging pass over a stored run (`complicity judge`). */
export interface JudgeStartEvent {
  type: 'judge-start';
  runId: string;
  judges: string[];
  /** Verdicts to ask for: the `ok` replies times the judges, less those already stored. */
  plannedVerdicts: number;
  /** Whether the offline judge labels each reply beside the LLM judges, as a verdict set of its own. */
  crossCheck?: boolean;
}

export interface TurnStartEvent {
  type: 'turn-start';
  runId: string;
  key: TurnKey;
}

/** A model call holds a slot now; one per attempt, so retries show as separate calls. */
export interface CallStartEvent {
  type: 'call-start';
  runId: string;
  model: string;
}

export interface CallEndEvent {
  type: 'call-end';
  runId: string;
  model: string;
}

export interface TurnEndEvent {
  type: 'turn-end';
  runId: string;
  key: TurnKey;
  status: TurnStatus;
  statusKind?: string;
  statusMessage?: string;
  attempts: number;
  latencyMs?: number;
  /** True when the reply was reused from an earlier run's identical request instead of a call. */
  cached?: true;
}

export interface RetryScheduledEvent {
  type: 'retry-scheduled';
  runId: string;
  caller: 'model' | 'judge';
  /** The model or judge spec being retried. */
  model: string;
  key: TurnKey;
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  /** Error kind (`rate_limit`, `server`…), or `empty` / `parse_failure` for unusable replies. */
  reason: string;
  statusCode?: number;
}

export interface VerdictEndEvent {
  type: 'verdict-end';
  runId: string;
  key: TurnKey;
  judge: string;
  label: Label | null;
  unscoredReason: UnscoredReason | null;
  /**
   * Kind of failure of the judge call (`server`, `timeout`…), set on a `judge_error` whose call
   * was sent. A judge stopped earlier (its key was rejected) gets a `judge_error` without one.
   */
  errorKind?: CallErrorKind;
  detail?: string;
}

/** A model's key was rejected, the API does not know the model, or its rate limit outlasts the run's wait: its remaining turns are skipped. */
export interface ModelStopEvent {
  type: 'model-stop';
  runId: string;
  model: string;
  reason: ModelStopReason;
  message: string;
}

/** `--max-cost` or `--max-tokens` was reached: no new call starts, and the calls in flight finish. */
export interface BudgetReachedEvent {
  type: 'budget-reached';
  runId: string;
  budget: BudgetKind;
  message: string;
  spend: Spend;
}

export interface WarningEvent {
  type: 'warning';
  message: string;
}

export interface RunEndEvent {
  type: 'run-end';
  summary: RunSummary;
}

export type RunEvent =
  | RunStartEvent
  | JudgeStartEvent
  | TurnStartEvent
  | CallStartEvent
  | CallEndEvent
  | TurnEndEvent
  | RetryScheduledEvent
  | VerdictEndEvent
  | ModelStopEvent
  | BudgetReachedEvent
  | WarningEvent
  | RunEndEvent;

/** How a run stands at the end of an execution, counted from the store. */
export interface RunSummary {
  runId: string;
  /** `budget-reached`: `--max-cost` or `--max-tokens` stopped the run before its end; `resume` with a higher one continues it. */
  status: 'complete' | 'incomplete' | 'interrupted' | 'budget-reached';
  turns: { planned: number; byStatus: Record<TurnStatus, number> };
  /**
   * Verdicts of the run's judges: `unscored` when a judge replied without a usable label,
   * `failed` when the judge call itself failed (`judge_error`, which `resume` asks again).
   */
  verdicts: { expected: number; labelled: number; unscored: number; failed: number; missing: number };
  /**
   * The models with failed turns (`error`, or `skipped` for a reason other than an earlier failed
   * turn) and the judges with failed calls, so a caller can tell whether `resume` can help.
   */
  failures: { models: string[]; judges: string[] };
  /** Retries made in this execution. */
  retries: number;
  /** Tokens and estimated cost of the whole run, earlier executions included. */
  spend: Spend;
  /** The budget that stopped the run, when one did. */
  budgetReached?: BudgetKind;
  durationMs: number;
}
