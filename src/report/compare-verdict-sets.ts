import { estimateAgreement, pushTo, type AgreementEstimate, type BootstrapOptions } from '../analysis/index.js';
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
    // Label pairs by scenario, overall and per model, in the order the turns come.
    const overall = new Map<string, [Label, Label][]>();
    const byModel = new Map<string, Map<string, [Label, Label][]>>();
    let compared = 0;
    for (const [turnId, label] of primary) {
      const other = labels.get(turnId);
      const turn = turnOf.get(turnId);
      if (other === undefined || !turn) continue;
      const pair: [Label, Label] = [label, other];
      compared++;
      pushTo(overall, turn.scenarioId, pair);
      let scenarios = byModel.get(turn.model);
      if (!scenarios) {
        scenarios = new Map();
        byModel.set(turn.model, scenarios);
      }
      pushTo(scenarios, turn.scenarioId, pair);
    }
    comparisons.push({
      judges: key,
      overall: estimateAgreement(overall, options),
      byModel: [...byModel].map(([model, scenarios]) => ({ model, agreement: estimateAgreement(scenarios, options) })),
      leftOut: primary.size + labels.size - 2 * compared,
    });
  }
  return comparisons;
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
