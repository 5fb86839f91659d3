export { collectScoredTurns } from './collect-scored-turns.js';
export { computeRunStats, type RunStats } from './run-stats.js';
export { compareVerdictSets, type VerdictSetComparison } from './compare-verdict-sets.js';
export { panelReliability, type PanelReliability } from './panel-reliability.js';
export { compareRunModes, type ModeGap } from './compare-run-modes.js';
