import { estimateAgreement, type AgreementEstimate, type BootstrapOptions } from '../analysis/index.js';
import type { Label } from '../outcome/index.js';
import type { PanelOutcome, Store } from '../store/index.js';

/** How far another verdict set agrees with the one the figures use, overall and per model. */
export interface VerdictSetComparison {
  /** The judges of the other verdict set, sorted and joined by commas. */
  judges: string;
  overall: AgreementEstimate;
  byModel: { model: string; agreement: AgreementEstimate }[];
  /** Replies labelled by one of the two sets but not the other, left out of the comparison. */
  leftOut: number;
}

/**
 * Compares the labels of the panel `judges` with every other verdict set stored for the run,
 * over the replies both labelled, with intervals from resampling scenarios.
 */
export function compareVerdictSets(
  store: Store,
  runId: string,
  judges: readonly string[],
  options: BootstrapOptions = {},
): VerdictSetComparison[] {
  const primaryKey = [...judges].sort().join(',');
  const turnOf = new Map(store.listTurnOutcomes(runId).map((turn) => [turn.id, turn]));
  const bySet = new Map<string, Map<number, Label>>();
  for (const panel of store.listPanelOutcomes(runId)) addLabel(bySet, panel);

  const primary = bySet.get(primaryKey);
  if (!primary) return [];
  const comparisons: VerdictSetComparison[] = [];
  for (const [key, labels] of bySet) {
    if (key === primaryKey) continue;
    const pairs: { model: string; scenarioId: string; pair: [Label, Label] }[] = [];
    for (const [turnId, label] of primary) {
      const other = labels.get(turnId);
      const turn = turnOf.get(turnId);
      if (other !== undefined && turn) pairs.push({ model: turn.model, scenarioId: turn.scenarioId, pair: [label, other] });
    }
    const models = [...new Set(pairs.map((entry) => entry.model))];
    comparisons.push({
      judges: key,
      overall: estimateAgreement(groupByScenario(pairs), options),
      byModel: models.map((model) => ({
        model,
        agreement: estimateAgreement(groupByScenario(pairs.filter((entry) => entry.model === model)), options),
      })),
      leftOut: primary.size + labels.size - 2 * pairs.length,
    });
  }
  return comparisons;
}

function groupByScenario(pairs: readonly { scenarioId: string; pair: [Label, Label] }[]): Map<string, [Label, Label][]> {
  const grouped = new Map<string, [Label, Label][]>();
  for (const { scenarioId, pair } of pairs) {
    const group = grouped.get(scenarioId);
    if (group) group.push(pair);
    else grouped.set(scenarioId, [pair]);
  }
  return grouped;
}

function addLabel(bySet: Map<string, Map<number, Label>>, panel: PanelOutcome): void {
  if (panel.label === null) return;
  let labels = bySet.get(panel.judges);
  if (!labels) {
    labels = new Map();
    bySet.set(panel.judges, labels);
  }
  labels.set(panel.turnId, panel.label);
}
