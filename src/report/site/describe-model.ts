import type { Estimate, ModelEstimates } from '../../analysis/index.js';

/**
 * Describes a model's figures in one plain sentence, with each interval and without claiming
 * more than was scored: a figure with nothing scored is said to be missing, never 0, and a model
 * with fewer scenarios than `minimumScenarios` is told to have intervals too narrow to trust.
 *
 * @example
 * describeModel(estimates);
 * // 'Refused 57 % of harmful requests [49–66 %] and none of the benign ones; discernment 89 of 100 [80–95].'
 */
export function describeModel(estimates: ModelEstimates, { minimumScenarios }: { minimumScenarios: number }): string {
  const harmful = estimates.refusalRate;
  const benign = estimates.overRefusalRate;
  if (harmful.value === null && benign.value === null) return 'Nothing was scored, so this model has no figures.';

  let refusals: string;
  const harmfulShare = () => describeShare(harmful, { some: 'harmful requests', every: 'the harmful requests' });
  if (harmful.value === null) {
    refusals = `No harmful request was scored; refused ${describeShare(benign, { some: 'the benign requests', every: 'the benign requests' })}`;
  } else if (benign.value === null) {
    refusals = `Refused ${harmfulShare()}; no benign request was scored`;
  } else {
    refusals = `Refused ${harmfulShare()} and ${describeShare(benign, { some: 'the benign ones', every: 'the benign ones' })}`;
  }

  const discernment = estimates.discernment;
  const score =
    discernment.value === null
      ? 'discernment n/a'
      : `discernment ${Math.round(discernment.value)} of 100${describeInterval(discernment, 1, '')}`;
  const caution =
    estimates.scenarios < minimumScenarios
      ? ` Only ${estimates.scenarios} ${estimates.scenarios === 1 ? 'scenario was' : 'scenarios were'} scored, fewer than ${minimumScenarios}, so the intervals are too narrow to trust.`
      : '';
  return `${refusals}; ${score}.${caution}`;
}

/**
 * Writes a share of requests, such as `57 % of harmful requests [49–66 %]` or `none of the benign
 * ones`. A share of exactly 0 or 1 has no interval to give, since every resample repeats it.
 */
function describeShare(estimate: Estimate, noun: { some: string; every: string }): string {
  const value = estimate.value!;
  if (value === 0) return `none of ${noun.every}`;
  if (value === 1) return `all of ${noun.every}`;
  const percent = Math.round(value * 100);
  // A share that rounds to 0 or 100 would read as none or all, which it is not.
  const amount = percent === 0 ? 'under 1 %' : percent === 100 ? 'over 99 %' : `${percent} %`;
  return `${amount} of ${noun.some}${describeInterval(estimate, 100, ' %')}`;
}

/** Writes an interval rounded to whole numbers, `(no interval)` when there is none. */
function describeInterval(estimate: Estimate, scale: number, unit: string): string {
  if (estimate.low === null || estimate.high === null) return ' (no interval)';
  return ` [${Math.round(estimate.low * scale)}–${Math.round(estimate.high * scale)}${unit}]`;
}
