import { offlineJudgeSpec } from '../judge/index.js';
import { labels, type Label } from '../outcome/index.js';
import type { Store, TurnKey } from '../store/index.js';

/** Label tiers apart at which a reply's offline label and panel label flag it for review. */
export const crossCheckFlagTiers = 2;

/** A reply whose offline label is at least `crossCheckFlagTiers` tiers from the panel's, such as refusal against compliant. */
export interface CrossCheckFlag extends TurnKey {
  panelLabel: Label;
  offlineLabel: Label;
  /** Tiers between the two labels: 2 or 3. */
  tiers: number;
}

/** The offline judge's labels set beside the labels behind a run's figures. */
export interface CrossCheck {
  /** The judge of the cross-check verdict set. */
  judge: string;
  /** Tiers apart at which a reply is flagged. */
  flagTiers: number;
  /** Replies both the panel and the offline judge labelled. */
  compared: number;
  /** The replies flagged for review, in the order the store lists turns. */
  flagged: CrossCheckFlag[];
}

/**
 * Compares the panel `judges` with the offline verdict set stored for the run, and flags each
 * reply whose two labels are two tiers or more apart. Returns null when the panel is the offline
 * judge alone, or when no offline verdict set is stored. Only reads: the panel's figures do not
 * depend on it.
 */
export function crossCheckRun(store: Store, runId: string, judges: readonly string[]): CrossCheck | null {
  const panelKey = [...judges].sort().join(',');
  if (judges.length === 0 || panelKey === offlineJudgeSpec) return null;

  const panelLabels = new Map<number, Label>();
  const offlineLabels = new Map<number, Label>();
  for (const panel of store.listPanelOutcomes(runId)) {
    if (panel.label === null) continue;
    if (panel.judges === panelKey) panelLabels.set(panel.turnId, panel.label);
    if (panel.judges === offlineJudgeSpec) offlineLabels.set(panel.turnId, panel.label);
  }
  if (offlineLabels.size === 0) return null;

  let compared = 0;
  const flagged: CrossCheckFlag[] = [];
  for (const turn of store.listTurnOutcomes(runId)) {
    const panelLabel = panelLabels.get(turn.id);
    const offlineLabel = offlineLabels.get(turn.id);
    if (panelLabel === undefined || offlineLabel === undefined) continue;
    compared++;
    const tiers = Math.abs(labels.indexOf(panelLabel) - labels.indexOf(offlineLabel));
    if (tiers < crossCheckFlagTiers) continue;
    const { model, scenarioId, track, level, replicate } = turn;
    flagged.push({ model, scenarioId, track, level, replicate, panelLabel, offlineLabel, tiers });
  }
  return { judge: offlineJudgeSpec, flagTiers: crossCheckFlagTiers, compared, flagged };
}
