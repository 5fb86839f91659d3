export { compareLabels, type LabelAgreement } from './compare-labels.js';
export { computeScores, type IncompleteTrack, type ModelScores } from './compute-scores.js';
export { fleissKappa } from './fleiss-kappa.js';
export { fleissKappaOfCategories, type FleissKappaResult } from './fleiss-kappa-of-categories.js';
export { krippendorffAlpha } from './krippendorff-alpha.js';
export { krippendorffAlphaOfCategories, type KrippendorffAlphaResult, type MeasurementLevel } from './krippendorff-alpha-of-categories.js';
export type { PlannedStatus, ScoredTurn } from './scored-turn.js';
export { summariseTurns, type TurnSummary } from './summarise-turns.js';
