import { labels, type Label } from '../../outcome/index.js';
import type { PenaltyChoice } from './choose-penalty.js';
import type { HeldOut, HeldOutFit } from './fit-held-out.js';
import { topLabelIndex } from './offline-model.js';

/** One fold: the group held out, its size, the penalty its fit chose, and how often that fit agreed on it. */
export interface FoldResult {
  heldOut: string;
  trainingReplies: number;
  testReplies: number;
  exactAgreement: number;
  penalty: PenaltyChoice;
}

/** Out-of-fold predictions for every reply, and a line per fold. */
export interface CrossValidation {
  /** The probabilities of the model that did not see the reply, in input order. */
  probabilities: Float64Array[];
  folds: FoldResult[];
}

/**
 * Cross-validates by group: for each group, in sorted order, calls `fitHeldOut` for the fit that
 * leaves it out, and collects that fit's predictions of the held-out replies. The fits may run in
 * parallel, and the result does not depend on the order in which they finish.
 *
 * @example
 * const byModel = await crossValidate({ truth, groups: models, groupBy: 'model', fitHeldOut: (heldOut) => run({ heldOut }) });
 */
export async function crossValidate({
  truth,
  groups,
  groupBy,
  fitHeldOut,
}: {
  /** The LLM judge's label of each reply. */
  truth: readonly Label[];
  /** The group of each reply: its model or its file, as `groupBy` names. */
  groups: readonly string[];
  groupBy: HeldOut['groupBy'];
  fitHeldOut: (heldOut: HeldOut) => Promise<HeldOutFit>;
}): Promise<CrossValidation> {
  const names = [...new Set(groups)].sort();
  const fits = await Promise.all(names.map((name) => fitHeldOut({ groupBy, name })));

  const probabilities: Float64Array[] = new Array(truth.length);
  const folds = fits.map((fit, index): FoldResult => {
    let agreed = 0;
    fit.testRows.forEach((row, position) => {
      probabilities[row] = fit.probabilities[position]!;
      if (labels[topLabelIndex(probabilities[row])] === truth[row]) agreed++;
    });
    return {
      heldOut: names[index]!,
      trainingReplies: fit.trainingReplies,
      testReplies: fit.testRows.length,
      exactAgreement: agreed / fit.testRows.length,
      penalty: fit.penalty,
    };
  });
  return { probabilities, folds };
}
