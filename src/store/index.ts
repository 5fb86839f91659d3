export { latestSchemaVersion, migrations, type Migration } from './migrations.js';
export type {
  PanelOutcome,
  PanelRecord,
  PanelVote,
  RunOwner,
  RunRecord,
  RunStatus,
  TurnCount,
  TurnKey,
  TurnOutcome,
  TurnRecord,
  VerdictCount,
  VerdictFlags,
  VerdictOutcome,
  VerdictRecord,
} from './records.js';
export { Store, type CacheSummaryRow, type UsageSumRow } from './store.js';
