import { compareLabels, type LabelAgreement } from '../analysis/index.js';
import type { Label } from '../outcome/index.js';
import type { PanelRecord, Store, TurnRecord } from '../store/index.js';

/** How far another verdict set agrees with the one the figures use, overall and per model. */
export interface VerdictSetComparison {
  /** The judges of the other verdict set, sorted and joined by commas. */
  judges: string;
  overall: LabelAgreement;
  byModel: { model: string; agreement: LabelAgreement }[];
}

/**
 * Compares the labels of the panel `judges` with every other verdict set stored for the run,
 * over the replies both labelled.
 */
export function compareVerdictSets(store: Store, runId: string, judges: readonly string[]): VerdictSetComparison[] {
  const primaryKey = [...judges].sort().join(',');
  const modelOf = new Map(store.listTurns(runId).map((turn): [number, TurnRecord['model']] => [turn.id!, turn.model]));
  const bySet = new Map<string, Map<number, Label>>();
  for (const panel of store.listPanels(runId)) addLabel(bySet, panel);

  const primary = bySet.get(primaryKey);
  if (!primary) return [];
  const comparisons: VerdictSetComparison[] = [];
  for (const [key, labels] of bySet) {
    if (key === primaryKey) continue;
    const pairs: { model: string; pair: [Label, Label] }[] = [];
    for (const [turnId, label] of primary) {
      const other = labels.get(turnId);
      if (other !== undefined) pairs.push({ model: modelOf.get(turnId) ?? 'unknown', pair: [label, other] });
    }
    const models = [...new Set(pairs.map((entry) => entry.model))];
    comparisons.push({
      judges: key,
      overall: compareLabels(pairs.map((entry) => entry.pair)),
      byModel: models.map((model) => ({
        model,
        agreement: compareLabels(pairs.filter((entry) => entry.model === model).map((entry) => entry.pair)),
      })),
    });
  }
  return comparisons;
}

function addLabel(bySet: Map<string, Map<number, Label>>, panel: PanelRecord): void {
  if (panel.label === null) return;
  let labels = bySet.get(panel.judges);
  if (!labels) {
    labels = new Map();
    bySet.set(panel.judges, labels);
  }
  labels.set(panel.turnId, panel.label);
}
