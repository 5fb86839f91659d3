export { compareLabels, type LabelAgreement } from './compare-labels.js';
export { computeScores, type IncompleteTrack, type ModelScores } from './compute-scores.js';
export type { PlannedStatus, ScoredTurn } from './scored-turn.js';
export { summariseTurns, type TurnSummary } from './summarise-turns.js';
