import type { Judge, OfflineJudge } from '../judge/index.js';
import type { ChatModel } from '../provider/index.js';
import type { Store, TurnOutcome, VerdictOutcome } from '../store/index.js';
import type { BudgetMeter } from './budget-meter.js';
import type { CallScheduler } from './call-scheduler.js';
import type { RetryPolicy } from './retry-delay.js';
import type { RunConfig } from './run-config.js';
import type { RunEvent } from './run-event.js';

/**
 * Why a model (or judge) gets no more calls: its key was rejected, the API says the model does
 * not exist, or its rate limit resets later than the run would wait. Each fails every later call
 * the same way, so sending them would only cost.
 */
export interface ModelStop {
  reason: ModelStopReason;
  message: string;
  /** What the turn whose call stopped the model adds to its error message, such as the wait the server asked for. */
  detail?: string;
}

export type ModelStopReason = 'key-rejected' | 'model-stopped' | 'rate-limited';

/** The state one execution of a run shares between its conversations and judge calls. */
export interface RunContext {
  runId: string;
  store: Store;
  config: RunConfig;
  models: ReadonlyMap<string, ChatModel>;
  judges: ReadonlyMap<string, Judge>;
  /** Context windows of judges that declare one, in tokens. */
  judgeContextTokens: ReadonlyMap<string, number>;
  /** Identities of the models at temperature 0, whose replies may be reused. Other models are never cached. */
  cacheIdentities: ReadonlyMap<string, string>;
  modelScheduler: CallScheduler;
  judgeScheduler: CallScheduler;
  retryPolicy: RetryPolicy;
  /** Aborted on Ctrl-C or a fatal error; everything in flight stops. */
  signal: AbortSignal;
  emit: (event: RunEvent) => void;
  /** Outcomes of the turns stored before this execution, by `turnKeyString`. */
  storedTurns: ReadonlyMap<string, TurnOutcome>;
  /** Verdicts stored before this execution with the current judge prompt, by turn id and judge. */
  storedVerdicts: Map<number, Map<string, VerdictOutcome>>;
  /** Turn ids whose panel result for the current judges was stored before this execution; each is dropped once its turn is judged. */
  storedPanels: Set<number>;
  /** The offline judge that labels each reply beside the LLM judges, as a verdict set of its own; undefined when off. */
  crossCheckJudge: OfflineJudge | undefined;
  /** Turn ids whose cross-check verdict set was stored before this execution with the current offline weights; each is dropped once read. */
  storedCrossChecks: Set<number>;
  /** Aborts a model's calls in flight and marks it stopped. */
  stopModel: (model: string, stop: ModelStop) => void;
  /** Why a model was stopped, if it was. */
  stoppedModel: (model: string) => ModelStop | undefined;
  /** The signal that aborts one model's calls: the run's signal or the model's stop. */
  modelSignal: (model: string) => AbortSignal;
  /** Counts the tokens and cost of each call, and stops new calls once a budget is reached. */
  budget: BudgetMeter;
  /** Keeps a background task (a judge call) so the run waits for it before ending. */
  track: (task: Promise<void>) => void;
  /** Resolves once the judge calls tracked are few enough for another reply to join them. */
  waitForJudging: () => Promise<void>;
  countRetry: () => void;
}
