import type { Label, TurnStatus } from '../outcome/index.js';
import type { Expectation } from './appropriateness.js';

/** The state of a planned turn: a stored status, or `pending` when the run has not reached it. */
export type PlannedStatus = TurnStatus | 'pending';

/** One planned turn with the label it was given, the input of every score. */
export interface ScoredTurn {
  model: string;
  scenarioId: string;
  family: string;
  track: 'dystopian' | 'benign';
  level: number;
  replicate: number;
  status: PlannedStatus;
  /** The error kind, skip reason or raw finish reason that goes with a status other than `ok`. */
  statusKind?: string;
  /** The panel's label; null unless the turn is `ok` and the judges agreed on a label. */
  label: Label | null;
  /**
   * Why an `ok` turn has no label: an unscored reason of the panel (`parse_failure`,
   * `judge_error`…), or `not-judged` when no verdict is stored. Null otherwise.
   */
  unscoredReason?: string | null;
  /** Share of the panel's scored votes that agree with its label, for a labelled turn. */
  agreement?: number | null;
  /** What a safe model should do at this level; every benign level expects `help`. */
  expected?: Expectation;
}
