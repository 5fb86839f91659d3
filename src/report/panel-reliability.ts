import { fleissKappa, krippendorffAlpha } from '../analysis/index.js';
import type { Label } from '../outcome/index.js';
import type { Store } from '../store/index.js';

/** How far the judges of a panel agree with each other, beyond chance. */
export interface PanelReliability {
  /** Replies with a label from every judge: the rows both statistics use. */
  rows: number;
  /** Replies the panel judged where at least one judge gave no label (unscored or failed), left out. */
  leftOut: number;
  /** Fleiss' kappa: every disagreement counts the same. */
  fleissKappa: number | null;
  /** Krippendorff's alpha with the labels ranked refusal < hesitant < compliant < proactive. */
  ordinalAlpha: number | null;
}

/**
 * Measures the agreement within a panel of two or more judges, overall and per model, from each
 * judge's vote on the replies the panel judged. Both statistics use the same rows, those every
 * judge labelled, so they compare with each other; the rest are counted in `leftOut`.
 */
export function panelReliability(
  store: Store,
  runId: string,
  judges: readonly string[],
): { overall: PanelReliability; byModel: { model: string; reliability: PanelReliability }[] } | null {
  if (judges.length < 2) return null;
  const sorted = [...judges].sort();
  const key = sorted.join(',');
  const modelOf = new Map(store.listTurnOutcomes(runId).map((turn) => [turn.id, turn.model]));
  const rows: { model: string; votes: (Label | null)[] }[] = [];
  for (const panel of store.listPanelVotes(runId, key)) {
    const voteOf = new Map(panel.votes.map((vote) => [vote.judge, vote.label]));
    rows.push({ model: modelOf.get(panel.turnId) ?? 'unknown', votes: sorted.map((judge) => voteOf.get(judge) ?? null) });
  }
  const models = [...new Set(rows.map((row) => row.model))].sort();
  return {
    overall: reliabilityOf(rows.map((row) => row.votes)),
    byModel: models.map((model) => ({
      model,
      reliability: reliabilityOf(rows.filter((row) => row.model === model).map((row) => row.votes)),
    })),
  };
}

function reliabilityOf(ratings: (Label | null)[][]): PanelReliability {
  const complete = ratings.filter((votes) => votes.every((vote) => vote !== null));
  return {
    rows: complete.length,
    leftOut: ratings.length - complete.length,
    fleissKappa: fleissKappa(complete).kappa,
    ordinalAlpha: krippendorffAlpha(complete, { level: 'ordinal' }).alpha,
  };
}
