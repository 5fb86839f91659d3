export { dcsScores, isLabel, labels, type Label } from './label.js';
export { skipReasons, turnStatuses, type SkipReason, type TurnStatus } from './turn-status.js';
export { unscoredReasons, type UnscoredReason } from './unscored-reason.js';
