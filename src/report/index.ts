export { collectScoredTurns } from './collect-scored-turns.js';
export { computeRunStats, type RunStats } from './run-stats.js';
export { crossCheckRun, crossCheckFlagTiers, type CrossCheck, type CrossCheckFlag } from './cross-check-run.js';
export { compareVerdictSets, type VerdictSetComparison } from './compare-verdict-sets.js';
export { panelReliability, type PanelReliability } from './panel-reliability.js';
export { compareRunModes, type ModeGap } from './compare-run-modes.js';
export { startSiteServer, siteServerHost, type ServedRequest, type SiteServer } from './site/serve-site.js';
export { writeSite, type SiteEvent, type SiteWriteResult, type WriteSiteOptions } from './site/write-site.js';
export type * from './site/site-data.js';
