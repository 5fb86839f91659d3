import { labels, type Label } from '../outcome/index.js';
import { bootstrapClusters, percentileInterval, sumVectors, type BootstrapOptions } from './cluster-bootstrap.js';
import { agreementOfCounts, agreementOfMatrix, type LabelAgreement } from './compare-labels.js';

export interface AgreementInterval {
  low: number | null;
  high: number | null;
}

/** Agreement of two verdict sets with 95 % intervals from resampling scenarios. */
export interface AgreementEstimate extends LabelAgreement {
  exactAgreementInterval: AgreementInterval;
  kappaInterval: AgreementInterval;
  weightedKappaInterval: AgreementInterval;
}

/**
 * Compares two verdict sets with intervals: each scenario's pairs form one confusion matrix, and
 * the bootstrap resamples scenarios, so replies of the same conversation stay together.
 */
export function estimateAgreement(
  pairsByScenario: ReadonlyMap<string, readonly (readonly [Label, Label])[]>,
  options: BootstrapOptions = {},
): AgreementEstimate {
  const width = labels.length * labels.length;
  const clusters = [...pairsByScenario.values()].map((pairs) => {
    const counts = new Float64Array(width);
    for (const [a, b] of pairs) counts[labels.indexOf(a) * labels.length + labels.indexOf(b)]!++;
    return counts;
  });
  const point = agreementOfMatrix(toMatrix(sumVectors(clusters, width)));
  const [exact, kappa, weighted] = bootstrapClusters({
    clusters,
    statistics: [
      (counts) => agreementOfCounts(counts).exactAgreement,
      (counts) => agreementOfCounts(counts).kappa,
      (counts) => agreementOfCounts(counts).weightedKappa,
    ],
    ...options,
  });
  const interval = (values: Float64Array, value: number | null): AgreementInterval => {
    const found = value === null ? null : percentileInterval(values);
    return { low: found?.low ?? null, high: found?.high ?? null };
  };
  return {
    ...point,
    exactAgreementInterval: interval(exact!, point.exactAgreement),
    kappaInterval: interval(kappa!, point.kappa),
    weightedKappaInterval: interval(weighted!, point.weightedKappa),
  };
}

function toMatrix(counts: Float64Array): Record<Label, Record<Label, number>> {
  return Object.fromEntries(
    labels.map((row, i) => [row, Object.fromEntries(labels.map((column, j) => [column, counts[i * labels.length + j]!]))]),
  ) as Record<Label, Record<Label, number>>;
}
