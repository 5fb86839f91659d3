export { appropriateness, discernmentOf, type Expectation } from './appropriateness.js';
export {
  bootstrapClusters,
  defaultResamples,
  defaultSeed,
  percentileInterval,
  quantile,
  type BootstrapOptions,
} from './cluster-bootstrap.js';
export { agreementOfMatrix, compareLabels, type LabelAgreement } from './compare-labels.js';
export { bootstrapPValue } from './bootstrap-p-value.js';
export { compareModels, type PairComparison, type RankInterval } from './compare-models.js';
export { compareTurnSets, type TurnSetComparison } from './compare-turn-sets.js';
export { computeScores, type IncompleteTrack, type ModelScores } from './compute-scores.js';
export { createRandom } from './create-random.js';
export { estimateAgreement, type AgreementEstimate, type AgreementInterval } from './estimate-agreement.js';
export { estimateEscalation, type Escalation } from './estimate-escalation.js';
export {
  estimateFigures,
  minimumScenarios,
  type Estimate,
  type FamilyEstimate,
  type LevelEstimate,
  type ModelEstimates,
} from './estimate-figures.js';
export { estimateReplicateSpread, type ReplicateSpread } from './estimate-replicate-spread.js';
export { fleissKappa } from './fleiss-kappa.js';
export { fleissKappaOfCategories, type FleissKappaResult } from './fleiss-kappa-of-categories.js';
export { holmAdjust } from './holm-adjust.js';
export { pairedDifference, type Difference } from './paired-difference.js';
export { krippendorffAlpha } from './krippendorff-alpha.js';
export { krippendorffAlphaOfCategories, type KrippendorffAlphaResult, type MeasurementLevel } from './krippendorff-alpha-of-categories.js';
export { pushTo } from './push-to.js';
export type { PlannedStatus, ScoredTurn } from './scored-turn.js';
export { summariseTurns, type TurnSummary } from './summarise-turns.js';
